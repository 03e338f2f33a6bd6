import DBAPI
import Foundation
import SQLiteDBAPI
import Testing

/// Catalog queries, `describe` and statements waiting for another connection's lock stop
/// when their task is cancelled, instead of sleeping out the busy timeout.
@Suite struct LockWaitCancellationTests {
    /// A file database whose `holder` keeps an exclusive lock (rollback journal, so readers
    /// wait too), and a `waiter` connection whose busy timeout is ten minutes: a wait that
    /// ends well within `cancelStopBound` is the cancel at work, however loaded the machine.
    struct Locked {
        let directory: TemporaryDirectory
        let holder: SQLiteConnection
        let waiter: SQLiteConnection

        init() async throws {
            directory = try TemporaryDirectory()
            holder = try SQLiteConnection.open(path: directory.path(), options: .init(autocommit: true))
            try await holder.executeScript("PRAGMA journal_mode = DELETE; CREATE TABLE t (x INTEGER PRIMARY KEY, y TEXT)")
            waiter = try SQLiteConnection.open(path: directory.path(), options: .init(busyTimeout: 600, autocommit: true))
            try await holder.executeScript("BEGIN EXCLUSIVE")
        }

        /// Ends the holder's transaction so the waiter can read again.
        func release() async throws { try await holder.executeScript("ROLLBACK") }
    }

    /// Starts `body` on the waiter, checks that it is still waiting after a moment, cancels
    /// it and returns its error and how long after the cancel it ended.
    static func cancelWhileWaiting(
        _ body: @escaping @Sendable () async throws -> Void
    ) async throws -> (error: (any Error)?, after: Duration) {
        let finished = Finished()
        let running = Task {
            defer { finished.set() }
            try await body()
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(!finished.value, "the job did not wait for the lock, so this test proves nothing")
        let cancelled = ContinuousClock.now
        running.cancel()
        let result = await running.result
        let after = ContinuousClock.now - cancelled
        if case .failure(let error) = result { return (error, after) }
        return (nil, after)
    }

    @Test("cancelling a catalog query that waits for a lock stops it; the connection reads on once the lock is gone")
    func catalogQuery() async throws {
        let locked = try await Locked()
        let waiter = locked.waiter
        let (error, after) = try await Self.cancelWhileWaiting { _ = try await waiter.tables() }
        let dbError = try #require(error as? DBAPIError, "\(String(describing: error))")
        #expect(dbError.kind == .operationalError)
        #expect(dbError.driverCode?.name == "SQLITE_BUSY", "\(dbError)")
        #expect(after < cancelStopBound, "the catalog query stopped \(after) after the cancel")
        try await locked.release()
        #expect(try await waiter.tables().map(\.name) == ["t"])
    }

    @Test("cancelling a statement that waits for a lock stops it")
    func statement() async throws {
        let locked = try await Locked()
        let waiter = locked.waiter
        let (error, after) = try await Self.cancelWhileWaiting { _ = try await waiter.cursor().execute("SELECT count(*) FROM t") }
        #expect((error as? DBAPIError)?.driverCode?.name == "SQLITE_BUSY", "\(String(describing: error))")
        #expect(after < cancelStopBound, "the statement stopped \(after) after the cancel")
        try await locked.release()
        #expect(try await scalar(waiter, "SELECT count(*) FROM t") == .int(0))
    }

    @Test("cancelling a describe that waits for a lock stops it")
    func describe() async throws {
        let locked = try await Locked()
        let waiter = locked.waiter
        // A table missing from the cached schema makes SQLite re-read the schema cookie,
        // which waits for the holder's lock.
        let (error, after) = try await Self.cancelWhileWaiting { _ = try await waiter.describe("SELECT * FROM u") }
        #expect(error is DBAPIError, "\(String(describing: error))")
        #expect(after < cancelStopBound, "describe stopped \(after) after the cancel")
        try await locked.release()
        #expect(try await waiter.describe("SELECT x, y FROM t").columns.map(\.name) == ["x", "y"])
    }

    @Test("an uncancelled wait still lasts the busy timeout, then fails with SQLITE_BUSY")
    func busyTimeoutKept() async throws {
        let directory = try TemporaryDirectory()
        let holder = try SQLiteConnection.open(path: directory.path(), options: .init(autocommit: true))
        try await holder.executeScript("PRAGMA journal_mode = DELETE; CREATE TABLE t (x)")
        // Opened before the lock is taken: opening reads the schema.
        let waiter = try SQLiteConnection.open(path: directory.path(), options: .init(busyTimeout: 0.3, autocommit: true))
        try await holder.executeScript("BEGIN EXCLUSIVE")
        let started = ContinuousClock.now
        let error = await expectError(.operationalError) { _ = try await waiter.tables() }
        let waited = ContinuousClock.now - started
        #expect(error?.driverCode?.name == "SQLITE_BUSY")
        #expect(waited >= .milliseconds(300), "gave up after \(waited), before the busy timeout")
        try await holder.executeScript("ROLLBACK")
        #expect(try await waiter.tables().count == 1)
    }
}

/// A flag set from the task under test and read by the test.
private final class Finished: @unchecked Sendable {
    // @unchecked: `done` is only touched under `lock`.
    private let lock = NSLock()
    private var done = false

    func set() { lock.withLock { done = true } }
    var value: Bool { lock.withLock { done } }
}
