import DBAPI
import Testing

/// A cursor's result lives in its `CursorCore`, which a `rows` sequence keeps alive after the
/// cursor object is gone: the connection must still close it, and a core released without
/// `close()` must still cancel its result.
@Suite struct CursorLifetimeTests {
    @Test("closing the connection ends the rows of a released cursor with an interfaceError")
    func rowsOutliveCursor() async throws {
        let source = TrackingSource(sevenCityBatches())
        let connection = TestConnection(script: standardScript(source: source))
        weak var released: TestCursor?
        func rows() async throws -> RowSequence {
            let cursor = try await connection.cursor()
            released = cursor
            try await cursor.execute("SELECT cities")
            return cursor.rows
        }
        var seen = 0
        var failure: (any Error)?
        do {
            for try await _ in try await rows() {
                seen += 1
                #expect(released == nil)
                try await connection.close()
            }
        } catch {
            failure = error
        }
        #expect(seen == 1)
        #expect((failure as? DBAPIError)?.kind == .interfaceError, "\(String(describing: failure))")
        #expect(source.wasCancelled)
    }

    @Test("a cursor released without close() cancels its unfinished result")
    func releasedCursorCancels() async throws {
        let source = TrackingSource(sevenCityBatches())
        let connection = TestConnection(script: standardScript(source: source))
        do {
            let cursor = try await connection.cursor()
            try await cursor.execute("SELECT cities")
            #expect(try await cursor.fetchone() != nil)
        }
        // The release starts the cancellation without waiting for it.
        let deadline = ContinuousClock.now + .seconds(60)
        while !source.wasCancelled, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(source.wasCancelled)
        try await connection.close()
    }
}
