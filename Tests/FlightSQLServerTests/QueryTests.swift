import Arrow
import FlightSQL
import FlightSQLServer
import Foundation
import Testing

/// Queries and updates through our own client over real sockets.
@Suite struct QueryTests {
    @Test("a query returns SQLite's declared types as Arrow types, with the values")
    func typedQuery() async throws {
        try await TestServer.with { _, client in
            let table = try await client.table("SELECT * FROM cities ORDER BY id")
            #expect(table.schema.fields.map(\.type) == [
                .int64, .utf8, .float64, .date32, .decimal(bitWidth: 128, precision: 10, scale: 2), .bool, .binary,
            ])
            #expect(table.schema.fields.map(\.isNullable) == [false, false, true, true, true, true, true])
            #expect(table.rowCount == 3)
            #expect(table.column("name") == [.string("Paris"), .string("Lyon"), .string("Nice")])
            #expect(table.column("capital") == [.bool(true), .bool(false), .bool(false)])
            #expect(table.column("photo") == [.binary(Data([1, 2])), .null, .null])
            #expect(table.column("area").first == .decimal(ArrowDecimal(unscaled: 10540, precision: 10, scale: 2)))
            // 0250-01-01 is 628_217 days before 1970-01-01 (proleptic Gregorian).
            #expect(table.column("founded").first == .date32(-628_217))
        }
    }

    @Test("NUMERIC without precision, wide DECIMAL, and expression columns typed by their values")
    func numericTypes() async throws {
        try await TestServer.with { _, client in
            _ = try await client.executeUpdate("CREATE TABLE money (a NUMERIC, b DECIMAL(50,5), c TEXT)")
            _ = try await client.executeUpdate("INSERT INTO money VALUES (1.5, '1234567890.12345', 'x')")
            let table = try await client.table("SELECT a, b, 1 + 1 AS two, 2.5 AS half, NULL AS empty, c FROM money")
            #expect(table.schema.fields.map(\.type) == [
                .decimal(bitWidth: 128, precision: 38, scale: 10), .decimal(bitWidth: 256, precision: 50, scale: 5),
                .int64, .float64, .utf8, .utf8,
            ])
            guard case .decimal(let a) = table.rows[0][0], case .decimal(let b) = table.rows[0][1] else {
                Issue.record("not decimals: \(table.rows)")
                return
            }
            #expect(a.description == "1.5000000000")
            // NUMERIC affinity keeps ~15 digits (Docs/SQLite.md); the column type is still decimal256.
            #expect(b.description == "1234567890.12345")
            #expect(Array(table.rows[0][2...]) == [.int(2), .float64(2.5), .null, .string("x")])
        }
    }

    @Test("a join with an aggregate, and timestamps as microseconds")
    func joinAggregate() async throws {
        try await TestServer.with { _, client in
            let table = try await client.table("""
                SELECT c.name, count(t.id) AS trips, sum(t.km) AS km FROM cities c
                LEFT JOIN trips t ON t.city_id = c.id GROUP BY c.name ORDER BY c.name
                """)
            #expect(table.rows == [
                [.string("Lyon"), .int(1), .int(7)], [.string("Nice"), .int(0), .null], [.string("Paris"), .int(2), .int(42)],
            ])
            let started = try await client.table("SELECT started FROM trips WHERE id = 1")
            #expect(started.schema.fields[0].type == .timestamp(.microsecond, timeZone: nil))
            #expect(started.rows == [[.timestamp(1_714_557_600_000_000, .microsecond, timeZone: nil)]])
        }
    }

    @Test("a large result streams in bounded batches")
    func largeResult() async throws {
        try await TestServer.with(options: FlightSQLServerOptions(batchSize: 1000)) { _, client in
            let info = try await client.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25000) SELECT i, 'row ' || i AS label FROM n")
            let table = try await client.fetchAll(info)
            #expect(table.rowCount == 25_000)
            #expect(table.batches.count == 25)
            #expect(table.batches.allSatisfy { $0.rowCount == 1000 })
            #expect(table.rows.last == [.int(25_000), .string("row 25000")])
        }
    }

    @Test("executeUpdate returns affected rows; DDL and DML through GetFlightInfo run once")
    func updates() async throws {
        try await TestServer.with { _, client in
            #expect(try await client.executeUpdate("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)") <= 0)
            #expect(try await client.executeUpdate("INSERT INTO t (v) VALUES ('a'), ('b'), ('c')") == 3)
            #expect(try await client.executeUpdate("UPDATE t SET v = 'z' WHERE id > 1") == 2)
            // ADBC runs every statement with GetFlightInfo: the insert runs there, once.
            let info = try await client.execute("INSERT INTO t (v) VALUES ('d')")
            #expect(info.totalRecords == 1)
            let empty = try await client.fetchAll(info)
            #expect(empty.rowCount == 0)
            #expect(try await client.table("SELECT count(*) AS n FROM t").rows == [[.int(4)]])
        }
    }

    @Test("a query that writes (RETURNING) runs once: one endpoint, read once")
    func returning() async throws {
        try await TestServer.with(options: FlightSQLServerOptions(endpoints: 3)) { _, client in
            let info = try await client.execute("INSERT INTO trips (city_id, km) VALUES (3, 5) RETURNING id, km")
            #expect(info.endpoints.count == 1)
            #expect(try await client.fetchAll(info).rows == [[.int(4), .int(5)]])
            let again = try await #require(throws: FlightError.self) { _ = try await client.fetchAll(info) }
            #expect(again.code == .notFound)  // a result read to the end is released
            #expect(try await client.table("SELECT count(*) FROM trips").rows == [[.int(4)]])
            #expect(try await client.execute("SELECT * FROM trips").endpoints.count == 3)
        }
    }

    @Test("SQL errors map to gRPC codes with SQLite's message")
    func errors() async throws {
        try await TestServer.with { _, client in
            let cases: [(String, FlightError.Code, String)] = [
                ("SELEC 1", .invalidArgument, "syntax error"),
                ("SELECT * FROM nowhere", .notFound, "no such table"),
                ("INSERT INTO cities (id, name) VALUES (1, 'again')", .alreadyExists, "UNIQUE constraint failed"),
                ("INSERT INTO cities (id, name) VALUES (9, NULL)", .failedPrecondition, "NOT NULL constraint failed"),
                ("CREATE TABLE cities (x INTEGER)", .alreadyExists, "already exists"),
            ]
            for (sql, code, text) in cases {
                let error = try await #require(throws: FlightError.self) { _ = try await client.table(sql) }
                #expect(error.code == code, "\(sql)")
                #expect(error.message.contains(text), "\(sql): \(error.message)")
            }
        }
    }

    @Test("GetSchema reports a query's columns without returning rows")
    func getSchema() async throws {
        try await TestServer.with { _, client in
            let schema = try await client.getExecuteSchema("SELECT id, name, 1 + 1 AS two FROM cities")
            #expect(schema.fields.map(\.name) == ["id", "name", "two"])
            #expect(schema.fields.map(\.type) == [.int64, .utf8, .int64])
        }
    }

    @Test("unsupported RPCs and Substrait answer UNIMPLEMENTED with a clear message")
    func unimplemented() async throws {
        try await TestServer.with { _, client in
            let listing = try await #require(throws: FlightError.self) { _ = try await client.flight.listFlights() }
            #expect(listing.code == .unimplemented)
            let plan = CommandStatementSubstraitPlan(plan: SubstraitPlan(plan: Data([1]), version: "0.1"))
            let substrait = try await #require(throws: FlightError.self) { _ = try await client.getFlightInfo(plan) }
            #expect(substrait.code == .unimplemented)
            #expect(substrait.message.contains("Substrait"))
            let path = try await #require(throws: FlightError.self) {
                _ = try await client.flight.getFlightInfo(.path(["cities"]))
            }
            #expect(path.code == .invalidArgument)
        }
    }
}
