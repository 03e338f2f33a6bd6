import Foundation
import Testing
@testable import GRPCTransport
import TestSupport

/// Keepalive pings against our own server, through a proxy that can play dead.
@Suite struct KeepaliveTests {
    private static let keepalive = HTTP2ClientTransport.Keepalive(interval: .milliseconds(500), timeout: .seconds(1))

    @Test("keepalive: an open call fails with unavailable soon after the server stops answering, and the next call reconnects")
    func deadConnectionFailsOpenCall() async throws {
        try await ServerFixture.withServer { server in
            let proxy = try FreezingProxy(upstreamPort: server.port)
            defer { proxy.close() }
            let client = try await HTTP2ClientTransport.connect(url: "grpc://127.0.0.1:\(proxy.port)", configuration: .init(keepalive: Self.keepalive))
            defer { client.close() }
            let call = try await client.makeStreamingCall(path: "/test.Test/BidiEcho", metadata: GRPCMetadata(), options: GRPCCallOptions())
            try await call.send(Data(text: "before"))
            #expect(try await call.receive()?.text == "before")

            proxy.freeze()
            let frozenAt = ContinuousClock.now
            let status = await expectStatus {
                // Without keepalive this would wait forever; the bound turns a hang into a failure.
                _ = try await withTimeout(30) { try await call.receive() }
            }
            let detected = ContinuousClock.now - frozenAt
            print("keepalive: dead connection detected after \(detected) (interval 0.5 s, timeout 1 s)")
            #expect(status?.code == .unavailable, "\(status.map { "\($0)" } ?? "no error")")
            #expect(status?.message.contains("keepalive ping not acknowledged within 1.0 seconds") == true, "\(status.map { "\($0)" } ?? "no error")")
            // A PING went out and was given its full timeout; the slack covers a loaded machine.
            #expect(detected >= .milliseconds(900))
            #expect(detected < .milliseconds(1500) + .seconds(8))

            // The dead connection is replaced for the next call (new proxy connections forward).
            let reply = try await withTimeout(30) { try await client.unary(path: "/test.Test/Echo", request: Data(text: "after")) }
            #expect(reply.message.text == "after")
        }
    }

    @Test("keepalive: pings on a healthy connection are answered and a quiet call lives on")
    func healthyConnectionSurvives() async throws {
        let quick = HTTP2ClientTransport.Keepalive(interval: .milliseconds(100), timeout: .seconds(5))
        try await ServerFixture.withServer { server in
            let client = try await HTTP2ClientTransport.connect(url: server.url, configuration: .init(keepalive: quick))
            defer { client.close() }
            let call = try await client.makeStreamingCall(path: "/test.Test/BidiEcho", metadata: GRPCMetadata(), options: GRPCCallOptions())
            // Quiet for many intervals: several PINGs go out and are acknowledged.
            try await Task.sleep(for: .milliseconds(1500))
            try await call.send(Data(text: "still here"))
            #expect(try await withTimeout(30) { try await call.receive() }?.text == "still here")
            try await call.finishSending()
            #expect(try await withTimeout(30) { try await call.receive() } == nil)
        }
    }

    @Test("keepalive settings must be positive")
    func invalidSettings() async throws {
        let error = await #expect(throws: GRPCStatus.self) {
            _ = try await HTTP2ClientTransport.connect(
                url: "grpc://127.0.0.1:1", configuration: .init(keepalive: .init(interval: .zero, timeout: .seconds(1))))
        }
        #expect(error?.code == .invalidArgument)
    }
}
