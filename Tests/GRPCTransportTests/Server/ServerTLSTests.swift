import Foundation
import Testing
@testable import GRPCTransport
import TestSupport

/// TLS and mutual TLS with the shared test certificates, and IPv6.
@Suite struct ServerTLSTests {
    private func trustingCA(client: Bool = false) -> TLSConfiguration {
        TLSConfiguration(
            trustedRootCertificatesPath: ServerFixture.tlsFile("ca.pem"),
            clientCertificatePath: client ? ServerFixture.tlsFile("client.pem") : nil,
            clientKeyPath: client ? ServerFixture.tlsFile("client.key") : nil)
    }

    @Test("a client trusting the test CA calls over TLS")
    func tls() async throws {
        try await ServerFixture.withServer(tls: ServerFixture.serverTLS()) { server in
            #expect(server.url == "grpc+tls://127.0.0.1:\(server.port)")
            let client = try await HTTP2ClientTransport.connect(url: server.url, tls: trustingCA())
            defer { client.close() }
            #expect(try await client.unary(path: "/test.Test/Echo", request: Data(text: "secure")).message.text == "secure")
            let call = try await client.serverStreaming(path: "/test.Test/Stream", request: Data(text: "100:100000"))
            var total = 0
            while let message = try await call.receive() { total += message.count }
            #expect(total == 10_000_000)
            // localhost is in the certificate too.
            let byName = try await HTTP2ClientTransport.connect(url: "grpc+tls://localhost:\(server.port)", tls: trustingCA())
            defer { byName.close() }
            #expect(try await byName.unary(path: "/test.Test/Echo", request: Data(text: "named")).message.text == "named")
        }
    }

    @Test("a client trusting another CA refuses the server")
    func untrusted() async throws {
        try await ServerFixture.withServer(tls: ServerFixture.serverTLS()) { server in
            let error = await #expect(throws: GRPCStatus.self) {
                _ = try await HTTP2ClientTransport.connect(url: server.url, tls: TLSConfiguration(trustedRootCertificatesPath: ServerFixture.tlsFile("other-ca.pem")))
            }
            #expect(error?.code == .unavailable)
            // The server is unaffected.
            let client = try await HTTP2ClientTransport.connect(url: server.url, tls: trustingCA())
            defer { client.close() }
            #expect(try await client.unary(path: "/test.Test/Echo", request: Data(text: "still")).message.text == "still")
        }
    }

    @Test("mutual TLS: a client certificate is accepted, no certificate is refused")
    func mutualTLS() async throws {
        try await ServerFixture.withServer(tls: ServerFixture.serverTLS(mutual: true)) { server in
            let client = try await HTTP2ClientTransport.connect(url: server.url, tls: trustingCA(client: true))
            defer { client.close() }
            #expect(try await client.unary(path: "/test.Test/Echo", request: Data(text: "mutual")).message.text == "mutual")

            await #expect(throws: GRPCStatus.self) {
                // TLS 1.3 clients finish their side first; the refusal arrives before the
                // server's SETTINGS, so connecting (or at the latest the call) fails.
                let anonymous = try await HTTP2ClientTransport.connect(url: server.url, tls: trustingCA())
                defer { anonymous.close() }
                _ = try await anonymous.unary(path: "/test.Test/Echo", request: Data(text: "anonymous"))
            }
            #expect(try await client.unary(path: "/test.Test/Echo", request: Data(text: "again")).message.text == "again")
        }
    }

    @Test("a TLS client that never finishes the handshake is disconnected after the timeout")
    func handshakeTimeout() async throws {
        let configuration = GRPCServerConfiguration(handshakeTimeout: .milliseconds(300))
        try await ServerFixture.withServer(tls: ServerFixture.serverTLS(), configuration: configuration) { server in
            let socket = try RawSocket(port: server.port)
            try socket.write(Data([0x16, 0x03, 0x01]))  // the start of a ClientHello, then silence
            let started = ContinuousClock.now
            #expect(socket.readUntilClosed(timeout: .seconds(5)))
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(try await waitFor { server.core.activity.connections == 0 })
            let client = try await HTTP2ClientTransport.connect(url: server.url, tls: trustingCA())
            defer { client.close() }
            #expect(try await client.unary(path: "/test.Test/Echo", request: Data(text: "ok")).message.text == "ok")
        }
    }

    @Test("a plaintext client is refused by a TLS server, which keeps serving")
    func plaintextToTLS() async throws {
        try await ServerFixture.withServer(tls: ServerFixture.serverTLS()) { server in
            await #expect(throws: GRPCStatus.self) {
                _ = try await HTTP2ClientTransport.connect(url: "grpc://127.0.0.1:\(server.port)", configuration: .init(connectTimeout: .seconds(3)))
            }
            let client = try await HTTP2ClientTransport.connect(url: server.url, tls: trustingCA())
            defer { client.close() }
            #expect(try await client.unary(path: "/test.Test/Echo", request: Data(text: "ok")).message.text == "ok")
        }
    }

    @Test("bad TLS files are refused at start")
    func badFiles() async throws {
        let missing = TLSServerConfiguration(certificateChainPath: "/nonexistent.pem", privateKeyPath: ServerFixture.tlsFile("server.key"))
        let wrongKey = TLSServerConfiguration(certificateChainPath: ServerFixture.tlsFile("server.pem"), privateKeyPath: ServerFixture.tlsFile("client.key"))
        for configuration in [missing, wrongKey] {
            let error = await #expect(throws: GRPCStatus.self) {
                _ = try await GRPCServer.start(tls: configuration, handler: TestService.router())
            }
            #expect(error?.code == .invalidArgument)
        }
    }

    @Test("IPv6 loopback, plaintext")
    func ipv6() async throws {
        try await ServerFixture.withServer(host: "::1") { server in
            #expect(server.url == "grpc://[::1]:\(server.port)")
            let client = try await HTTP2ClientTransport.connect(url: server.url)
            defer { client.close() }
            #expect(try await client.unary(path: "/test.Test/Echo", request: Data(text: "v6")).message.text == "v6")
            let seen = try await client.unary(path: "/test.Test/Headers", request: Data()).message.text
            #expect(seen.contains("user-agent"))
        }
    }
}
