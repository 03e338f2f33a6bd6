import DBAPI
import FlightSQL
import FlightSQLServer
import Foundation
import Testing

/// A cursor's result outlives the cursor object when only its `rows` are kept
/// (`for try await row in try await makeCursor().rows`): the connection must still close that
/// stream, and a cursor dropped without `close()` must still release what the server holds.
@Suite struct OwnServerCursorLifetimeTests {
    /// 1 000-row batches of a 20 000-row table, so a result spans many batches.
    static let options = FlightSQLServerOptions(batchSize: 1_000)

    @Test("closing the connection mid-loop ends the rows of a released cursor with an interfaceError")
    func rowsOutliveCursor() async throws {
        try await OwnServer.with(script: OwnServerQueryTests.bigTable, options: Self.options) { server in
            let connection = try await server.connect()
            weak var released: FlightSQLCursor?
            // Only the row sequence leaves this function: the cursor object is released.
            func rows() async throws -> RowSequence {
                let cursor = try await connection.cursor()
                released = cursor
                try await cursor.execute("SELECT id FROM big ORDER BY id")
                return cursor.rows
            }
            var seen = 0
            var failure: (any Error)?
            do {
                for try await row in try await rows() {
                    seen += 1
                    #expect(try row.decode(Int.self, at: 0) == seen)
                    if seen == 10 {
                        // Proves the scenario: nothing references the cursor any more.
                        #expect(released == nil)
                        try await connection.close()
                    }
                }
            } catch {
                failure = error
            }
            #expect(seen == 10, "no row after the close")
            let error = try #require(failure as? DBAPIError, "the loop must fail with a DBAPIError, got \(String(describing: failure))")
            #expect(error.kind == .interfaceError, "\(error)")
        }
    }

    @Test("a cursor dropped without close() closes its prepared statement on the server")
    func droppedCursorClosesPreparedStatement() async throws {
        try await OwnServer.withConnection(script: OwnServerQueryTests.bigTable, options: Self.options) { server, connection in
            let before = server.statistics.preparedStatementsClosed
            weak var released: FlightSQLCursor?
            do {
                let cursor = try await connection.cursor()
                released = cursor
                // A parameter makes it a prepared statement, kept until the result is done.
                try await cursor.execute("SELECT id FROM big WHERE id > ? ORDER BY id", parameters: [0])
                #expect(try await cursor.fetchone()?.decode(Int.self, at: 0) == 1)
                #expect(server.statistics.preparedStatementsClosed == before, "the result is still open")
            }
            #expect(released == nil)
            // The release starts the cleanup without waiting for it: poll, generously bounded.
            let deadline = ContinuousClock.now + .seconds(60)
            while server.statistics.preparedStatementsClosed == before, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(server.statistics.preparedStatementsClosed == before + 1)
            // The connection is unaffected.
            let cursor = try await connection.cursor()
            #expect(try await cursor.scalar("SELECT count(*) FROM big WHERE id > ?", parameters: [19_990], as: Int.self) == 10)
        }
    }
}
