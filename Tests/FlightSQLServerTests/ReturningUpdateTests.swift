import Arrow
import FlightSQL
import FlightSQLServer
import Foundation
import Testing

/// `… RETURNING` sent as an update: it runs to completion and reports the rows it changed
/// (a regression: it used to report -1, its rows never read).
@Suite struct ReturningUpdateTests {
    @Test("CommandStatementUpdate with RETURNING reports sqlite3_changes and changes the rows once")
    func statementUpdate() async throws {
        try await TestServer.with { _, client in
            let inserted = try await client.executeUpdate("INSERT INTO trips (city_id, km) VALUES (3, 5), (3, 6) RETURNING id")
            #expect(inserted == 2)
            let updated = try await client.executeUpdate("UPDATE trips SET km = km + 1 WHERE city_id = 3 RETURNING id, km")
            #expect(updated == 2)
            let deleted = try await client.executeUpdate("DELETE FROM trips WHERE city_id = 3 RETURNING *")
            #expect(deleted == 2)
            let none = try await client.executeUpdate("INSERT INTO trips (city_id, km) SELECT 1, km FROM trips WHERE 0 RETURNING id")
            #expect(none == 0)
            #expect(try await client.table("SELECT count(*) FROM trips").rows == [[.int(3)]])
            // A query sent as an update only reads: nothing changed, count unknown.
            let query = try await client.executeUpdate("SELECT * FROM trips")
            #expect(query == -1)
        }
    }

    @Test("a prepared update with RETURNING runs once per parameter row and sums the changes")
    func preparedUpdate() async throws {
        try await TestServer.with { server, client in
            let prepared = try await client.prepare("INSERT INTO trips (city_id, km) VALUES (?, ?) RETURNING id")
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            let schema = Schema(fields: [Field(name: "c", type: .int64), Field(name: "k", type: .int64)])
            let batch = try RecordBatch(schema: schema, rows: [[.int(3), .int(1)], [.int(3), .int(2)]])
            let put = try await raw.doPut(
                CommandPreparedStatementUpdate(preparedStatementHandle: prepared.preparedStatementHandle), schema: schema, batches: [batch])
            #expect(try DoPutUpdateResult(protobuf: put[0]).recordCount == 2)
            #expect(try await client.table("SELECT km FROM trips WHERE city_id = 3 ORDER BY km").rows == [[.int(1)], [.int(2)]])
        }
    }

    @Test("sent as a query, RETURNING returns its rows")
    func query() async throws {
        try await TestServer.with { _, client in
            let table = try await client.table("INSERT INTO trips (city_id, km) VALUES (3, 8), (2, 9) RETURNING city_id, km")
            #expect(table.rows == [[.int(3), .int(8)], [.int(2), .int(9)]])
        }
    }
}
