import Arrow
import FlightSQL
import Foundation
import GRPCTransport
import Testing

@testable import FlightSQLServer

/// Prepared statements are bounded: one unused for `preparedStatementIdleTimeout` is dropped
/// by the sweeper, and at most `maxPreparedStatements` are kept (the least recently used is
/// evicted), so a client preparing in a loop without closing, or one that vanished, cannot
/// grow the server's memory forever. A dropped handle gets NOT_FOUND ("prepare it again").
@Suite struct PreparedStatementLifetimeTests {
    /// `GetSchema` of the prepared query; the error code when it is refused.
    static func refusal(_ client: FlightSQLClient, _ handle: Data) async throws -> FlightError.Code? {
        do {
            _ = try await client.flight.getSchema(CommandPreparedStatementQuery(preparedStatementHandle: handle).flightDescriptor)
            return nil
        } catch let error as FlightError {
            return error.code
        }
    }

    @Test("a prepared statement unused for preparedStatementIdleTimeout is dropped by the sweeper; one in use stays")
    func idleExpiry() async throws {
        // 8 s: far above one call's latency on a loaded 2-core machine (3 s was not, for the
        // tokens' twin of this test under ThreadSanitizer); `idle` is unused for 14 s.
        let options = FlightSQLServerOptions(preparedStatementIdleTimeout: .seconds(8))
        try await TestServer.with(options: options) { server, client in
            let idle = try await client.prepare("SELECT ? AS a").preparedStatementHandle
            let busy = try await client.prepare("SELECT ? AS a").preparedStatementHandle
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            let schema = Schema(fields: [Field(name: "a", type: .int64)])
            // `busy` is used every second, by each kind of call that names it, each use
            // restarting its wait; `idle` is not.
            for step in 0..<14 {
                try await Task.sleep(for: .seconds(1))
                let command = CommandPreparedStatementQuery(preparedStatementHandle: busy)
                switch step % 4 {
                case 0:
                    let batch = try RecordBatch(schema: schema, rows: [[.int(Int64(step))]])
                    _ = try await raw.doPut(command, schema: schema, batches: [batch])
                case 1: _ = try await client.fetchAll(try await client.getFlightInfo(command))
                case 2: _ = try await client.flight.pollFlightInfo(command.flightDescriptor)
                default: #expect(try await Self.refusal(client, busy) == nil)
                }
            }
            // The sweeper dropped `idle` without any call naming it.
            #expect(server.server.openPreparedStatementCount == 1)
            #expect(server.server.statistics.snapshot.preparedStatementsExpired == 1)
            #expect(try await Self.refusal(client, idle) == .notFound)
            // The bound parameter survived the wait: `busy` still runs with it.
            let table = try await client.fetchAll(try await client.getFlightInfo(CommandPreparedStatementQuery(preparedStatementHandle: busy)))
            #expect(table.rows == [[.int(12)]])
            #expect(server.server.statistics.snapshot.preparedStatementsClosed == 0)
        }
    }

    @Test("at most maxPreparedStatements are kept: the least recently used is evicted and gets NOT_FOUND")
    func capacity() async throws {
        try await TestServer.with(options: FlightSQLServerOptions(maxPreparedStatements: 2)) { server, client in
            let first = try await client.prepare("SELECT 1").preparedStatementHandle
            let second = try await client.prepare("SELECT 2").preparedStatementHandle
            // Using `first` makes `second` the least recently used.
            #expect(try await Self.refusal(client, first) == nil)
            let third = try await client.prepare("SELECT 3").preparedStatementHandle
            #expect(server.server.openPreparedStatementCount == 2)
            #expect(try await Self.refusal(client, second) == .notFound)
            #expect(try await Self.refusal(client, first) == nil)
            #expect(try await Self.refusal(client, third) == nil)
            #expect(server.server.statistics.snapshot.preparedStatementsExpired == 1)
            // A client preparing in a loop without closing leaves the registry at its bound.
            for _ in 0..<20 { _ = try await client.prepare("SELECT 4") }
            #expect(server.server.openPreparedStatementCount == 2)
            #expect(server.server.statistics.snapshot.preparedStatementsExpired == 21)
            // Closing an evicted handle is not a close; closing an open one is.
            _ = try await client.flight.doAction(ActionClosePreparedStatementRequest(preparedStatementHandle: first).flightAction)
            let last = try await client.prepare("SELECT 5").preparedStatementHandle
            _ = try await client.flight.doAction(ActionClosePreparedStatementRequest(preparedStatementHandle: last).flightAction)
            let statistics = server.server.statistics.snapshot
            #expect(statistics.preparedStatementsClosed == 1)
            #expect(statistics.preparedStatementsCreated == 24)
        }
    }

    @Test("an evicted handle's NOT_FOUND says it expired or was evicted and to prepare again, without the SQL")
    func notFoundMessage() async throws {
        try await TestServer.with(options: FlightSQLServerOptions(maxPreparedStatements: 1)) { server, client in
            let sql = "SELECT 'do-not-echo' AS secret"
            let query = try await client.prepare(sql).preparedStatementHandle
            let update = try await client.prepare("INSERT INTO trips (city_id, km) VALUES (1, 99)").preparedStatementHandle
            _ = try await client.prepare("SELECT 1")
            let error = try await #require(throws: FlightError.self) {
                _ = try await client.getFlightInfo(CommandPreparedStatementQuery(preparedStatementHandle: query))
            }
            #expect(error.code == .notFound)
            #expect(error.message.contains("expired"))
            #expect(error.message.contains("evicted"))
            #expect(error.message.contains("prepare it again"))
            #expect(!error.message.contains("do-not-echo"))
            // A prepared update's DoPut gets the same answer (and the insert does not run).
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            let status = try await #require(throws: GRPCStatus.self) {
                _ = try await raw.doPut(CommandPreparedStatementUpdate(preparedStatementHandle: update), schema: nil, batches: [])
            }
            #expect(status.code == .notFound)
            #expect(status.message.contains("evicted"))
            #expect(!status.message.contains("INSERT"))
            #expect(try await client.table("SELECT count(*) FROM trips WHERE km = 99").rows == [[.int(0)]])
        }
    }
}
