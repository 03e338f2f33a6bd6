import DBAPI
import SQLiteDBAPI

/// The connections a backend opens besides the shared one and the transactions': readers
/// for the queries run outside transactions, and the connection of an ingestion.
///
/// A statement being read holds an SQLite read transaction on its connection until it
/// finishes. A result kept across calls (GetFlightInfo's stream waiting for DoGet, a DoGet
/// read slowly) would pin the snapshot of its connection for as long as it is open; on the
/// connection every autocommit client shares, that hid every later commit from all of them
/// and made each of their writes fail ("database is locked"). So each such query runs on a
/// connection of its own, leased here and given back when its stream closes; a few idle
/// ones are kept, since opening a connection reads the schema.
final class SQLiteConnectionPool: Sendable {
    /// How many idle connections are kept for reuse; more are closed when given back.
    static let idleCapacity = 4

    let path: String
    private let options: SQLiteConnection.Options
    private let state = Locked(State())

    private struct State {
        var idle: [SQLiteConnection] = []
        var leased: [ObjectIdentifier: SQLiteConnection] = [:]
        var isClosed = false
    }

    /// Connections to `path` opened like `options` (autocommit).
    init(path: String, options: SQLiteConnection.Options) {
        self.path = path
        self.options = options
    }

    /// An idle connection, or a new one; ``giveBack(_:)`` returns it.
    func lease() throws -> SQLiteConnection {
        let reused = state.withLock { state -> SQLiteConnection? in
            guard let connection = state.idle.popLast() else { return nil }
            state.leased[ObjectIdentifier(connection)] = connection
            return connection
        }
        if let reused { return reused }
        let connection = try open()
        state.withLock { $0.leased[ObjectIdentifier(connection)] = connection }
        return connection
    }

    /// Takes back a leased connection whose statements are all finished: kept for the next
    /// lease, or closed when enough are idle or the pool is closed. A connection not leased
    /// (given back twice) is ignored, so that two leases never share one.
    func giveBack(_ connection: SQLiteConnection) async {
        let kept = state.withLock { state -> Bool? in
            guard state.leased.removeValue(forKey: ObjectIdentifier(connection)) != nil else { return nil }
            guard !state.isClosed, !connection.isClosed, state.idle.count < Self.idleCapacity else { return false }
            state.idle.append(connection)
            return true
        }
        if kept == false { try? await connection.close() }
    }

    /// A new autocommit connection, not pooled: the caller closes it.
    func open() throws -> SQLiteConnection {
        try SQLiteConnection.open(path: path, options: options)
    }

    /// A new connection in manual-commit mode (an implicit `BEGIN` before its first
    /// statement), not pooled: the caller commits or rolls back and closes it.
    func openTransactional() throws -> SQLiteConnection {
        var options = options
        options.autocommit = false
        return try SQLiteConnection.open(path: path, options: options)
    }

    /// Interrupts the statements running on the leased connections.
    func interruptLeased() {
        for connection in state.withLock({ Array($0.leased.values) }) { connection.interrupt() }
    }

    /// Connections leased now, and idle ones (for tests).
    var leasedCount: Int { state.withLock { $0.leased.count } }
    var idleCount: Int { state.withLock { $0.idle.count } }

    /// Closes the idle connections; those leased are closed when given back.
    func close() async {
        let idle = state.withLock { state in
            state.isClosed = true
            defer { state.idle = [] }
            return state.idle
        }
        for connection in idle { try? await connection.close() }
    }
}
