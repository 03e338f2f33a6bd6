import Arrow
import DBAPI
import FlightSQL
import Foundation

/// A statement executed by `GetFlightInfo`, waiting for (or serving) its `DoGet`s.
final class ExecutedStatement: Sendable {
    let handle: String
    let sql: String
    let parameterSets: [[Value]]
    let transactionID: Data?
    let schema: Schema
    /// Whether it returned no rows (an update run through `GetFlightInfo`).
    let isUpdate: Bool
    /// Whether running it again is harmless (it does not write), so a second `DoGet` or
    /// another endpoint may.
    let isRepeatable: Bool
    /// How many endpoints share the result.
    let partitions: Int
    /// How many batches the result has (known only when it is split over endpoints).
    let batchCount: Int
    let expires: ContinuousClock.Instant
    private let state: Locked<StatementState>

    init(
        handle: String, sql: String, parameterSets: [[Value]], transactionID: Data?, schema: Schema, isUpdate: Bool,
        isRepeatable: Bool, partitions: Int, batchCount: Int, stream: (any FlightSQLRecordBatchStream)?, lifetime: Duration
    ) {
        self.handle = handle
        self.sql = sql
        self.parameterSets = parameterSets
        self.transactionID = transactionID
        self.schema = schema
        self.isUpdate = isUpdate
        self.isRepeatable = isRepeatable
        self.partitions = partitions
        self.batchCount = batchCount
        expires = .now + lifetime
        state = Locked(.executed(stream))
    }

    /// How to stop each `DoGet` reading the statement now, by reader id.
    private let readers = Locked<[UUID: @Sendable () -> Void]>([:])

    func take() -> StatementState.Take { state.withLock { $0.take() } }
    func finish() { state.withLock { $0.finish() } }

    /// The client cancels: later `DoGet`s are refused, running ones are stopped (their
    /// statements interrupted in the backend), and the kept stream, if no `DoGet` took it,
    /// is returned to close.
    func cancel() -> (any FlightSQLRecordBatchStream)? {
        let kept = state.withLock { $0.cancel() }
        for stop in readers.withLock({ Array($0.values) }) { stop() }
        return kept
    }

    /// Registers a running `DoGet` and how to stop it; false (and not registered) when the
    /// statement is already cancelled, checked after registering so that a cancel racing
    /// with a starting `DoGet` always reaches one or the other.
    func addReader(_ id: UUID, stop: @escaping @Sendable () -> Void) -> Bool {
        readers.withLock { $0[id] = stop }
        if isCancelled {
            removeReader(id)
            return false
        }
        return true
    }

    /// The `DoGet` `id` ended.
    func removeReader(_ id: UUID) {
        _ = readers.withLock { $0.removeValue(forKey: id) }
    }
    func expire() -> (any FlightSQLRecordBatchStream)? { state.withLock { $0.expire() } }
    var isCancelled: Bool { state.withLock { $0.isCancelled } }

    /// The batches endpoint `partition` sends: a contiguous run, all of them when unsplit.
    func batches(partition: Int) -> Range<Int> {
        guard partitions > 1 else { return 0..<Int.max }
        return (partition * batchCount / partitions)..<((partition + 1) * batchCount / partitions)
    }

    /// The ticket of endpoint `partition`: a `TicketStatementQuery` whose handle is
    /// `<handle>:<partition>`.
    func ticket(partition: Int) -> Data {
        TicketHandle(handle: handle, partition: partition).ticket
    }
}

/// The handle inside a `TicketStatementQuery`: statement handle and endpoint number.
struct TicketHandle: Hashable {
    let handle: String
    let partition: Int

    init(handle: String, partition: Int) {
        self.handle = handle
        self.partition = partition
    }

    /// Parses `<handle>:<partition>`; nil for anything else.
    init?(_ data: Data) {
        guard let text = String(data: data, encoding: .utf8), let colon = text.lastIndex(of: ":"),
              let partition = Int(text[text.index(after: colon)...]), partition >= 0 else { return nil }
        handle = String(text[..<colon])
        self.partition = partition
    }

    var ticket: Data {
        TicketStatementQuery(statementHandle: Data("\(handle):\(partition)".utf8)).serializedAny()
    }
}

/// The executed statements by handle; the service's sweeper drops expired ones.
final class StatementRegistry: Sendable {
    private let statements = Locked<[String: ExecutedStatement]>([:])

    func add(_ statement: ExecutedStatement) {
        statements.withLock { $0[statement.handle] = statement }
    }

    /// Drops the results nobody fetched in time, closing their kept streams.
    func removeExpired() async {
        let expired = statements.withLock { statements in
            let now = ContinuousClock.now
            let old = statements.values.filter { $0.expires < now }
            for entry in old { statements[entry.handle] = nil }
            return old
        }
        for entry in expired { await entry.expire()?.close() }
    }

    func statement(_ handle: String) -> ExecutedStatement? {
        statements.withLock { $0[handle] }
    }

    func remove(_ handle: String) {
        statements.withLock { $0[handle] = nil }
    }

    /// Every statement of a transaction (to cancel them when it ends).
    func removeAll(transactionID: Data) -> [ExecutedStatement] {
        statements.withLock { statements in
            let matching = statements.values.filter { $0.transactionID == transactionID }
            for entry in matching { statements[entry.handle] = nil }
            return matching
        }
    }

    /// Closes every kept stream (shutdown).
    func closeAll() async {
        let all = statements.withLock { statements in
            defer { statements = [:] }
            return Array(statements.values)
        }
        for entry in all { await entry.cancel()?.close() }
    }
}
