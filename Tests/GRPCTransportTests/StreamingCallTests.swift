import Foundation
@testable import GRPCTransport
import Testing
import TestSupport

@Suite struct StreamingCallTests {
    static let enabled = TestEnvironment.isAvailable(TestServers.plaintextVariable)

    @Test("client streaming sends every message before half-close", .enabled(if: enabled))
    func clientStreaming() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let call = try await transport.makeStreamingCall(path: "/test.Test/Collect", metadata: GRPCMetadata(), options: .defaults)
        for index in 0..<20 {
            try await call.send(Data(repeating: UInt8(index), count: 1000 + index))
        }
        try await call.finishSending()
        let reply = try #require(try await call.receive())
        #expect(reply.text == "\(20 * 1000 + (0..<20).reduce(0, +)):20")
        #expect(try await call.receive() == nil)
    }

    @Test("client streaming of 64 MiB in 1 MiB messages respects the server's window", .enabled(if: enabled))
    func largeClientStream() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let call = try await transport.makeStreamingCall(path: "/test.Test/Collect", metadata: GRPCMetadata(), options: .defaults)
        let chunk = Data(repeating: 7, count: 1 << 20)
        for _ in 0..<64 { try await call.send(chunk) }
        try await call.finishSending()
        #expect(try await call.receive()?.text == "\(64 << 20):64")
    }

    @Test("bidirectional streaming echoes each message before the next is sent", .enabled(if: enabled))
    func bidi() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let call = try await transport.makeStreamingCall(path: "/test.Test/BidiEcho", metadata: GRPCMetadata(), options: .defaults)
        for index in 0..<25 {
            try await call.send(Data(text: "ping \(index)"))
            #expect(try await call.receive()?.text == "ping \(index)")
        }
        try await call.finishSending()
        #expect(try await call.receive() == nil)
        #expect(try await call.trailers().isEmpty)
    }

    @Test("100 concurrent calls share one connection", .enabled(if: enabled))
    func concurrentCalls() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for index in 0..<100 {
                group.addTask {
                    if index.isMultiple(of: 2) {
                        let response = try await transport.unary(path: "/test.Test/Echo", request: Data(text: "call \(index)"))
                        return (index, response.message.text == "call \(index)" ? 1 : 0)
                    }
                    let call = try await transport.serverStreaming(path: "/test.Test/Stream", request: Data(text: "20:10000"))
                    var count = 0
                    while let message = try await call.receive() { count += message.count == 10000 ? 1 : 0 }
                    return (index, count == 20 ? 1 : 0)
                }
            }
            var results: [Int: Int] = [:]
            for try await (index, ok) in group { results[index] = ok }
            return results
        }
        #expect(results.count == 100)
        #expect(results.values.allSatisfy { $0 == 1 })
    }

    @Test("status code and percent-decoded message from a Trailers-Only response", .enabled(if: enabled))
    func failStatus() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let message = "not found: café ✓ 100% \"quoted\"\ttab"
        var metadata = GRPCMetadata()
        metadata.add("x-echo-detail", "extra")
        let call = try await transport.serverStreaming(path: "/test.Test/Fail", request: Data(text: "5:\(message)"), metadata: metadata)
        // A Trailers-Only response: the headers are that single block.
        let headers = try await call.responseHeaders()
        #expect(headers.first("grpc-status") == "5")
        let status = await expectStatus { _ = try await call.receive() }
        #expect(status?.code == .notFound)
        #expect(status?.message == message)
        #expect(status?.metadata.first("x-echo-detail") == "extra")
        #expect(try await call.trailers().first("x-echo-detail") == "extra")

        let unary = await expectStatus { _ = try await transport.unary(path: "/test.Test/Fail", request: Data(text: "9:precondition")) }
        #expect(unary?.code == .failedPrecondition)
        #expect(unary?.message == "precondition")
        // A code this library has no name for is kept.
        let unknown = GRPCStatus.Code(rawValue: 42)
        #expect(unknown.description == "code(42)")
    }

    @Test("unknown method gives unimplemented", .enabled(if: enabled))
    func unimplemented() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let status = await expectStatus { _ = try await transport.unary(path: "/test.Test/NoSuchMethod", request: Data()) }
        #expect(status?.code == .unimplemented)
    }

    @Test("response headers and trailers carry echoed metadata, -bin values round trip", .enabled(if: enabled))
    func metadataRoundTrip() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        var metadata = GRPCMetadata()
        metadata.add("x-echo-text", "plain value")
        let binary = Data([0, 1, 2, 0xFE, 0xFF, 0x80, 0x3D])
        metadata.add("x-echo-data-bin", binary: binary)
        let response = try await transport.unary(path: "/test.Test/Echo", request: Data(text: "m"), metadata: metadata)
        #expect(response.headers.first("x-echo-text") == "plain value")
        #expect(response.headers.firstBinary("x-echo-data-bin") == binary)
        #expect(response.trailers.first("x-echo-text") == "plain value")
        #expect(response.trailers.firstBinary("x-echo-data-bin") == binary)
        #expect(response.trailers.first("grpc-status") == nil)
    }

    @Test("request headers: user-agent, grpc-timeout, custom and -bin metadata", .enabled(if: enabled))
    func requestHeaders() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        var metadata = GRPCMetadata()
        metadata.add("x-custom", "one")
        metadata.add("x-raw-bin", binary: Data([0xDE, 0xAD, 0xBE, 0xEF]))
        var options = GRPCCallOptions(timeout: .seconds(30))
        options.metadata.add("x-from-options", "two")
        let response = try await transport.unary(path: "/test.Test/Headers", request: Data(), metadata: metadata, options: options)
        let lines = Set(response.message.text.split(separator: "\n").map(String.init))
        #expect(lines.contains { $0.hasPrefix("user-agent: swift-flightsql/\(HTTP2ClientTransport.version)") })
        #expect(lines.contains("x-custom: one"))
        #expect(lines.contains("x-from-options: two"))
        #expect(lines.contains("x-raw-bin: hex:deadbeef"))
        // The server saw our grpc-timeout as its deadline.
        let remaining = lines.first { $0.hasPrefix("time-remaining: ") }.flatMap { Double($0.dropFirst(16)) }
        #expect(remaining.map { $0 > 25 && $0 <= 30 } == true)
    }

    @Test("invalid metadata is refused before anything is sent", .enabled(if: enabled))
    func invalidMetadata() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        var metadata = GRPCMetadata()
        metadata.add("authorization", "Bearer secret-token\n")
        let status = await expectStatus { _ = try await transport.unary(path: "/test.Test/Echo", request: Data(), metadata: metadata) }
        #expect(status?.code == .invalidArgument)
        #expect(status.map { !$0.description.contains("secret-token") } == true)
        var reserved = GRPCMetadata()
        reserved.add("content-type", "text/plain")
        #expect(await expectStatus { _ = try await transport.unary(path: "/test.Test/Echo", request: Data(), metadata: reserved) }?.code == .invalidArgument)
        #expect(await expectStatus { _ = try await transport.unary(path: "no-slash", request: Data()) }?.code == .invalidArgument)
    }
}
