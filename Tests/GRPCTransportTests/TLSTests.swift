import Foundation
@testable import GRPCTransport
import Testing
import TestSupport

@Suite struct TLSTests {
    static let enabled = TestEnvironment.isAvailable(TestServers.tlsVariable) && TestEnvironment.isAvailable(TestServers.tlsDirectoryVariable)
    static let mtlsEnabled = TestEnvironment.isAvailable(TestServers.mtlsVariable) && TestEnvironment.isAvailable(TestServers.tlsDirectoryVariable)

    private func tlsURL() throws -> String { try TestEnvironment.require(TestServers.tlsVariable) }

    @Test("trusting the test CA: the call works (host name localhost)", .enabled(if: enabled))
    func trustedCA() async throws {
        let transport = try await HTTP2ClientTransport.connect(url: tlsURL(), tls: TestServers.trustingTestCA())
        defer { transport.close() }
        #expect(try await transport.unary(path: "/test.Test/Echo", request: Data(text: "tls")).message.text == "tls")
        let call = try await transport.serverStreaming(path: "/test.Test/Stream", request: Data(text: "64:65536"))
        var total = 0
        while let message = try await call.receive() { total += message.count }
        #expect(total == 64 * 65536)
    }

    @Test("trusted roots given as PEM data; IP address checked against the IP SAN", .enabled(if: enabled))
    func pemRootsAndIP() async throws {
        let target = try GRPCTarget(url: tlsURL())
        let pem = try Data(contentsOf: URL(fileURLWithPath: TestServers.tlsFile("ca.pem")))
        let transport = try await HTTP2ClientTransport.connect(
            to: GRPCTarget(host: "127.0.0.1", port: target.port, security: .tls), tls: TLSConfiguration(trustedRootCertificatesPEM: pem))
        defer { transport.close() }
        #expect(try await transport.unary(path: "/test.Test/Echo", request: Data(text: "ip")).message.text == "ip")
    }

    @Test("an unrelated CA refuses the server as untrusted", .enabled(if: enabled))
    func untrusted() async throws {
        let status = await expectStatus {
            _ = try await HTTP2ClientTransport.connect(url: tlsURL(), tls: TLSConfiguration(trustedRootCertificatesPath: TestServers.tlsFile("other-ca.pem")))
        }
        #expect(status?.code == .unavailable)
        #expect(status?.message.contains("not trusted") == true)
        // The system trust store does not know the test CA either.
        let system = await expectStatus { _ = try await HTTP2ClientTransport.connect(url: tlsURL()) }
        #expect(system?.message.contains("not trusted") == true)
    }

    @Test("a name the certificate does not carry is a host-name mismatch", .enabled(if: enabled))
    func hostMismatch() async throws {
        let target = try GRPCTarget(url: tlsURL())
        var tls = try TestServers.trustingTestCA()
        tls.serverNameOverride = "wrong.example"
        let status = await expectStatus {
            _ = try await HTTP2ClientTransport.connect(to: GRPCTarget(host: "127.0.0.1", port: target.port, security: .tls), tls: tls)
        }
        #expect(status?.code == .unavailable)
        #expect(status?.message.contains("does not match") == true)
        #expect(status?.message.contains("wrong.example") == true)
    }

    @Test("skip-verify accepts the server", .enabled(if: enabled))
    func skipVerify() async throws {
        let transport = try await HTTP2ClientTransport.connect(url: tlsURL(), tls: TLSConfiguration(verifyCertificate: false))
        defer { transport.close() }
        #expect(try await transport.unary(path: "/test.Test/Echo", request: Data(text: "skip")).message.text == "skip")
    }

