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
    private let entries: Locked<IdleExpiringCache<Data, PreparedStatement>>
    private let statistics: FlightSQLServerStatistics

    init(idleTimeout: Duration = .seconds(3600), capacity: Int = 10_000, statistics: FlightSQLServerStatistics) {
        entries = Locked(IdleExpiringCache(idleTimeout: idleTimeout, capacity: capacity))
        self.statistics = statistics
    }

    /// What a call naming a handle that is not open gets (the SQL is never in it).
    static func notFound() -> GRPCStatus {
        GRPCStatus(
            code: .notFound,
            message: "unknown prepared statement: it was closed, expired unused, or was evicted to make room for newer ones; prepare it again")
    }

    /// Keeps a new statement, forgetting expired ones, then the least recently used, to stay
    /// within the capacity; its handle.
    func add(_ statement: PreparedStatement) -> Data {
        let handle = Data(UUID().uuidString.utf8)
        let now = ContinuousClock.now
        let dropped = entries.withLock { $0.insert(statement, for: handle, now: now) }
        countExpired(dropped)
        return handle
    }

    /// The open statement with `handle`, marked used; NOT_FOUND when there is none (an
    /// expired one is forgotten).
    func statement(_ handle: Data) throws -> PreparedStatement {
        try use(handle) { $0 }
    }

    /// Keeps the parameters bound by a `DoPut`, marking the statement used.
    func bind(_ handle: Data, parameterSets: [[Value]]) throws {
        try use(handle) { $0.parameterSets = parameterSets }
    }

    private func use<T>(_ handle: Data, _ body: (inout PreparedStatement) -> T) throws -> T {
        let now = ContinuousClock.now
        switch entries.withLock({ $0.use(handle, now: now, body) }) {
        case .found(let result):
            return result
        case .expired:
            countExpired(1)
            throw Self.notFound()
        case .missing:
            throw Self.notFound()
        }
    }

    /// Forgets the statement; whether it was open.
    @discardableResult
    func remove(_ handle: Data) -> Bool {
        entries.withLock { $0.remove(handle) }
    }

    /// Forgets the statements unused for the idle timeout (the sweeper calls it).
    func removeIdle() {
        let now = ContinuousClock.now
        countExpired(entries.withLock { $0.removeIdle(now: now) })
    }

    /// How many statements are open.
    var count: Int { entries.withLock { $0.count } }

    private func countExpired(_ dropped: Int) {
        if dropped > 0 { statistics.update { $0.preparedStatementsExpired += dropped } }
    }
}
