import Arrow
import DBAPI
import Foundation
import GRPCTransport

/// A prepared statement: its SQL, what the backend said about it, and the parameters bound
/// by the last `DoPut`.
struct PreparedStatement: Sendable {
    let sql: String
    let transactionID: Data?
    let description: FlightSQLPreparedDescription
    var parameterSets: [[Value]] = []
}

/// The open prepared statements by handle.
///
/// A statement unused (not looked up by any call) for `idleTimeout` expires, and at most
/// `capacity` are kept (the least recently used goes first): a client preparing in a loop
/// without closing, or one that vanished, would otherwise grow the server's memory forever.
/// Each statement dropped this way counts in `preparedStatementsExpired`.
final class PreparedStatementRegistry: Sendable {
    private struct Entry: Sendable {
        var statement: PreparedStatement
        var lastUsed: ContinuousClock.Instant
    }

    private let entries = Locked<[Data: Entry]>([:])
    private let idleTimeout: Duration
    private let capacity: Int
    private let statistics: FlightSQLServerStatistics

    init(idleTimeout: Duration = .seconds(3600), capacity: Int = 10_000, statistics: FlightSQLServerStatistics) {
        self.idleTimeout = idleTimeout
        self.capacity = max(capacity, 1)
        self.statistics = statistics
    }

    /// What a call naming a handle that is not open gets (the SQL is never in it).
    static func notFound() -> GRPCStatus {
        GRPCStatus(
            code: .notFound,
            message: "unknown prepared statement: it was closed, expired unused, or was evicted to make room for newer ones; prepare it again")
    }

    /// Keeps a new statement, forgetting expired ones, then the least recently used, to stay
    /// within `capacity`; its handle.
    func add(_ statement: PreparedStatement) -> Data {
        let handle = Data(UUID().uuidString.utf8)
        let now = ContinuousClock.now
        let dropped = entries.withLock { entries in
            let before = entries.count
            // The scans run only when full, so a prepare usually costs O(1).
            if entries.count >= capacity { entries = entries.filter { now - $0.value.lastUsed <= idleTimeout } }
            while entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
                entries[oldest] = nil
            }
            entries[handle] = Entry(statement: statement, lastUsed: now)
            return before + 1 - entries.count
        }
        if dropped > 0 { statistics.update { $0.preparedStatementsExpired += dropped } }
        return handle
    }

    /// The open statement with `handle`, marked used; NOT_FOUND when there is none (an
    /// expired one is forgotten).
    func statement(_ handle: Data) throws -> PreparedStatement {
        try use(handle) { $0.statement }
    }

    /// Keeps the parameters bound by a `DoPut`, marking the statement used.
    func bind(_ handle: Data, parameterSets: [[Value]]) throws {
        try use(handle) { $0.statement.parameterSets = parameterSets }
    }

    private func use<T>(_ handle: Data, _ body: (inout Entry) -> T) throws -> T {
        let now = ContinuousClock.now
        let result: T? = entries.withLock { entries in
            guard var entry = entries[handle] else { return nil }
            guard now - entry.lastUsed <= idleTimeout else {
                entries[handle] = nil
                statistics.update { $0.preparedStatementsExpired += 1 }
                return nil
            }
            entry.lastUsed = now
            let result = body(&entry)
            entries[handle] = entry
            return result
        }
        guard let result else { throw Self.notFound() }
        return result
    }

    /// Forgets the statement; whether it was open.
    @discardableResult
    func remove(_ handle: Data) -> Bool {
        entries.withLock { $0.removeValue(forKey: handle) != nil }
    }

    /// Forgets the statements unused for `idleTimeout` (the sweeper calls it).
    func removeIdle() {
        let cutoff = ContinuousClock.now - idleTimeout
        let dropped = entries.withLock { entries in
            let before = entries.count
            entries = entries.filter { $0.value.lastUsed >= cutoff }
            return before - entries.count
        }
        if dropped > 0 { statistics.update { $0.preparedStatementsExpired += dropped } }
    }

    /// How many statements are open.
    var count: Int { entries.withLock { $0.count } }
}
