import Foundation
import GRPCTransport
import Testing
import TestSupport

@Suite struct UnaryCallTests {
    @Test("unary Echo returns the request", .enabled(if: TestEnvironment.isAvailable(TestServers.plaintextVariable)))
    func echo() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let response = try await transport.unary(path: "/test.Test/Echo", request: Data(text: "hello"))
        #expect(response.message.text == "hello")
        #expect(response.headers.first("content-type")?.hasPrefix("application/grpc") == true)
        // Empty request and response messages are legal gRPC messages.
        let empty = try await transport.unary(path: "/test.Test/Echo", request: Data())
        #expect(empty.message.isEmpty)
    }

    @Test("server streaming delivers every message in order", .enabled(if: TestEnvironment.isAvailable(TestServers.plaintextVariable)))
    func serverStreaming() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let call = try await transport.serverStreaming(path: "/test.Test/Stream", request: Data(text: "50:1000"))
        var count = 0
        while let message = try await call.receive() {
            #expect(message.count == 1000)
            count += 1
        }
        #expect(count == 50)
        #expect(try await call.trailers().isEmpty)
    }
}
