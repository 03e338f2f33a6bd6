import Foundation
import Testing
import TestSupport

/// Every connection flag of `flightsql query`, end to end through the real binary against
/// the real servers: TLS (roots, skip-verify, host-name override), mutual TLS, bearer token,
/// Basic handshake, extra headers, deadlines, and the plain-text output formats.
@Suite struct CommandLineConnectionTests {
    static let tls = "FLIGHTSQL_TEST_NGINX_TLS_URL"
    static let mtls = "FLIGHTSQL_TEST_NGINX_MTLS_URL"
    static let auth = "FLIGHTSQL_TEST_ROAPI_AUTH_URL"
    static let bsdb = "FLIGHTSQL_TEST_BSDB_URL"

    func flightsql(_ arguments: [String]) async throws -> ProcessRunner.Output {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "FLIGHTSQL_URL")
        return try await ProcessRunner.run(ProcessRunner.flightsqlBinary, arguments, environment: env)
    }

    func tlsFile(_ name: String) throws -> String {
        try TestEnvironment.require("FLIGHTSQL_TEST_TLS_DIR") + "/" + name
    }

    /// `SELECT 1 AS one` as JSON lines, the answer every successful connection must give.
    let one = ["--format", "jsonl", "SELECT 1 AS one"]

    @Test("TLS: --tls-root-certs trusts the test CA; without it the server is untrusted; --tls-skip-verify connects anyway",
          .enabled(if: TestEnvironment.isAvailable(Self.tls)))
    func tlsRoots() async throws {
        let url = try TestEnvironment.require(Self.tls)
        let trusted = try await flightsql(["query", "--url", url, "--tls-root-certs", try tlsFile("ca.pem")] + one)
        #expect(trusted.status == 0, "\(trusted.stderr)")
        #expect(trusted.stdout == "{\"one\":1}\n")

        let untrusted = try await flightsql(["query", "--url", url] + one)
        #expect(untrusted.status == 1)
        #expect(untrusted.stderr.hasPrefix("flightsql: error: "))
        #expect(untrusted.stderr.lowercased().contains("certificate"), "\(untrusted.stderr)")

        let otherCA = try await flightsql(["query", "--url", url, "--tls-root-certs", try tlsFile("other-ca.pem")] + one)
        #expect(otherCA.status == 1)

        let skipped = try await flightsql(["query", "--url", url, "--tls-skip-verify"] + one)
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stdout == "{\"one\":1}\n")
    }

    @Test("TLS: --tls-override-hostname is what the certificate is checked against",
          .enabled(if: TestEnvironment.isAvailable(Self.tls)))
    func overrideHostname() async throws {
        // The certificate names localhost and 127.0.0.1: connect by address, verify another name.
        let url = try TestEnvironment.require(Self.tls).replacingOccurrences(of: "localhost", with: "127.0.0.1")
        let ca = try tlsFile("ca.pem")
        let matching = try await flightsql(["query", "--url", url, "--tls-root-certs", ca, "--tls-override-hostname", "localhost"] + one)
        #expect(matching.status == 0, "\(matching.stderr)")
        let mismatch = try await flightsql(["query", "--url", url, "--tls-root-certs", ca, "--tls-override-hostname", "db.example.com"] + one)
        #expect(mismatch.status == 1)
        #expect(mismatch.stderr.contains("db.example.com") || mismatch.stderr.lowercased().contains("host"), "\(mismatch.stderr)")
    }

    @Test("mutual TLS: --mtls-cert/--mtls-key are required by the mTLS endpoint",
          .enabled(if: TestEnvironment.isAvailable(Self.mtls)))
    func mutualTLS() async throws {
        let url = try TestEnvironment.require(Self.mtls)
        let ca = try tlsFile("ca.pem")
        let withCertificate = try await flightsql([
            "query", "--url", url, "--tls-root-certs", ca, "--mtls-cert", try tlsFile("client.pem"), "--mtls-key", try tlsFile("client.key"),
        ] + one)
        #expect(withCertificate.status == 0, "\(withCertificate.stderr)")
        #expect(withCertificate.stdout == "{\"one\":1}\n")
        let without = try await flightsql(["query", "--url", url, "--tls-root-certs", ca] + one)
        #expect(without.status == 1)
        #expect(without.stderr.split(separator: "\n").count == 1)
    }

    @Test("auth: --token, --username/--password and --header authorization=… each log in; a wrong token is refused without being printed",
          .enabled(if: TestEnvironment.isAvailable(Self.auth)))
    func authentication() async throws {
        let url = try TestEnvironment.require(Self.auth)
        let token = try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_TOKEN")
        let username = try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_USERNAME")
        let password = try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_PASSWORD")

        let anonymous = try await flightsql(["query", "--url", url] + one)
        #expect(anonymous.status == 1, "the auth server must refuse a call without credentials")

        let byToken = try await flightsql(["query", "--url", url, "--token", token] + one)
        #expect(byToken.status == 0, "\(byToken.stderr)")
        #expect(byToken.stdout == "{\"one\":1}\n")

        let byPassword = try await flightsql(["query", "--url", url, "--username", username, "--password", password] + one)
        #expect(byPassword.status == 0, "\(byPassword.stderr)")
        #expect(byPassword.stdout == "{\"one\":1}\n")

        // A custom header reaches the server: here it carries the credentials itself.
        let byHeader = try await flightsql(["query", "--url", url, "--header", "authorization=Bearer \(token)"] + one)
        #expect(byHeader.status == 0, "\(byHeader.stderr)")

        let wrong = try await flightsql(["query", "--url", url, "--token", "wrong-TOKEN-x1"] + one)
        #expect(wrong.status == 1)
        #expect(wrong.stderr.split(separator: "\n").count == 1)
        #expect(!wrong.stderr.contains("wrong-TOKEN-x1"))
        let wrongPassword = try await flightsql(["query", "--url", url, "--username", username, "--password", "bad-PASS-x2"] + one)
        #expect(wrongPassword.status == 1)
        #expect(!wrongPassword.stderr.contains("bad-PASS-x2"))
    }

    @Test("--timeout bounds the whole query: a 2-million-row fetch cannot finish in 50 ms",
          .enabled(if: TestEnvironment.isAvailable(Self.bsdb)))
    func timeout() async throws {
        let url = try TestEnvironment.require(Self.bsdb)
        let output = try await flightsql(["query", "--url", url, "--timeout", "0.05", "--format", "csv", "SELECT * FROM big"])
        #expect(output.status == 1)
        #expect(output.stderr.hasPrefix("flightsql: error: "))
        // The deadline may pass in any phase: the server's deadlineExceeded, or the client's
        // own timer ("timeout expired") when it fires first.
        let text = output.stderr.lowercased()
        #expect(text.contains("deadline") || text.contains("timeout"), "\(output.stderr)")
    }

    @Test("csv and table output from a real server", .enabled(if: TestEnvironment.isAvailable(Self.bsdb)))
    func textFormats() async throws {
        let url = try TestEnvironment.require(Self.bsdb)
        let sql = "SELECT id, value, label FROM big WHERE id < 3 ORDER BY id"
        let csv = try await flightsql(["query", "--url", url, "--format", "csv", sql])
        #expect(csv.status == 0, "\(csv.stderr)")
        // RFC 4180: CRLF line ends.
        #expect(csv.stdout == "id,value,label\r\n0,0.0,row-0\r\n1,0.5,row-1\r\n2,1.0,row-2\r\n")
        let table = try await flightsql(["query", "--url", url, "--format", "table", sql])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout == """
            +----+-------+-------+
            | id | value | label |
            +----+-------+-------+
            |  0 |   0.0 | row-0 |
            |  1 |   0.5 | row-1 |
            |  2 |   1.0 | row-2 |
            +----+-------+-------+
            (3 rows)

            """)
    }

    @Test("secrets in a URL or a malformed --header never reach stderr")
    func secretsInArguments() async throws {
        for url in ["grpc://127.0.0.1:1?token=URL-S3CRET", "grpc://user:URL-S3CRET@127.0.0.1:1"] {
            let output = try await flightsql(["query", "--url", url, "SELECT 1"])
            #expect(output.status != 0)
            #expect(output.stderr.hasPrefix("flightsql: error: "))
            #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
            #expect(!output.stderr.contains("URL-S3CRET"), "\(output.stderr)")
        }
        let header = try await flightsql(["query", "--url", "grpc://127.0.0.1:1", "--header", "authorization: Bearer HDR-S3CRET", "SELECT 1"])
        #expect(header.status == 2)
        #expect(header.stderr.split(separator: "\n").count == 1)
        #expect(!header.stderr.contains("HDR-S3CRET"), "\(header.stderr)")
    }
}
