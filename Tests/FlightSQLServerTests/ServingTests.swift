import Arrow
import FlightSQL
import FlightSQLServer
import Foundation
import GRPCTransport
import Testing
import TestSupport

/// Authentication, TLS, read-only mode, several endpoints and bounded memory.
@Suite struct ServingTests {
    @Test("a bearer token is required and checked")
    func token() async throws {
        try await TestServer.with(auth: .token("s3cret"), clientOptions: FlightClientOptions(token: "s3cret")) { server, client in
            #expect(try await client.table("SELECT 1 AS one").rows == [[.int(1)]])
            for options in [FlightClientOptions(), FlightClientOptions(token: "wrong")] {
                let other = try await server.client(options)
                defer { other.close() }
                let error = try await #require(throws: FlightError.self) { _ = try await other.table("SELECT 1") }
                #expect(error.code == .unauthenticated)
                #expect(!error.message.contains("s3cret"))
            }
        }
    }

    @Test("username and password buy a token at Handshake; wrong ones are refused")
    func basic() async throws {
        let auth = FlightSQLServerAuth.basic(username: "ada", password: "lovelace")
        try await TestServer.with(auth: auth, clientOptions: FlightClientOptions(username: "ada", password: "lovelace")) { server, client in
            #expect(try await client.table("SELECT 2 AS two").rows == [[.int(2)]])
            let wrong = try await #require(throws: FlightError.self) {
                _ = try await server.client(FlightClientOptions(username: "ada", password: "babbage"))
            }
            #expect(wrong.code == .unauthenticated)
            #expect(!wrong.message.contains("babbage"))
            let anonymous = try await server.client()
            defer { anonymous.close() }
            let refused = try await #require(throws: FlightError.self) { _ = try await anonymous.table("SELECT 1") }
            #expect(refused.code == .unauthenticated)
        }
    }

    @Test("without authentication, clients configured with credentials are served too")
    func noAuthWithCredentials() async throws {
        try await TestServer.with(clientOptions: FlightClientOptions(username: "any", password: "thing")) { _, client in
            let table = try await client.table("SELECT 5 AS five")
            #expect(table.rows == [[.int(5)]])
        }
    }

    @Test("read-only mode refuses writes and says so; reads work", arguments: [
        "INSERT INTO trips (city_id) VALUES (1)", "CREATE TABLE x (a INTEGER)", "DELETE FROM trips",
    ])
    func readOnly(sql: String) async throws {
        try await TestServer.with(options: FlightSQLServerOptions(readOnly: true)) { _, client in
            let update = try await #require(throws: FlightError.self) { _ = try await client.executeUpdate(sql) }
            #expect(update.code == .permissionDenied)
            #expect(update.message.contains("read-only"))
            let query = try await #require(throws: FlightError.self) { _ = try await client.execute(sql) }
            #expect(query.code == .permissionDenied)
            #expect(try await client.table("SELECT count(*) FROM trips").rows == [[.int(3)]])
            let info = try await client.fetchAll(try await client.getSqlInfo([.flightSqlServerReadOnly]))
            #expect(info.rows == [[.uint(3), .bool(true)]])
        }
    }

    @Test("a result split into N endpoints, all on this server, is the whole result in order")
    func endpoints() async throws {
        try await TestServer.with(options: FlightSQLServerOptions(endpoints: 3, batchSize: 10)) { _, client in
            let info = try await client.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 95) SELECT i FROM n ORDER BY i")
            #expect(info.endpoints.count == 3)
            #expect(info.endpoints.allSatisfy { $0.locations.map(\.uri) == [FlightService.reuseConnectionURI] })
            var seen: [Int64] = []
            for endpoint in info.endpoints {
                let part = try await client.doGet(endpoint).readAll()
                #expect(part.rowCount > 0)
                seen += part.rows.compactMap { if case .int(let v) = $0[0] { v } else { nil } }
            }
            // Contiguous runs of batches: the endpoints in order are the result in order.
            #expect(seen == Array(1...95))
            #expect(info.ordered)
            #expect(info.totalRecords == 95)
        }
    }

    @Test("a slow client holds the server to a batch at a time")
    func slowConsumer() async throws {
        try await TestServer.with(options: FlightSQLServerOptions(batchSize: 256)) { server, client in
            // ~1 KiB rows, 256 per batch: 2000 batches, 500 MiB if the server ran ahead.
            let info = try await client.execute("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 512000)
                SELECT i, printf('%01000d', i) AS pad FROM n
                """)
            let raw = try await RawFlight.connect(
                server.server.url,
                configuration: HTTP2ClientTransport.Configuration(initialStreamWindowSize: 65_535, connectionWindowSize: 65_535))
            defer { raw.close() }
            let call = try await raw.doGetAfterFirstBatch(info)
            try await Task.sleep(for: .milliseconds(500))
            let stalled = server.server.statistics.snapshot
            #expect(stalled.batchesEncoded <= 3, "built \(stalled.batchesEncoded) batches for a stalled client")
            #expect(stalled.maxBatchesInFlight <= 1)
            for _ in 0..<20 { _ = try await call.receive() }
            #expect(server.server.statistics.snapshot.batchesEncoded >= 10)
            call.cancel()
        }
    }

    static let tlsDirectory = "FLIGHTSQL_TEST_TLS_DIR"

    func tlsFile(_ name: String) throws -> String {
        try TestEnvironment.require(Self.tlsDirectory) + "/" + name
    }

    @Test("TLS serving: a client trusting the CA connects", .enabled(if: TestEnvironment.isAvailable(tlsDirectory)))
    func tls() async throws {
        let tls = TLSServerConfiguration(certificateChainPath: try tlsFile("server.pem"), privateKeyPath: try tlsFile("server.key"))
        let clientTLS = TLSOptions(rootCertificatesFile: try tlsFile("ca.pem"))
        try await TestServer.with(tls: tls, clientOptions: FlightClientOptions(tls: clientTLS)) { server, client in
            #expect(server.server.url.hasPrefix("grpc+tls://"))
            #expect(try await client.table("SELECT 3 AS three").rows == [[.int(3)]])
            let untrusted = try await #require(throws: FlightError.self) {
                _ = try await server.client(FlightClientOptions(tls: TLSOptions(rootCertificatesFile: try tlsFile("other-ca.pem"))))
            }
            #expect(untrusted.code == .unavailable)
        }
    }

    @Test("mutual TLS: a client certificate is required", .enabled(if: TestEnvironment.isAvailable(tlsDirectory)))
    func mutualTLS() async throws {
        let tls = TLSServerConfiguration(
            certificateChainPath: try tlsFile("server.pem"), privateKeyPath: try tlsFile("server.key"), clientCAPath: try tlsFile("ca.pem"))
        let withCertificate = TLSOptions(
            rootCertificatesFile: try tlsFile("ca.pem"), clientCertificateFile: try tlsFile("client.pem"), clientKeyFile: try tlsFile("client.key"))
        try await TestServer.with(tls: tls, clientOptions: FlightClientOptions(tls: withCertificate)) { server, client in
            #expect(try await client.table("SELECT 4 AS four").rows == [[.int(4)]])
            let caOnly = FlightClientOptions(tls: TLSOptions(rootCertificatesFile: try tlsFile("ca.pem")))
            var refused = false
            do {
                let anonymous = try await server.client(caOnly)
                defer { anonymous.close() }
                _ = try await anonymous.table("SELECT 1")
            } catch {
                refused = true
            }
            #expect(refused, "a client without a certificate was served")
        }
    }
}

/// Many clients at once: queries, autocommit writes and transactions interleave correctly.
@Suite struct ConcurrencyTests {
    @Test("concurrent clients: queries, inserts and transactions all land")
    func concurrentClients() async throws {
        try await TestServer.with { server, client in
            _ = try await client.executeUpdate("CREATE TABLE hits (worker INTEGER, n INTEGER)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        let own = try await server.client()
                        defer { own.close() }
                        for n in 0..<10 {
                            if worker % 2 == 0 {
                                _ = try await own.executeUpdate("INSERT INTO hits VALUES (\(worker), \(n))")
                            } else {
                                let id = try await own.beginTransaction()
                                _ = try await own.executeUpdate("INSERT INTO hits VALUES (\(worker), \(n))", transactionID: id)
                                try await own.endTransaction(id, .commit)
                            }
                            let table = try await own.table("SELECT count(*) FROM hits WHERE worker = \(worker)")
                            #expect(table.rows == [[.int(Int64(n + 1))]])
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await client.table("SELECT count(*) FROM hits").rows == [[.int(80)]])
        }
    }
}
