import DBAPI
import FlightSQL
import Foundation
import Testing
import TestSupport

/// Error kinds from real servers, authentication and TLS through URL options, and that no
/// secret or SQL reaches an error.
@Suite struct DriverErrorTests {
    func kind(of body: () async throws -> Void) async -> DBAPIError? {
        do {
            try await body()
            return nil
        } catch let error as DBAPIError {
            return error
        } catch {
            Issue.record("not a DBAPIError: \(error)")
            return nil
        }
    }

    @Test("bad SQL and unknown tables: roapi reports INTERNAL, so internalError", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapi)))
    func roapiSQLErrors() async throws {
        let connection = try await DriverServers.connect(DriverServers.roapi)
        let cursor = try await connection.cursor()
        for sql in ["SELEC 1", "SELECT * FROM no_such_table_xyz", "SELECT no_such_column FROM trips"] {
            let error = try #require(await kind { try await cursor.execute(sql) })
            #expect(error.kind == .internalError, "\(sql): \(error)")
            #expect(error.driverCode == .grpc(13))
            #expect(error.isDatabaseError)
        }
        try await cursor.execute("SELECT 1 AS one")
        #expect(try await cursor.fetchone()?.decode(Int.self, at: 0) == 1, "the cursor stays usable")
        try await connection.close()
    }

    @Test("bad SQL and unknown tables: benostreamdb reports INTERNAL too", .enabled(if: TestEnvironment.isAvailable(DriverServers.bsdb)))
    func bsdbSQLErrors() async throws {
        let connection = try await DriverServers.connect(DriverServers.bsdb)
        let cursor = try await connection.cursor()
        for sql in ["SELEC 1", "SELECT * FROM no_such_table_xyz"] {
            let error = try #require(await kind { try await cursor.execute(sql) })
            #expect(error.kind == .internalError, "\(sql): \(error)")
            #expect(error.driverCode == .grpc(13))
        }
        try await connection.close()
    }

    @Test("authentication through URL options: token, username and password", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapiAuth)))
    func urlAuthentication() async throws {
        let base = try TestEnvironment.require(DriverServers.roapiAuth)
        let token = try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_TOKEN")
        let username = try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_USERNAME")
        let password = try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_PASSWORD")
        func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }
        for url in ["\(base)?token=\(encoded(token))", "\(base)?username=\(encoded(username))&password=\(encoded(password))"] {
            let connection = try await FlightSQLConnection.connect(url: url)
            let cursor = try await connection.execute("SELECT count(*) FROM trips")
            #expect(try await cursor.fetchone()?.decode(Int.self, at: 0) == 1000)
            try await connection.close()
        }
    }

    @Test("database, header.NAME and timeout options are accepted end to end", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapi)))
    func otherOptions() async throws {
        let base = try TestEnvironment.require(DriverServers.roapi)
        let connection = try await FlightSQLConnection.connect(url: "\(base)?database=ignored&header.x-request-id=driver-test&timeout=30")
        #expect(try await connection.execute("SELECT count(*) FROM trips").fetchone()?.decode(Int.self, at: 0) == 1000)
        try await connection.close()
    }

    @Test("bad credentials are operational errors that never show the secret", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapiAuth)))
    func badCredentials() async throws {
        let base = try TestEnvironment.require(DriverServers.roapiAuth)
        let username = try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_USERNAME")
        let secret = "wrong-SECRET-\(Int.random(in: 1000...9999))"
        let attempts: [(String, FlightClientOptions)] = [
            ("\(base)?token=\(secret)", FlightClientOptions()),
            ("\(base)?username=\(username)&password=\(secret)", FlightClientOptions()),
            (base, FlightClientOptions(token: secret)),
            (base, FlightClientOptions()),
        ]
        for (url, options) in attempts {
            let error = try #require(await kind {
                let connection = try await FlightSQLConnection.connect(url: url, options: options)
                do {
                    try await connection.execute("SELECT 1").close()
                } catch {
                    try? await connection.close()
                    throw error
                }
                try await connection.close()
            })
            #expect(error.kind == .operationalError, "\(error)")
            #expect(error.driverCode == .grpc(16), "UNAUTHENTICATED")
            #expect(!error.description.contains(secret))
            #expect(!String(reflecting: error).contains(secret))
            #expect(!error.message.contains(secret))
        }
    }

    @Test("an unreachable host is an operational error", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapi)))
    func unreachable() async throws {
        let error = try #require(await kind { _ = try await FlightSQLConnection.connect(url: "grpc://127.0.0.1:1") })
        #expect(error.kind == .operationalError, "\(error)")
        #expect(error.driverCode == .grpc(14), "UNAVAILABLE")
    }

    @Test("malformed URLs and unknown options are interface errors", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapi)))
    func badURLs() async throws {
        let base = try TestEnvironment.require(DriverServers.roapi)
        for url in ["http://127.0.0.1:1", "not a url", "\(base)?colour=blue-SECRET", "grpc+tls://localhost:1?tls_root_certs=/no/such/file.pem"] {
            let error = try #require(await kind { _ = try await FlightSQLConnection.connect(url: url) }, "\(url)")
            #expect(error.kind == .interfaceError, "\(url): \(error)")
            #expect(!error.description.contains("blue-SECRET"))
        }
    }

    @Test("TLS settings through URL options", .enabled(if: TestEnvironment.isAvailable(DriverServers.nginxTLS)))
    func tlsOptions() async throws {
        let url = try TestEnvironment.require(DriverServers.nginxTLS)
        let directory = try TestEnvironment.require("FLIGHTSQL_TEST_TLS_DIR")
        let ipURL = url.replacingOccurrences(of: "localhost", with: "127.0.0.1")
        for good in ["\(url)?tls_root_certs=\(directory)/ca.pem", "\(url)?tls_skip_verify=true",
                     "\(ipURL)?tls_root_certs=\(directory)/ca.pem&tls_override_hostname=localhost"] {
            let connection = try await FlightSQLConnection.connect(url: good)
            #expect(try await connection.execute("SELECT count(*) FROM trips").fetchone()?.decode(Int.self, at: 0) == 1000, "\(good)")
            try await connection.close()
        }
        let refused = try #require(await kind {
            let connection = try await FlightSQLConnection.connect(url: "\(url)?tls_root_certs=\(directory)/other-ca.pem")
            try await connection.close()
        })
        #expect(refused.kind == .operationalError, "\(refused)")
    }

    @Test("mutual TLS through URL options", .enabled(if: TestEnvironment.isAvailable(DriverServers.nginxMTLS)))
    func mtlsOptions() async throws {
        let url = try TestEnvironment.require(DriverServers.nginxMTLS)
        let directory = try TestEnvironment.require("FLIGHTSQL_TEST_TLS_DIR")
        let connection = try await FlightSQLConnection.connect(
            url: "\(url)?tls_root_certs=\(directory)/ca.pem&mtls_cert=\(directory)/client.pem&mtls_key=\(directory)/client.key")
        #expect(try await connection.execute("SELECT count(*) FROM trips").fetchone()?.decode(Int.self, at: 0) == 1000)
        try await connection.close()
        let halfError = try #require(await kind {
            _ = try await FlightSQLConnection.connect(url: "\(url)?tls_root_certs=\(directory)/ca.pem&mtls_cert=\(directory)/client.pem")
        })
        #expect(halfError.kind == .interfaceError, "a certificate without its key: \(halfError)")
    }

    @Test("closed cursors and connections are interface errors", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapi)))
    func closedObjects() async throws {
        let connection = try await DriverServers.connect(DriverServers.roapi)
        let cursor = try await connection.cursor()
        try await cursor.close()
        #expect(await kind { try await cursor.execute("SELECT 1") }?.kind == .interfaceError)
        let other = try await connection.cursor()
        try await connection.close()
        #expect(other.isClosed, "closing the connection closes its cursors")
        #expect(connection.isClosed)
        #expect(await kind { _ = try await connection.cursor() }?.kind == .interfaceError)
        #expect(await kind { try await connection.commit() }?.kind == .interfaceError)
        try await connection.close()
    }
}
