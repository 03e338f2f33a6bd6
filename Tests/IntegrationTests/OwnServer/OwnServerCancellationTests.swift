import DBAPI
import FlightSQL
import FlightSQLServer
import Foundation
import Testing

/// Cancelling the Swift task that runs `execute` or `fetchall` on a Flight SQL cursor ends
/// the call with an `operationalError` (gRPC CANCELLED) long before the slow statement could
/// finish, releases what the statement held on the server, and leaves the cursor usable.
@Suite struct OwnServerCancellationTests {
    /// About a billion recursive steps: minutes if nothing stops it, so an end well within
    /// ``bound`` is the cancel at work, however loaded the machine.
    static let slowCount = """
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?)
        SELECT count(*) FROM c
        """
    /// The first batch (4 096 rows, the server's default) comes at once; the next row is
    /// about 900 million steps away.
    static let slowSecondBatch = """
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000)
        SELECT x FROM c WHERE x <= ? OR x % 900000000 = 0
        """
    /// Generous: the machine is shared with other builds.
    static let bound: Duration = .seconds(60)

    /// `sql` with its one parameter either bound (a prepared statement) or written into the
    /// SQL (a plain `CommandStatementQuery`).
    static func statement(_ sql: String, _ value: Int, prepared: Bool) -> (sql: String, parameters: [Value]) {
        prepared ? (sql, [.int(Int64(value))]) : (sql.replacingOccurrences(of: "?", with: "\(value)"), [])
    }

    @Test("cancelling the task running execute ends it promptly with an operationalError; the cursor runs the next statement",
          arguments: [false, true])
    func cancelExecute(prepared: Bool) async throws {
        try await OwnServer.withConnection { server, connection in
            let closedBefore = server.statistics.preparedStatementsClosed
            let cursor = try await connection.cursor()
            let (sql, parameters) = Self.statement(Self.slowCount, 1_000_000_000, prepared: prepared)
            let createdBefore = server.statistics.preparedStatementsCreated
            let running = Task { try await cursor.execute(sql, parameters: parameters) }
            // Let the statement reach the server, so that the cancel stops it there. A
            // prepared one must have been created and handed over first: a cancel during
            // CreatePreparedStatement leaves the client no handle to close (on a loaded
            // machine 300 ms was once not enough for that).
            if prepared { try await Self.waitUntil { server.statistics.preparedStatementsCreated > createdBefore } }
            try await Task.sleep(for: .milliseconds(300))
            let cancelled = ContinuousClock.now
            running.cancel()
            try await Self.expectCancelled(running, since: cancelled)

            #expect(cursor.description == nil)
            #expect(try await cursor.scalar("SELECT ? + 1", parameters: [41], as: Int.self) == 42)
            #expect(try await cursor.scalar("SELECT 'next'", as: String.self) == "next")
            if prepared {
                // The cancelled statement's and the scalar's prepared statements are closed.
                try await Self.waitUntil { server.statistics.preparedStatementsClosed == closedBefore + 2 }
                #expect(server.statistics.preparedStatementsClosed == closedBefore + 2)
            }
        }
    }

    @Test("cancelling the task running fetchall ends it promptly with an operationalError; the cursor runs the next statement",
          arguments: [false, true])
    func cancelFetchall(prepared: Bool) async throws {
        try await OwnServer.withConnection { server, connection in
            let closedBefore = server.statistics.preparedStatementsClosed
            let cursor = try await connection.cursor()
            let (sql, parameters) = Self.statement(Self.slowSecondBatch, 5_000, prepared: prepared)
            try await cursor.execute(sql, parameters: parameters)
            #expect(cursor.description?.map(\.name) == ["x"])
            let fetching = Task { try await cursor.fetchall().count }
            try await Task.sleep(for: .milliseconds(300))
            let cancelled = ContinuousClock.now
            fetching.cancel()
            try await Self.expectCancelled(fetching, since: cancelled)

            try await cursor.execute("SELECT x FROM (SELECT 1 AS x UNION ALL SELECT 2) WHERE x >= ? ORDER BY x", parameters: [1])
            #expect(try await cursor.fetchall().map { try $0.decode(Int.self, at: 0) } == [1, 2])
            #expect(try await cursor.scalar("SELECT 'next'", as: String.self) == "next")
            if prepared {
                try await Self.waitUntil { server.statistics.preparedStatementsClosed == closedBefore + 2 }
                #expect(server.statistics.preparedStatementsClosed == closedBefore + 2)
            }
        }
    }

    /// Expects `task` to fail with an `operationalError` within ``bound`` of `cancelled`,
    /// without awaiting it directly: a task that ignores the cancel fails the test instead of
    /// hanging it.
    static func expectCancelled<T: Sendable>(_ task: Task<T, any Error>, since cancelled: ContinuousClock.Instant) async throws {
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>?, Never>) in
            // Whichever comes first, the outcome or the deadline, resumes the waiter.
            let pending = Locked<CheckedContinuation<Result<T, any Error>?, Never>?>(continuation)
            let take: @Sendable () -> CheckedContinuation<Result<T, any Error>?, Never>? = {
                pending.withLock { waiting in
                    defer { waiting = nil }
                    return waiting
                }
            }
            Task { let result = await task.result; take()?.resume(returning: result) }
            Task { try? await Task.sleep(for: bound); take()?.resume(returning: nil) }
        }
        let elapsed = ContinuousClock.now - cancelled
        switch try #require(outcome, "still running \(bound) after the cancel") {
        case .success:
            Issue.record("the statement finished despite the cancel")
        case .failure(let error):
            let failure = try #require(error as? DBAPIError, "not a DBAPIError: \(error)")
            #expect(failure.kind == .operationalError, "\(failure)")
            #expect(elapsed < bound, "ended \(elapsed) after the cancel")
        }
    }

    /// Polls `condition` until it holds or ``bound`` passes: for cleanup that runs after the
    /// call it belongs to has returned.
    static func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + bound
        while !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    }
}
