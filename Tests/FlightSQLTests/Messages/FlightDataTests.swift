import FlightSQL
import Foundation
import Protobuf
import TestSupport
import Testing

@Suite struct FlightDataTests {
    @Test("FlightData encodes fields 1, 2, 3 and 1000 in order")
    func byteExact() throws {
        let data = FlightData(
            flightDescriptor: .command(Data("c".utf8)), dataHeader: Data([0xAA, 0xBB]),
            appMetadata: Data("m".utf8), dataBody: Data([1, 2, 3]))
        // data_body's key: (1000 << 3) | 2 = 8002 = varint c2 3e.
        let expected = Data(hex: "0a 05 08 02 12 01 63 12 02 aa bb 1a 01 6d c2 3e 03 01 02 03")
        #expect(data.serializedProtobuf() == expected)
        #expect(try FlightData(protobuf: expected) == data)
    }

    @Test("serializedPrefix followed by the body is the whole encoding")
    func prefixAndBody() {
        let body = Data(repeating: 7, count: 300)
        let data = FlightData(dataHeader: Data([1]), dataBody: body)
        #expect(data.serializedPrefix() + body == data.serializedProtobuf())
        #expect(data.serializedPrefix() == Data(hex: "12 01 01 c2 3e ac 02"))
        #expect(data.serializedSize == data.serializedProtobuf().count)
        let noBody = FlightData(dataHeader: Data([1]))
        #expect(noBody.serializedPrefix() == noBody.serializedProtobuf())
    }

    @Test("decoding FlightData does not copy the header or body")
    func zeroCopy() throws {
        let body = Data((0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let header = Data(repeating: 0x42, count: 200)
        let encoded = FlightData(dataHeader: header, dataBody: body).serializedProtobuf()
        let decoded = try FlightData(protobuf: encoded)
        #expect(decoded.dataBody == body)
        #expect(decoded.dataHeader == header)
        encoded.withUnsafeBytes { input in
            decoded.dataBody.withUnsafeBytes { slice in
                let offset = decoded.dataBody.startIndex - encoded.startIndex
                #expect(slice.baseAddress == input.baseAddress! + offset)
            }
            decoded.dataHeader.withUnsafeBytes { slice in
                let offset = decoded.dataHeader.startIndex - encoded.startIndex
                #expect(slice.baseAddress == input.baseAddress! + offset)
            }
        }
    }

    @Test("FlightData skips unknown fields, wherever they are")
    func unknownFields() throws {
        let data = FlightData(dataHeader: Data([1]), dataBody: Data([2]))
        let encoded = data.serializedProtobuf()
        #expect(try FlightData(protobuf: unknownFieldsOfEveryWireType + encoded) == data)
        #expect(try FlightData(protobuf: encoded + unknownFieldsOfEveryWireType) == data)
    }

    @Test("a body cut short is reported against field 1000")
    func truncatedBody() {
        let encoded = FlightData(dataBody: Data(repeating: 1, count: 100)).serializedProtobuf()
        do {
            _ = try FlightData(protobuf: encoded.prefix(50))
            Issue.record("expected an error")
        } catch let error as ProtobufError {
            #expect(error.code == .truncated)
            #expect(error.message.hasPrefix("FlightData field 1000:"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("every prefix of a valid FlightData either decodes or throws, never traps")
    func allPrefixes() {
        let encoded = FlightData(
            flightDescriptor: .path(["p"]), dataHeader: Data([1, 2]), appMetadata: Data([3]), dataBody: Data([4, 5])
        ).serializedProtobuf()
        var failures = 0
        for length in 0..<encoded.count {
            if (try? FlightData(protobuf: encoded.prefix(length))) == nil { failures += 1 }
        }
        // Only the prefixes ending exactly between fields decode (0 and the field boundaries).
        #expect(failures == encoded.count - 4)
    }

    @Test("PutResult carries app_metadata in field 1")
    func putResult() throws {
        #expect(PutResult(appMetadata: Data([8])).serializedProtobuf() == Data(hex: "0a 01 08"))
        #expect(try PutResult(protobuf: Data(hex: "0a 01 08")).appMetadata == Data([8]))
    }
}
