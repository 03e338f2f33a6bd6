import Arrow
import FlightSQL
import Foundation
import Testing
import TestSupport

/// The client API against the real servers: FlightInfo, streams, typed columns, metadata
/// commands and error codes.
@Suite struct FlightSQLClientTests {
    static let roapi = "FLIGHTSQL_TEST_ROAPI_URL"
    static let bsdb = "FLIGHTSQL_TEST_BSDB_URL"

    func connect(_ variable: String) async throws -> FlightSQLClient {
        try await FlightSQLClient.connect(url: try TestEnvironment.require(variable))
    }

    @Test("execute returns a FlightInfo with schema and a ticketed endpoint", .enabled(if: TestEnvironment.isAvailable(roapi)))
    func flightInfo() async throws {
        let client = try await connect(Self.roapi)
        defer { client.close() }
        let info = try await client.execute("SELECT id, city FROM trips")
        let schema = try #require(try info.arrowSchema())
        #expect(schema.fields.map(\.name) == ["id", "city"])
        #expect(info.endpoints.count == 1)
        #expect(info.endpoints.first?.ticket != nil)
    }

    @Test("typed columns read without conversion through ArrowValue", .enabled(if: TestEnvironment.isAvailable(bsdb)))
    func typedColumns() async throws {
        let client = try await connect(Self.bsdb)
        defer { client.close() }
        let table = try await client.fetchAll(try await client.execute("SELECT id, name, score, active, born, seen FROM testdb.main.people ORDER BY id"))
        let batch = try #require(table.batches.first)
        #expect(table.rowCount == 3)
        #expect(batch.columns[0].int64(at: 0) == 1)
        #expect(batch.columns[1].string(at: 1) == "Bob")
        #expect(batch.columns[1].string(at: 2) == nil)
        #expect(batch.columns[2].double(at: 1) == -2.25)
        #expect(batch.columns[3].bool(at: 0) == true)
        #expect(batch.columns[4].date(at: 0) == Date(timeIntervalSince1970: 631_238_400))  // 1990-01-02
        let seen = try #require(batch.columns[5].date(at: 1))
        #expect(abs(seen.timeIntervalSince1970 - 1_719_791_999.123456) < 1e-6)
        if case .timestamp(let count, let unit, let zone) = batch.columns[5].type == .timestamp(.microsecond, timeZone: nil) ? batch.columns[5].value(at: 1) : .null {
            #expect(count == 1_719_791_999_123_456)
            #expect(unit == .microsecond)
            #expect(zone == nil)
        } else {
            Issue.record("seen is not a microsecond timestamp: \(batch.columns[5].type)")
        }
    }

    @Test("the stream reader iterates batches lazily and reads a 2-million-row result", .enabled(if: TestEnvironment.isAvailable(roapi)))
    func largeStream() async throws {
        let client = try await connect(Self.roapi)
        defer { client.close() }
        let info = try await client.execute("SELECT * FROM big")
        var rows = 0
        var batches = 0
        for endpoint in info.endpoints {
            let reader = try await client.doGet(endpoint)
            #expect(try await reader.schema().fields.isEmpty == false)
            for try await received in reader {
                rows += received.batch.rowCount
                batches += 1
            }
        }
        #expect(rows == 2_000_000)
        #expect(batches > 1)
    }

    @Test("closing a stream early cancels it and the connection stays usable", .enabled(if: TestEnvironment.isAvailable(bsdb)))
    func earlyCancel() async throws {
        let client = try await connect(Self.bsdb)
        defer { client.close() }
        let info = try await client.execute("SELECT * FROM big")
        let reader = try await client.doGet(try #require(info.endpoints.first))
        let first = try #require(try await reader.next())
        #expect(first.batch.rowCount > 0)
        reader.cancel()
        await #expect(throws: FlightError.self) { _ = try await reader.next() }
        let again = try await client.fetchAll(try await client.execute("SELECT count(*) AS n FROM trips"))
        #expect(again.batches.first?.columns.first?.int64(at: 0) == 1000)
    }

    @Test("concurrent queries share one connection", .enabled(if: TestEnvironment.isAvailable(bsdb)))
    func concurrentQueries() async throws {
        let client = try await connect(Self.bsdb)
        defer { client.close() }
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for limit in 1...20 {
                group.addTask {
                    try await client.fetchAll(try await client.execute("SELECT id FROM trips LIMIT \(limit)")).rowCount
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts.sorted() == Array(1...20))
    }

    @Test("metadata commands: catalogs, schemas, tables with schemas, table types, SqlInfo", .enabled(if: TestEnvironment.isAvailable(bsdb)))
    func metadata() async throws {
        let client = try await connect(Self.bsdb)
        defer { client.close() }
        let catalogs = try await client.fetchAll(try await client.getCatalogs())
        let catalogNames = catalogs.batches.flatMap { batch in (0..<batch.rowCount).compactMap { batch.columns[0].string(at: $0) } }
        #expect(catalogNames.contains("datafusion"))
        let tables = try await client.fetchAll(try await client.getTables(includeSchema: true))
        let tableNames = tables.batches.flatMap { batch in (0..<batch.rowCount).compactMap { batch.column(named: "table_name")?.string(at: $0) } }
        #expect(tableNames.contains("trips"))
        #expect(tables.schema.fields.map(\.name).contains("table_schema"))
        let info = try await client.fetchAll(try await client.getSqlInfo())
        #expect(info.rowCount > 0)
        let types = try await client.fetchAll(try await client.getTableTypes())
        #expect(types.schema.fields.first?.name == "table_type")
    }

    @Test("bad SQL, an unknown table and an unreachable host are errors with codes", .enabled(if: TestEnvironment.isAvailable(roapi)))
    func errors() async throws {
        let client = try await connect(Self.roapi)
        defer { client.close() }
        let syntax = try await #require(throws: FlightError.self) { _ = try await client.execute("SELEKT 1") }
        #expect(!syntax.message.isEmpty)
        let unknown = try await #require(throws: FlightError.self) { _ = try await client.execute("SELECT * FROM no_such_table") }
        #expect(unknown.message.contains("no_such_table"))
        let unreachable = try await #require(throws: FlightError.self) { _ = try await FlightSQLClient.connect(url: "grpc://127.0.0.1:1") }
        #expect(unreachable.code == .unavailable)
    }
}
