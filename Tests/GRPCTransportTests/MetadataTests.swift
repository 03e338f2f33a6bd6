import Foundation
@testable import GRPCTransport
import Testing

@Suite struct MetadataTests {
    @Test("names are lower-cased, order and repeats kept")
    func ordering() {
        var metadata = GRPCMetadata()
        metadata.add("X-One", "1")
        metadata.add("x-two", "2")
        metadata.add("X-ONE", "3")
        #expect(metadata.map(\.name) == ["x-one", "x-two", "x-one"])
        #expect(metadata.values(for: "x-one") == [.string("1"), .string("3")])
        #expect(metadata.first("X-One") == "1")
        metadata.removeAll(named: "x-one")
        #expect(metadata.count == 1)
    }

    @Test("-bin values are sent as unpadded base64 and read padded or not")
    func binary() throws {
        var metadata = GRPCMetadata()
        metadata.add("x-data-bin", binary: Data([0xFF, 0x00, 0x01, 0x02]))
        metadata.add("x-text", "hello")
        let wire = try metadata.wireHeaders()
        #expect(wire.map(\.name) == ["x-data-bin", "x-text"])
        #expect(String(decoding: wire[0].value, as: UTF8.self) == "/wABAg")
        var received = GRPCMetadata()
        received.addFromWire(name: "a-bin", value: Array("/wABAg".utf8))
        received.addFromWire(name: "b-bin", value: Array("/wABAg==".utf8))
        received.addFromWire(name: "c-bin", value: Array("AQ".utf8))
        received.addFromWire(name: "d-bin", value: Array("!!!".utf8))
        #expect(received.firstBinary("a-bin") == Data([0xFF, 0x00, 0x01, 0x02]))
        #expect(received.firstBinary("b-bin") == Data([0xFF, 0x00, 0x01, 0x02]))
        #expect(received.firstBinary("c-bin") == Data([0x01]))
        // Not base64: kept as the raw bytes rather than failing the call.
        #expect(received.firstBinary("d-bin") == Data("!!!".utf8))
        #expect(GRPCMetadata.decodeBase64(Array("A".utf8)) == nil)
    }

    @Test("values that cannot be sent are refused")
    func invalid() {
        var badValue = GRPCMetadata()
        badValue.add("x-text", "line\nbreak")
        #expect(throws: GRPCStatus.self) { try badValue.wireHeaders() }
        var badName = GRPCMetadata()
        badName.add("x y", "v")
        #expect(throws: GRPCStatus.self) { try badName.wireHeaders() }
        var pseudo = GRPCMetadata()
        pseudo.add(":path", "/x")
        #expect(throws: GRPCStatus.self) { try pseudo.wireHeaders() }
        var reserved = GRPCMetadata()
        reserved.add("grpc-timeout", "1S")
        #expect(throws: GRPCStatus.self) { try reserved.wireHeaders() }
        var binaryWithoutSuffix = GRPCMetadata()
        binaryWithoutSuffix.add("x-raw", binary: Data([1]))
        #expect(throws: GRPCStatus.self) { try binaryWithoutSuffix.wireHeaders() }
    }

    @Test("secrets never appear in descriptions or errors")
    func redaction() {
        var metadata = GRPCMetadata()
        metadata.add("Authorization", "Bearer s3cret")
        metadata.add("cookie", "session=s3cret")
        metadata.add("set-cookie", "id=s3cret")
        metadata.add("proxy-authorization", "Basic s3cret")
        metadata.add("x-api-token", "s3cret")
        metadata.add("x-db-password", "s3cret")
        metadata.add("x-visible", "shown")
        let text = metadata.description
        #expect(!text.contains("s3cret"))
        #expect(text.contains("authorization: <redacted>"))
        #expect(text.contains("x-visible: shown"))
        let status = GRPCStatus(code: .unauthenticated, message: "denied", metadata: metadata)
        #expect(!status.description.contains("s3cret"))
        #expect(!"\(status)".contains("s3cret"))
        var invalid = GRPCMetadata()
        invalid.add("authorization", "Bearer s3cret\n")
        do {
            _ = try invalid.wireHeaders()
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("s3cret"))
            #expect(!error.message.contains("s3cret"))
        }
    }
}
