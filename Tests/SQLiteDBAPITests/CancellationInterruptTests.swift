import DBAPI
import Foundation
import SQLiteDBAPI
import Testing

/// Cancelling the task that runs a statement stops it inside SQLite, and only that statement.
@Suite struct CancellationInterruptTests {
    /// About a billion recursive steps: minutes if nothing stops it, so a stop well within
    /// the bound is the cancel at work, however loaded the machine.
    static let slowCount = """
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000)
        SELECT count(*) FROM c
        """

    @Test("cancelling an execute stops the statement at once; the connection runs the next one")
    func cancelExecute() async throws {
        let connection = try await memoryConnection()
        let running = Task {
            let cursor = try await connection.cursor()
            try await cursor.execute(Self.slowCount)
        }
        try await Task.sleep(for: .milliseconds(300))
        let cancelled = ContinuousClock.now
        running.cancel()
        let error = await #expect(throws: DBAPIError.self) { try await running.value }
        let stoppedAfter = ContinuousClock.now - cancelled
        #expect(error?.kind == .operationalError)
        #expect(error?.driverCode?.name == "SQLITE_INTERRUPT")
        #expect(stoppedAfter < cancelStopBound, "the statement stopped \(stoppedAfter) after the cancel")
        #expect(try await scalar(connection, "SELECT 41 + 1") == .int(42))
    }

    @Test("cancelling a fetch stops the statement between rows of a batch")
    func cancelFetch() async throws {
        let connection = try await memoryConnection()
        let cursor = try await connection.cursor()
        // The first batch (4096 rows by default) comes at once; the next row is far away.
        try await cursor.execute("""
            WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000)
            SELECT x FROM c WHERE x <= 5000 OR x % 900000000 = 0
            """)
        let fetching = Task { try await cursor.fetchall().count }
        try await Task.sleep(for: .milliseconds(300))
        let cancelled = ContinuousClock.now
        fetching.cancel()
        await #expect(throws: (any Error).self) { _ = try await fetching.value }
        let stoppedAfter = ContinuousClock.now - cancelled
        #expect(stoppedAfter < cancelStopBound, "the statement stopped \(stoppedAfter) after the cancel")
        let next = try await connection.cursor()
        try await next.execute("SELECT 7")
        #expect(try await next.fetchone(as: Int.self) == 7)
    }

    @Test("a cancel stops only its own statement, not another cursor's on the same connection")
    func cancelIsPrecise() async throws {
        let connection = try await memoryConnection()
        // Another cursor mid-result on the shared connection: its statement stays active
        // while the cancelled one runs (sqlite3_interrupt would leave it interrupted too).
        let other = try await connection.cursor()
        try await other.execute("""
            WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000)
            SELECT x FROM c
            """)
        #expect(try await other.fetchone(as: Int.self) == 1)
        let running = Task {
            let cursor = try await connection.cursor()
            try await cursor.execute(Self.slowCount)
        }
        try await Task.sleep(for: .milliseconds(300))
        running.cancel()
        _ = try? await running.value
        // The other cursor reads its remaining rows (beyond the first batch, so SQLite steps).
        let rest = try await other.fetchall()
        #expect(rest.count == 9_999)
        // A new statement started after the cancel runs to its end.
        #expect(try await scalar(connection, """
            WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000)
            SELECT count(*) FROM c
            """) == .int(200_000))
    }
}
