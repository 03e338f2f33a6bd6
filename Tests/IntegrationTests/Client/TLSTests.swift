import FlightSQL
import Foundation
import Testing
import TestSupport

/// TLS and mutual TLS through nginx in front of roapi: each success and each refusal.
@Suite struct TLSTests {
    static let tlsURL = "FLIGHTSQL_TEST_NGINX_TLS_URL"
    static let mtlsURL = "FLIGHTSQL_TEST_NGINX_MTLS_URL"

    func file(_ name: String) throws -> String {
        try TestEnvironment.require("FLIGHTSQL_TEST_TLS_DIR") + "/" + name
    }

    func count(url: String, tls: TLSOptions) async throws -> Int64? {
        let client = try await FlightSQLClient.connect(url: url, options: FlightClientOptions(tls: tls))
        defer { client.close() }
        let table = try await client.fetchAll(try await client.execute("SELECT count(*) AS n FROM trips"))
        return table.batches.first?.columns.first?.int64(at: 0)
    }

    @Test("a server signed by the trusted CA is accepted", .enabled(if: TestEnvironment.isAvailable(tlsURL)))
    func trusted() async throws {
        let url = try TestEnvironment.require(Self.tlsURL)
        #expect(try await count(url: url, tls: TLSOptions(rootCertificatesFile: try file("ca.pem"))) == 1000)
    }

    @Test("an IP address in the certificate's subjectAltName matches", .enabled(if: TestEnvironment.isAvailable(tlsURL)))
    func ipAddress() async throws {
        let url = try TestEnvironment.require(Self.tlsURL).replacingOccurrences(of: "localhost", with: "127.0.0.1")
        #expect(try await count(url: url, tls: TLSOptions(rootCertificatesFile: try file("ca.pem"))) == 1000)
    }

    @Test("an untrusted certificate is refused and the error says so", .enabled(if: TestEnvironment.isAvailable(tlsURL)))
    func untrusted() async throws {
        let url = try TestEnvironment.require(Self.tlsURL)
        for tls in [TLSOptions(rootCertificatesFile: try file("other-ca.pem")), TLSOptions()] {
            let error = try await #require(throws: FlightError.self) { _ = try await count(url: url, tls: tls) }
            #expect(error.code == .unavailable)
            #expect(error.message.contains("not trusted"))
        }
    }

    @Test("a host-name mismatch is refused", .enabled(if: TestEnvironment.isAvailable(tlsURL)))
    func hostMismatch() async throws {
        let url = try TestEnvironment.require(Self.tlsURL)
        let tls = TLSOptions(rootCertificatesFile: try file("ca.pem"), overrideHostname: "wrong.example")
        let error = try await #require(throws: FlightError.self) { _ = try await count(url: url, tls: tls) }
        #expect(error.message.contains("does not match"))
    }

    @Test("skip-verify accepts an untrusted server", .enabled(if: TestEnvironment.isAvailable(tlsURL)))
    func skipVerify() async throws {
        let url = try TestEnvironment.require(Self.tlsURL)
        #expect(try await count(url: url, tls: TLSOptions(rootCertificatesFile: try file("other-ca.pem"), skipVerify: true)) == 1000)
    }

    @Test("mutual TLS works with the client certificate", .enabled(if: TestEnvironment.isAvailable(mtlsURL)))
    func mutualTLS() async throws {
        let url = try TestEnvironment.require(Self.mtlsURL)
        let tls = TLSOptions(rootCertificatesFile: try file("ca.pem"), clientCertificateFile: try file("client.pem"), clientKeyFile: try file("client.key"))
        #expect(try await count(url: url, tls: tls) == 1000)
    }

    @Test("mutual TLS without a client certificate fails clearly", .enabled(if: TestEnvironment.isAvailable(mtlsURL)))
    func mutualTLSWithoutCertificate() async throws {
        let url = try TestEnvironment.require(Self.mtlsURL)
        let error = try await #require(throws: FlightError.self) {
            _ = try await count(url: url, tls: TLSOptions(rootCertificatesFile: try file("ca.pem")))
        }
        // nginx completes the handshake and answers the first request with HTTP 400.
        #expect(error.message.contains("400"))
    }

    @Test("a client certificate without its key is a configuration error")
    func certificateWithoutKey() async throws {
        let error = try await #require(throws: FlightError.self) {
            _ = try await FlightSQLClient.connect(url: "grpc+tls://localhost:1", options: FlightClientOptions(tls: TLSOptions(clientCertificateFile: "/nonexistent.pem")))
        }
        #expect(error.code == .invalidConfiguration)
    }
}
