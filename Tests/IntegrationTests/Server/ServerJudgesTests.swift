#if canImport(Glibc)
import Glibc
#endif
import FlightSQLServer
import Foundation
import GRPCTransport
import Testing
import TestSupport

/// Third-party clients judge our server: every named check of `server_judges.py` must pass,
/// with and without TLS and authentication.
@Suite(.serialized) struct ServerJudgesTests {
    static let python = "FLIGHTSQL_TEST_PYTHON"

    func withServer(
        tls: TLSServerConfiguration? = nil, auth: FlightSQLServerAuth = .none,
        options: FlightSQLServerOptions = FlightSQLServerOptions(), _ body: (FlightSQLServer) async throws -> Void
    ) async throws {
        let backend = try await SQLiteBackend(path: ":memory:")
        let server = try await FlightSQLServer.start(backend: backend, tls: tls, auth: auth, options: options)
        do {
            try await body(server)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    func expectAllPassed(_ results: [ServerJudges.Result], checks: [String] = ServerJudges.allChecks) {
        for result in results where !result.ok {
            Issue.record("judge \(result.check) failed: \(result.detail)")
        }
        #expect(results.map(\.check) == checks)
    }

    @Test("ADBC, pyarrow.flight and flightsql-dbapi pass every check (plaintext)", .enabled(if: TestEnvironment.isAvailable(python)))
    func plaintext() async throws {
        try await withServer { server in
            expectAllPassed(try await ServerJudges.run(url: server.url))
        }
    }

    @Test("every check passes over TLS with username and password", .enabled(if: TestEnvironment.isAvailable(python) && TestEnvironment.isAvailable("FLIGHTSQL_TEST_TLS_DIR")))
    func tlsBasicAuth() async throws {
        let directory = try TestEnvironment.require("FLIGHTSQL_TEST_TLS_DIR")
        let tls = TLSServerConfiguration(certificateChainPath: directory + "/server.pem", privateKeyPath: directory + "/server.key")
        try await withServer(tls: tls, auth: .basic(username: "judge", password: "pa55-word")) { server in
            let results = try await ServerJudges.run(
                url: server.url, arguments: ["--username", "judge", "--password", "pa55-word", "--tls-root-certs", directory + "/ca.pem"])
            expectAllPassed(results)
        }
    }

    /// The command users run, not only the library: `flightsql serve` as a process, with
    /// its TLS, authentication and host flags, judged by every check. (Not `--endpoints`:
    /// flightsql-dbapi reads only a result's first endpoint; `endpoints()` covers them.)
    @Test("the flightsql serve command (TLS, username and password) passes every check", .enabled(if: TestEnvironment.isAvailable(python) && TestEnvironment.isAvailable("FLIGHTSQL_TEST_TLS_DIR")))
    func serveCommand() async throws {
        let directory = try TestEnvironment.require("FLIGHTSQL_TEST_TLS_DIR")
        let server = try ServerCommandTests.ServeProcess([
            "--host", "127.0.0.1", "--port", "0", "--tls-cert", directory + "/server.pem", "--tls-key", directory + "/server.key",
            "--username", "judge", "--password", "pa55-word",
        ])
        #expect(server.line.hasPrefix("listening on grpc+tls://127.0.0.1:"), "\(server.line)")
        guard server.line.hasPrefix("listening on ") else {
            _ = server.forceStop()
            return
        }
        let results: [ServerJudges.Result]
        do {
            results = try await ServerJudges.run(
                url: server.url, arguments: ["--username", "judge", "--password", "pa55-word", "--tls-root-certs", directory + "/ca.pem"])
        } catch {
            _ = server.forceStop()
            throw error
        }
        expectAllPassed(results)
        let (status, rest) = server.stop(SIGTERM)
        #expect(status == 0)
        #expect(!rest.contains("pa55-word"))
    }

    @Test("a bearer token works for every client; mutual TLS too", .enabled(if: TestEnvironment.isAvailable(python) && TestEnvironment.isAvailable("FLIGHTSQL_TEST_TLS_DIR")))
    func tokenMutualTLS() async throws {
        let directory = try TestEnvironment.require("FLIGHTSQL_TEST_TLS_DIR")
        let tls = TLSServerConfiguration(
            certificateChainPath: directory + "/server.pem", privateKeyPath: directory + "/server.key", clientCAPath: directory + "/ca.pem")
        let checks = ["adbc_query", "adbc_session_options", "pyarrow_flight_get_flight_info_do_get", "flightsql_dbapi_metadata"]
        try await withServer(tls: tls, auth: .token("tok-123")) { server in
            let results = try await ServerJudges.run(url: server.url, arguments: [
                "--token", "tok-123", "--tls-root-certs", directory + "/ca.pem",
                "--mtls-cert", directory + "/client.pem", "--mtls-key", directory + "/client.key",
            ] + checks.flatMap { ["--only", $0] })
            expectAllPassed(results, checks: checks)
        }
    }

    @Test("wrong credentials are refused with UNAUTHENTICATED", .enabled(if: TestEnvironment.isAvailable(python)))
    func refusals() async throws {
        try await withServer(auth: .basic(username: "judge", password: "right")) { server in
            let results = try await ServerJudges.run(url: server.url, arguments: ["--username", "judge", "--password", "wrong"])
            #expect(results.count == 1)
            #expect(results.first?.check == "setup")
            #expect(results.first?.ok == false)
            #expect(results.first?.detail.lowercased().contains("unauthenticated") == true)
        }
    }

    @Test("with several endpoints every client reads the whole result", .enabled(if: TestEnvironment.isAvailable(python)))
    func endpoints() async throws {
        let checks = ["adbc_query", "adbc_parameters", "pyarrow_flight_get_flight_info_do_get", "flightsql_dbapi_prepared"]
        try await withServer(options: FlightSQLServerOptions(endpoints: 3, batchSize: 1)) { server in
            expectAllPassed(try await ServerJudges.run(url: server.url, arguments: checks.flatMap { ["--only", $0] }), checks: checks)
        }
    }
}
