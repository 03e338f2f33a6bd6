import DBAPI
import Foundation

/// A source that records how many batches were pulled and whether it was cancelled.
final class TrackingSource: RowBatchSource, @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: [any RowBatch]
    private var failure: DBAPIError?
    private var pulls = 0
    private var cancelled = false

    init(_ batches: [any RowBatch], failingWith failure: DBAPIError? = nil) {
        remaining = batches
        self.failure = failure
    }

    var pullCount: Int { lock.withLock { pulls } }
    var wasCancelled: Bool { lock.withLock { cancelled } }

    func nextBatch() async throws(DBAPIError) -> (any RowBatch)? {
        try take()
    }

    private func take() throws(DBAPIError) -> (any RowBatch)? {
        lock.lock()
        defer { lock.unlock() }
        pulls += 1
        if !remaining.isEmpty { return remaining.removeFirst() }
        if let failure { throw failure }
        return nil
    }

    func cancel() async { lock.withLock { cancelled = true } }
}

/// What the in-memory database answers to a statement.
typealias Script = @Sendable (_ sql: String, _ parameters: [Value]) throws(DBAPIError) -> ExecutionResult

/// An in-memory DB-API driver: a connection whose cursors answer statements from a script.
final class TestConnection: Connection {
    let core: ConnectionCore
    let script: Script
    let commits = Counter()
    let rollbacks = Counter()

    init(autocommit: Bool = false, script: @escaping Script) {
        core = ConnectionCore(autocommit: autocommit)
        self.script = script
    }

    func cursor() async throws(DBAPIError) -> TestCursor {
        let cursor = TestCursor(script: script)
        try core.register(cursor)
        return cursor
    }

    func commit() async throws(DBAPIError) {
        try core.checkOpen()
        commits.increment()
    }

    func rollback() async throws(DBAPIError) {
        try core.checkOpen()
        rollbacks.increment()
    }

    func close() async throws(DBAPIError) {
        let open = !core.isClosed && !core.autocommit
        if await core.close(), open { rollbacks.increment() }
    }

    var isClosed: Bool { core.isClosed }

    func autocommit() async throws(DBAPIError) -> Bool {
        try core.checkOpen()
        return core.autocommit
    }

    func setAutocommit(_ enabled: Bool) async throws(DBAPIError) {
        try core.checkOpen()
        if enabled && !core.autocommit { commits.increment() }
        core.autocommit = enabled
    }
}

/// The test driver's cursor: all behaviour but `run` comes from `CursorCore`.
final class TestCursor: CoreBackedCursor {
    let core = CursorCore()
    let script: Script
    let executed = Counter()

    init(script: @escaping Script) { self.script = script }

    func run(_ sql: String, parameters: [Value]) async throws(DBAPIError) -> ExecutionResult {
        executed.increment()
        return try script(sql, parameters)
    }
}

/// A script with a few statements used across the tests:
/// - `SELECT cities`: 7 rows in batches of 3, 0 (empty), 2 and 2 rows;
/// - `SELECT empty`: a result with columns but no rows;
/// - `UPDATE ...`: affects as many rows as the first parameter says (-1 if none);
/// - anything else: a `programmingError` from the "server".
func standardScript(source: TrackingSource? = nil) -> Script {
    { (sql: String, parameters: [Value]) throws(DBAPIError) -> ExecutionResult in
        switch sql {
        case "SELECT cities":
            let batches: [any RowBatch] = [
                cityBatch(start: 0, count: 3), cityBatch(start: 3, count: 0),
                cityBatch(start: 3, count: 2), cityBatch(start: 5, count: 2),
            ]
            return .rows(columns: cityBatch(start: 0, count: 0).columns, source: source ?? TrackingSource(batches))
        case "SELECT empty":
            return .rows(columns: cityBatch(start: 0, count: 0).columns, source: InMemoryBatchSource([]))
        case let update where update.hasPrefix("UPDATE"):
            if case .int(let count)? = parameters.first { return .update(rowcount: Int(count)) }
            return .update(rowcount: -1)
        default:
            throw DBAPIError(grpcStatusCode: 3, message: "syntax error near \"\(sql.prefix(4))\"")
        }
    }
}

/// Seven city rows in batches of 3, 0, 2 and 2.
func sevenCityBatches() -> [any RowBatch] {
    [cityBatch(start: 0, count: 3), cityBatch(start: 3, count: 0), cityBatch(start: 3, count: 2), cityBatch(start: 5, count: 2)]
}