    @Test("plaintext to a TLS server and TLS to a plaintext server fail clearly, without hanging", .enabled(if: enabled && TestEnvironment.isAvailable(TestServers.plaintextVariable)))
    func mismatchedSecurity() async throws {
        let tlsTarget = try GRPCTarget(url: tlsURL())
        let plainToTLS = await expectStatus {
            _ = try await withTimeout(20) {
                try await HTTP2ClientTransport.connect(to: GRPCTarget(host: "127.0.0.1", port: tlsTarget.port, security: .plaintext), configuration: .init(connectTimeout: .seconds(3)))
            }
        }
        #expect(plainToTLS?.code == .unavailable)
        #expect(plainToTLS?.message.contains("grpc+tls://") == true)
        let plainTarget = try GRPCTarget(url: TestEnvironment.require(TestServers.plaintextVariable))
        let tlsToPlain = await expectStatus {
            _ = try await withTimeout(20) {
                try await HTTP2ClientTransport.connect(
                    to: GRPCTarget(host: "127.0.0.1", port: plainTarget.port, security: .tls), tls: TestServers.trustingTestCA(),
                    configuration: .init(connectTimeout: .seconds(3)))
            }
        }
        #expect(tlsToPlain?.code == .unavailable)
        #expect(tlsToPlain?.message.contains("TLS") == true)
    }

    @Test("mutual TLS works with the client certificate", .enabled(if: mtlsEnabled))
    func mutualTLS() async throws {
        var tls = try TestServers.trustingTestCA()
        tls.clientCertificatePath = try TestServers.tlsFile("client.pem")
        tls.clientKeyPath = try TestServers.tlsFile("client.key")
        let transport = try await HTTP2ClientTransport.connect(url: TestEnvironment.require(TestServers.mtlsVariable), tls: tls)
        defer { transport.close() }
        #expect(try await transport.unary(path: "/test.Test/Echo", request: Data(text: "mtls")).message.text == "mtls")
        // The same identity given as PEM data.
        var pemTLS = try TestServers.trustingTestCA()
        pemTLS.clientCertificatePEM = try Data(contentsOf: URL(fileURLWithPath: TestServers.tlsFile("client.pem")))
        pemTLS.clientKeyPEM = try Data(contentsOf: URL(fileURLWithPath: TestServers.tlsFile("client.key")))
        #expect(!pemTLS.description.contains("PRIVATE KEY"))
        let second = try await HTTP2ClientTransport.connect(url: TestEnvironment.require(TestServers.mtlsVariable), tls: pemTLS)
        defer { second.close() }
        #expect(try await second.unary(path: "/test.Test/Echo", request: Data(text: "pem")).message.text == "pem")
    }

    @Test("mutual TLS without a client certificate is refused", .enabled(if: mtlsEnabled))
    func mutualTLSRefused() async throws {
        let status = await expectStatus {
            _ = try await withTimeout(20) {
                let transport = try await HTTP2ClientTransport.connect(url: TestEnvironment.require(TestServers.mtlsVariable), tls: TestServers.trustingTestCA())
                defer { transport.close() }
                // With TLS 1.3 the refusal can arrive after the handshake; a call must fail then.
                _ = try await transport.unary(path: "/test.Test/Echo", request: Data())
            }
        }
        #expect(status?.code == .unavailable)
        #expect(status?.message.contains("certificate") == true)
    }

    @Test("bad TLS material is a clear invalidArgument error")
    func badMaterial() async throws {
        let target = GRPCTarget(host: "127.0.0.1", port: 1, security: .tls)
        let missing = await expectStatus {
            _ = try await HTTP2ClientTransport.connect(to: target, tls: TLSConfiguration(trustedRootCertificatesPath: "/nonexistent/ca.pem"))
        }
        // TLS material is checked before connecting (nothing listens on port 1).
        #expect(missing?.code == .invalidArgument)
        #expect(missing?.message.contains("/nonexistent/ca.pem") == true)
        #expect(throws: GRPCStatus.self) { _ = try TLSSession(target: target, configuration: TLSConfiguration(trustedRootCertificatesPEM: Data("not a pem".utf8))) }
        #expect(throws: GRPCStatus.self) { _ = try TLSSession(target: target, configuration: TLSConfiguration(trustedRootCertificatesPath: "/nonexistent/ca.pem")) }
        let keyOnly = TLSConfiguration(clientKeyPEM: Data("x".utf8))
        #expect(throws: GRPCStatus.self) { _ = try TLSSession(target: target, configuration: keyOnly) }
    }
}
