import Arrow
import FlightSQL
import Foundation
import GRPCTransport
import Testing

@testable import FlightSQLServer

/// A result kept open across calls (unread after GetFlightInfo, or half-read by a slow
/// DoGet) must not pin the database snapshot of the statements outside transactions: SQLite
/// keeps a read transaction open while a statement is pending, and on a connection shared
/// by every autocommit client that hid other connections' commits from everyone and made
/// every autocommit write fail with "database is locked" (a regression).
@Suite struct HeldResultTests {
    /// 20,000 rows of ~50 bytes: five 4096-row batches, each larger than the 64 KiB windows
    /// of the slow reader, so a half-read result is still pending inside SQLite.
    static let rowCount = 20_000
    static let script = """
        CREATE TABLE numbers (n INTEGER PRIMARY KEY, pad TEXT NOT NULL);
        INSERT INTO numbers
            WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < \(rowCount))
            SELECT x, printf('%040d', x) FROM c;
        """

    /// How the held result waits while the others work.
    enum Holding: String, CaseIterable, CustomTestStringConvertible {
        /// GetFlightInfo ran the query; no DoGet yet (the server keeps the running stream).
        case unread
        /// A DoGet read the schema and the first batch, then stopped reading.
        case halfRead

        var testDescription: String { rawValue }
    }

    @Test("a held result neither hides commits from autocommit reads nor blocks autocommit writes", arguments: Holding.allCases)
    func heldResult(_ holding: Holding) async throws {
        try await TestServer.with { server, client in
            try await server.backend.executeScript(Self.script)
            let info = try await client.execute("SELECT n, pad FROM numbers ORDER BY n")
            let raw = try await RawFlight.connect(
                server.server.url, configuration: .init(initialStreamWindowSize: 65_535, connectionWindowSize: 65_535))
            defer { raw.close() }
            var call: (any GRPCStreamingCall)?
            var decoder = ArrowIPCMessageDecoder()
            var values: [Int64] = []
            /// Reads the DoGet's messages until `count` rows arrived (all when nil).
            func read(_ call: any GRPCStreamingCall, upTo count: Int?) async throws {
                while count.map({ values.count < $0 }) ?? true, let message = try await call.receive() {
                    let data = try FlightData(protobuf: message)
                    guard case .recordBatch(let batch)? = try decoder.decode(header: data.dataHeader, body: data.dataBody) else { continue }
                    for row in 0..<batch.rowCount {
                        guard case .int(let n) = batch.columns[0].value(at: row) else {
                            Issue.record("row \(row): not an integer")
                            continue
                        }
                        values.append(n)
                    }
                }
            }
            if holding == .halfRead {
                let started = try await raw.transport.makeStreamingCall(
                    path: FlightService.Method.doGet, metadata: raw.metadata, options: GRPCCallOptions())
                try await started.send(try #require(info.endpoints.first?.ticket).serializedProtobuf())
                try await started.finishSending()
                try await read(started, upTo: 1)
                call = started
            }

            // A Flight SQL transaction (a connection of its own) commits a row meanwhile.
            let id = try await client.beginTransaction()
            #expect(try await client.executeUpdate("INSERT INTO trips (city_id, km) VALUES (2, 40)", transactionID: id) == 1)
            try await client.endTransaction(id, .commit)
            // An autocommit write succeeds, and an autocommit read sees both rows.
            #expect(try await client.executeUpdate("INSERT INTO trips (city_id, km) VALUES (3, 50)") == 1)
            #expect(try await client.table("SELECT count(*), sum(km) FROM trips").rows == [[.int(5), .int(139)]])
            let tables = try await client.rows(try await client.getTables(tableNameFilterPattern: "trips"))
            #expect(tables.count == 1, "metadata calls are served meanwhile too")

            // The held result is still whole and in order.
            if let call {
                try await read(call, upTo: nil)
                _ = try await call.trailers()
            } else {
                let table = try await client.fetchAll(info)
                values = table.column("n").compactMap { if case .int(let n) = $0 { n } else { nil } }
            }
            #expect(values.count == Self.rowCount)
            #expect(values == Array(1...Int64(Self.rowCount)))
        }
    }

    @Test("a query that writes (RETURNING) commits at once, even when its result is never read")
    func unreadReturning() async throws {
        try await TestServer.with { _, client in
            // More rows than one batch, so the statement would still be pending after the first.
            let info = try await client.execute("""
                INSERT INTO trips (city_id, km)
                    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000) SELECT 1, x FROM c
                RETURNING km
                """)
            // Another client's transaction can write: the unread result holds no write lock.
            let id = try await client.beginTransaction()
            #expect(try await client.executeUpdate("INSERT INTO trips (city_id, km) VALUES (2, 70)", transactionID: id) == 1)
            try await client.endTransaction(id, .commit)
            #expect(try await client.table("SELECT count(*) FROM trips").rows == [[.int(5004)]])
            let returned = try await client.fetchAll(info).column("km")
            #expect(returned == (1...5000).map { ArrowValue.int(Int64($0)) })
        }
    }
}
