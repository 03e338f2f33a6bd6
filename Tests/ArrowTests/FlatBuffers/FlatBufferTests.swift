import Foundation
import Testing

@testable import Arrow

@Suite struct FlatBufferTests {
    /// Root offset 12 → table at 12; vtable at 4: size 8, table size 8, field 0 at +4, field 1 absent.
    static let minimal: [UInt8] = [
        12, 0, 0, 0,
        8, 0, 8, 0, 4, 0, 0, 0,
        8, 0, 0, 0,
        42, 0, 0, 0,
    ]

    /// The code of the `ArrowError` `body` throws; nil when it succeeds or throws anything else.
    func error(_ body: () throws -> Void) -> ArrowError.Code? {
        do {
            try body()
            return nil
        } catch {
            return (error as? ArrowError)?.code
        }
    }

    @Test("a valid table reads its field, defaults for absent ones")
    func valid() throws {
        let table = try FlatBuffer(bytes: Self.minimal).root()
        #expect(try table.scalar(0, default: Int32(0)) == 42)
        #expect(try table.scalar(1, default: Int32(7)) == 7)
        #expect(try table.scalar(30, default: Int16(3)) == 3, "ids past the vtable are absent")
        #expect(try table.string(1) == nil)
    }

    @Test("a buffer too short for the root offset is rejected")
    func tooShort() {
        #expect(error { _ = try FlatBuffer(bytes: [1, 0]).root() } == .invalidFlatbuffer)
        #expect(error { _ = try FlatBuffer(bytes: []).root() } == .invalidFlatbuffer)
    }

    @Test("a root offset past the end is rejected")
    func rootPastEnd() {
        var bytes = Self.minimal
        bytes[0] = 200
        #expect(error { _ = try FlatBuffer(bytes: bytes).root() } == .invalidFlatbuffer)
    }

    @Test("a vtable offset outside the buffer is rejected (both directions)")
    func vtableOutside() {
        var bytes = Self.minimal
        bytes[12] = 100  // vtable before the buffer start
        #expect(error { _ = try FlatBuffer(bytes: bytes).root() } == .invalidFlatbuffer)
        bytes.replaceSubrange(12..<16, with: [0xF0, 0xFF, 0xFF, 0xFF])  // -16: vtable after the end
        #expect(error { _ = try FlatBuffer(bytes: bytes).root() } == .invalidFlatbuffer)
    }

    @Test("odd, tiny or oversized vtable and table sizes are rejected")
    func vtableSizes() {
        for (index, value) in [(4, UInt8(7)), (4, 2), (4, 200), (6, 2), (6, 200)] {
            var bytes = Self.minimal
            bytes[index] = value
            #expect(error { _ = try FlatBuffer(bytes: bytes).root() } == .invalidFlatbuffer, "byte \(index) = \(value)")
        }
    }

    @Test("a field offset pointing past the table's buffer is rejected on read")
    func fieldPastEnd() throws {
        var bytes = Self.minimal
        bytes[8] = 250
        let table = try FlatBuffer(bytes: bytes).root()
        #expect(error { _ = try table.scalar(0, default: Int32(0)) } == .invalidFlatbuffer)
    }

    /// A table whose field 0 is an offset to a vector or string at the end of the buffer.
    static func withVector(length: UInt32, payload: [UInt8]) -> [UInt8] {
        var bytes = Self.minimal
        bytes[16] = 4  // field 0 (at 16) points to 20
        bytes += TestFB.le(length)
        bytes += payload
        return bytes
    }

    @Test("a vector longer than the buffer is rejected")
    func vectorLength() throws {
        let good = try FlatBuffer(bytes: Self.withVector(length: 2, payload: [1, 0, 0, 0, 2, 0, 0, 0])).root()
        let vector = try #require(try good.vector(0, elementSize: 4))
        #expect(vector.count == 2)
        #expect(try vector.scalar(1, as: Int32.self) == 2)
        let bad = try FlatBuffer(bytes: Self.withVector(length: 3, payload: [1, 0, 0, 0, 2, 0, 0, 0])).root()
        #expect(error { _ = try bad.vector(0, elementSize: 4) } == .invalidFlatbuffer)
        let huge = try FlatBuffer(bytes: Self.withVector(length: .max, payload: [])).root()
        #expect(error { _ = try huge.vector(0, elementSize: 24) } == .invalidFlatbuffer)
    }

    @Test("strings: length checked, UTF-8 validated")
    func strings() throws {
        let text = try FlatBuffer(bytes: Self.withVector(length: 3, payload: Array("abc".utf8))).root()
        #expect(try text.string(0) == "abc")
        let long = try FlatBuffer(bytes: Self.withVector(length: 4, payload: Array("abc".utf8))).root()
        #expect(error { _ = try long.string(0) } == .invalidFlatbuffer)
        let invalid = try FlatBuffer(bytes: Self.withVector(length: 2, payload: [0xC3, 0x28])).root()
        #expect(error { _ = try invalid.string(0) } == .invalidFlatbuffer)
    }

    @Test("a sub-table offset into garbage is rejected, not followed blindly")
    func subTable() throws {
        let table = try FlatBuffer(bytes: Self.withVector(length: 0xFFFF_FF00, payload: [])).root()
        #expect(error { _ = try table.table(0) } == .invalidFlatbuffer)
    }

    @Test("unknown Type union tags are unsupported, not a trap")
    func unknownTypeTag() {
        let header = TestMessages.schema([TestMessages.field("x", typeTag: 99)])
        var decoder = ArrowIPCMessageDecoder()
        #expect(error { _ = try decoder.decode(header: header, body: Data()) } == .unsupported)
    }

    @Test("every truncation and byte flip of a schema message gives a schema or an error")
    func truncationsAndFlips() {
        let header = [UInt8](TestMessages.schema([
            TestMessages.field("a", typeTag: 2, type: TestMessages.intType(32)),
            TestMessages.field("b", typeTag: 12, children: [TestMessages.field("i", typeTag: 5)]),
        ]))
        var outcomes = 0
        for length in 0..<header.count {
            var decoder = ArrowIPCMessageDecoder()
            _ = try? decoder.decode(header: Data(header.prefix(length)), body: Data())
            outcomes += 1
        }
        for index in header.indices {
            for value: UInt8 in [0, 0x7F, 0x80, 0xFF] {
                var mutated = header
                mutated[index] = value
                var decoder = ArrowIPCMessageDecoder()
                _ = try? decoder.decode(header: Data(mutated), body: Data())
                outcomes += 1
            }
        }
        #expect(outcomes == header.count * 5)
    }
}
