import Foundation
@testable import GRPCTransport
import Testing
import TestSupport

/// Hand-made malformed HTTP/2 and gRPC responses from a raw server (`SpawnEvil`): every
/// one must end the call with a clear error, never a trap or a hang.
@Suite struct MalformedResponseTests {
    static let enabled = TestEnvironment.isAvailable(TestServers.plaintextVariable)

    @Test("malformed responses fail the call clearly", .enabled(if: enabled), arguments: [
        ("compressed", GRPCStatus.Code.internal, "compress"),
        ("huge-prefix", .resourceExhausted, "4294967295"),
        ("bad-flag", .internal, "compressed flag is 7"),
        ("bad-status", .internal, "invalid grpc-status"),
        ("truncated", .internal, "middle of a message"),
        ("html", .unknown, "text/html"),
        ("garbage", .unavailable, "protocol error"),
        ("close-mid-frame", .unavailable, "closed the connection"),
        ("rst", .internal, "RST_STREAM INTERNAL_ERROR"),
    ])
    func malformed(mode: String, code: GRPCStatus.Code, phrase: String) async throws {
        let parent = try await TestServers.plaintext()
        defer { parent.close() }
        let port = try await parent.unary(path: "/test.Test/SpawnEvil", request: Data(text: mode)).message.text
        let transport = try await HTTP2ClientTransport.connect(url: "grpc://127.0.0.1:\(port)", configuration: .init(reconnect: false))
        defer { transport.close() }
        let status = await expectStatus {
            _ = try await withTimeout(20) {
                try await transport.unary(path: "/test.Test/Echo", request: Data(text: "x"))
            }
        }
        #expect(status?.code == code, "\(mode): \(status.map { "\($0)" } ?? "no error")")
        #expect(status?.message.contains(phrase) == true, "\(mode): \(status.map { "\($0)" } ?? "no error")")
    }
}
