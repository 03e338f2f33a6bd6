import Foundation
@testable import GRPCTransport
import Testing
import TestSupport

@Suite struct GoAwayAndLifetimeTests {
    static let enabled = TestEnvironment.isAvailable(TestServers.plaintextVariable)

    @Test("GOAWAY: in-flight calls finish, new calls fail with a message naming GOAWAY", .enabled(if: enabled))
    func goAway() async throws {
        let parent = try await TestServers.plaintext()
        defer { parent.close() }
        let port = try await parent.unary(path: "/test.Test/Spawn", request: Data()).message.text
        // No reconnection: this test is about the refusal on the draining connection.
        let transport = try await HTTP2ClientTransport.connect(url: "grpc://127.0.0.1:\(port)", configuration: .init(reconnect: false))
        defer { transport.close() }
        let inFlight = try await transport.serverStreaming(path: "/test.Test/Sleep", request: Data(text: "700"))
        _ = try await transport.unary(path: "/test.Test/Shutdown", request: Data(text: "3000"))
        // Wait until the GOAWAY has arrived: new calls are then refused locally. (Probing
        // with calls instead once failed: a call that reached the server while it was
        // already shutting down, before its GOAWAY reached us, is cancelled by the server.)
        let connection = transport.connection
        for _ in 0..<250 where !connection.isReplaceable {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(connection.isReplaceable)
        let refusal = await expectStatus { _ = try await transport.unary(path: "/test.Test/Echo", request: Data(text: "late")) }
        #expect(refusal?.code == .unavailable)
        #expect(refusal?.message.contains("GOAWAY") == true)
        // The call started before the GOAWAY completes within the grace period.
        let reply = try await withTimeout(10) { try await inFlight.receive() }
        #expect(reply?.text == "slept")
        #expect(try await inFlight.receive() == nil)
    }

    @Test("after a GOAWAY (maximum connection age) a new call reconnects; with reconnect off it fails", .enabled(if: enabled))
    func reconnectAfterGoAway() async throws {
        let parent = try await TestServers.plaintext()
        defer { parent.close() }
        let port = try await parent.unary(path: "/test.Test/Spawn", request: Data(text: "max-age=300")).message.text
        let transport = try await HTTP2ClientTransport.connect(url: "grpc://127.0.0.1:\(port)")
        defer { transport.close() }
        let first = transport.connection
        #expect(try await transport.unary(path: "/test.Test/Echo", request: Data(text: "one")).message.text == "one")
        // Wait for the server's GOAWAY on the old connection.
        for _ in 0..<100 where !first.isReplaceable {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(first.isReplaceable)
        #expect(try await transport.unary(path: "/test.Test/Echo", request: Data(text: "two")).message.text == "two")
        #expect(transport.connection !== first)

        let strict = try await HTTP2ClientTransport.connect(url: "grpc://127.0.0.1:\(port)", configuration: .init(reconnect: false))
        defer { strict.close() }
        let strictConnection = strict.connection
        for _ in 0..<100 where !strictConnection.isReplaceable {
            try await Task.sleep(for: .milliseconds(20))
        }
        let status = await expectStatus { _ = try await strict.unary(path: "/test.Test/Echo", request: Data(text: "three")) }
        #expect(status?.code == .unavailable)
        #expect(status?.message.contains("GOAWAY") == true)
    }

    @Test("a TLS server that does not select ALPN h2 is refused", .enabled(if: TestEnvironment.isAvailable(TestServers.tlsVariable) && TestEnvironment.isAvailable(TestServers.tlsDirectoryVariable)))
    func noALPN() async throws {
        let tls = try TestServers.trustingTestCA()
        let server = try await HTTP2ClientTransport.connect(url: TestEnvironment.require(TestServers.tlsVariable), tls: tls)
        defer { server.close() }
        let port = try await server.unary(path: "/test.Test/SpawnNoALPN", request: Data()).message.text
        let status = await expectStatus {
            _ = try await withTimeout(20) { try await HTTP2ClientTransport.connect(url: "grpc+tls://localhost:\(port)", tls: tls) }
        }
        #expect(status?.code == .unavailable)
        #expect(status?.message.contains("ALPN") == true)
    }

    @Test("dropping the transport and its calls closes the connection", .enabled(if: enabled))
    func droppedTransportCloses() async throws {
        var transport: HTTP2ClientTransport? = try await TestServers.plaintext()
        let connection = try #require(transport?.connection)
        var call: (any GRPCStreamingCall)? = try await transport?.serverStreaming(path: "/test.Test/Stream", request: Data(text: "3:10"))
        transport = nil
        // The call keeps the connection alive.
        #expect(try await call?.receive()?.count == 10)
        #expect(!connection.shared.withLock { $0.state.isClosed })
        call = nil
        var closed = false
        for _ in 0..<100 where !closed {
            try await Task.sleep(for: .milliseconds(20))
            closed = connection.shared.withLock { $0.state.isClosed }
        }
        #expect(closed)
    }
}
