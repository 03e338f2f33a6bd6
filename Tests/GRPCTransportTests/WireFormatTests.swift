import Foundation
import Testing
@testable import GRPCTransport

@Suite struct WireFormatTests {
    @Test("grpc-message percent decoding")
    func percentDecoding() {
        #expect(GRPCWire.percentDecode(Array("hello%20world".utf8)) == "hello world")
        #expect(GRPCWire.percentDecode(Array("caf%C3%A9 %E2%9C%93".utf8)) == "café ✓")
        // Malformed escapes are kept literally, not dropped or trapped on.
        #expect(GRPCWire.percentDecode(Array("100%".utf8)) == "100%")
        #expect(GRPCWire.percentDecode(Array("%zz%4".utf8)) == "%zz%4")
        #expect(GRPCWire.percentEncode("50% café\n") == "50%25 caf%C3%A9%0A")
        #expect(GRPCWire.percentDecode(Array(GRPCWire.percentEncode("ü % ✓").utf8)) == "ü % ✓")
    }
}

@Suite struct TimeoutEncodingTests {
    @Test("grpc-timeout uses at most 8 digits and the finest unit that fits")
    func encode() {
        #expect(GRPCWire.encodeTimeout(.nanoseconds(1)) == "1n")
        #expect(GRPCWire.encodeTimeout(.milliseconds(250)) == "250000u")
        #expect(GRPCWire.encodeTimeout(.milliseconds(25)) == "25000000n")
        #expect(GRPCWire.encodeTimeout(.seconds(1)) == "1000000u")
        #expect(GRPCWire.encodeTimeout(.seconds(30)) == "30000000u")
        #expect(GRPCWire.encodeTimeout(.seconds(100)) == "100000m")
        #expect(GRPCWire.encodeTimeout(.seconds(200_000)) == "200000S")
        #expect(GRPCWire.encodeTimeout(.seconds(100_000_000 * 60)) == "1666667H")
        #expect(GRPCWire.encodeTimeout(.seconds(-5)) == "1n")
        #expect(GRPCWire.encodeTimeout(.zero) == "1n")
        // Never rounded down: the server must not give up before we do.
        #expect(GRPCWire.encodeTimeout(.nanoseconds(100_000_001)) == "100001u")
        #expect(GRPCWire.encodeTimeout(.nanoseconds(123_456_789_123)) == "123457m")
        for text in ["1n", "25000000n", "250000u", "30000000u", "100000m", "200000S", "1666667H"] {
            #expect(GRPCWire.decodeTimeout(text).map(GRPCWire.encodeTimeout).flatMap(GRPCWire.decodeTimeout) == GRPCWire.decodeTimeout(text))
        }
        #expect(GRPCWire.decodeTimeout("123456789S") == nil)
        #expect(GRPCWire.decodeTimeout("10x") == nil)
        #expect(GRPCWire.decodeTimeout("S") == nil)
    }
}
