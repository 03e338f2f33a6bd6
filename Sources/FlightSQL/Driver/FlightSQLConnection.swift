import DBAPI
import Foundation

/// A DB-API connection to a Flight SQL server.
///
/// ```swift
/// let connection = try await FlightSQLConnection.connect(url: "grpc+tls://host:443?token=…&database=sales")
/// let cursor = try await connection.cursor()
/// try await cursor.execute("SELECT id, city FROM trips WHERE fare > ?", parameters: [10])
/// let rows = try await cursor.fetchall()
/// try await connection.close()
/// ```
///
/// **Transactions.** Flight SQL servers commit each statement unless a transaction is open,
/// so a connection starts in autocommit mode (as ADBC's do). If the server reports
/// transaction support (`GetSqlInfo` `FLIGHT_SQL_SERVER_TRANSACTION`, asked on first need),
/// `setAutocommit(false)` begins a transaction that every statement of the connection's
/// cursors joins; `commit()` and `rollback()` end it and begin the next. Without server
/// support, autocommit stays on: turning it off and `rollback()` are `notSupportedError`s
/// and `commit()` does nothing. Within a transaction, ``savepoint(_:)``,
/// ``releaseSavepoint(_:)`` and ``rollbackToSavepoint(_:)`` use the server's savepoints
/// when it reports savepoint support.
///
/// The connection may be shared between tasks; give each task its own cursor. No lock is
/// held across a network call.
public final class FlightSQLConnection: Connection {
    /// The connection's cursor type.
    public typealias DriverCursor = FlightSQLCursor

    private let core = ConnectionCore(autocommit: true)
    let session: FlightSQLSession

    /// Connects to `url` (`grpc://`, `grpc+tcp://` or `grpc+tls://host:port`), which may carry
    /// options as query parameters (see ``FlightSQLConnectionURL``); those override `options`.
    /// With a username and password the Flight handshake runs first.
    public static func connect(url: String, options: FlightClientOptions = FlightClientOptions()) async throws(DBAPIError) -> FlightSQLConnection {
        let parsed = try FlightSQLConnectionURL.parse(url, defaults: options)
        let client = try await mappingFlightErrors { try await FlightSQLClient.connect(url: parsed.address, options: parsed.options) }
        return FlightSQLConnection(client: client)
    }

    /// Wraps a connected client; closing the connection closes the client.
    public init(client: FlightSQLClient) {
        session = FlightSQLSession(client: client)
    }

    /// The Flight SQL client, for what the DB-API does not cover (metadata commands).
    public var client: FlightSQLClient { session.client }

    /// A new cursor; an `interfaceError` once the connection is closed.
    public func cursor() async throws(DBAPIError) -> FlightSQLCursor {
        let cursor = FlightSQLCursor(session: session)
        try core.register(cursor)
        return cursor
    }

    /// What the server reports about itself (asked once, then remembered).
    public func serverCapabilities() async throws(DBAPIError) -> FlightSQLServerCapabilities {
        try core.checkOpen()
        return try await session.capabilities()
    }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { core.isClosed }

    /// Whether each statement commits on its own (true unless a transaction was begun with
    /// `setAutocommit(false)`).
    public func autocommit() async throws(DBAPIError) -> Bool {
        try core.checkOpen()
        return core.autocommit
    }

    /// Turning autocommit off begins a transaction (a `notSupportedError` if the server has
    /// none); turning it on commits the open transaction. If that commit fails, the error is
    /// thrown and nothing changes: autocommit stays off and the transaction stays open, for
    /// `commit()`, `rollback()` or another try.
    public func setAutocommit(_ enabled: Bool) async throws(DBAPIError) {
        try core.checkOpen()
        guard enabled != core.autocommit else { return }
        if enabled {
            // Commit first: if it fails, autocommit stays off with the transaction still
            // current, so that the caller can retry or roll back instead of leaving it open
            // on the server (where it holds its locks until the server rolls it back).
            _ = try await session.endOpenTransaction(commit: true)
            session.manualCommit = false
            core.autocommit = true
        } else {
            guard try await session.capabilities().supportsTransactions else {
                throw DBAPIError(.notSupportedError, "the server does not support transactions; autocommit stays on")
            }
            try await session.beginTransaction()
            session.manualCommit = true
            core.autocommit = false
        }
    }

    /// Commits the open transaction and begins the next; a no-op in autocommit mode. If the
    /// commit fails, the transaction stays current (for a retry or `rollback()`) unless the
    /// server no longer knows it.
    public func commit() async throws(DBAPIError) {
        try await endTransaction(commit: true)
    }

    /// Rolls back the open transaction and begins the next. In autocommit mode there is
    /// nothing to roll back: a no-op on a server with transactions, a `notSupportedError`
    /// on one without (PEP 249: rolling back cannot work there).
    public func rollback() async throws(DBAPIError) {
        try await endTransaction(commit: false)
    }

    private func endTransaction(commit: Bool) async throws(DBAPIError) {
        try core.checkOpen()
        // A failed commit or rollback keeps the transaction current (see
        // `FlightSQLSession.endOpenTransaction`), so that a retry or a rollback reaches it.
        guard try await session.endOpenTransaction(commit: commit) else {
            if !commit, core.autocommit, !(try await session.capabilities().supportsTransactions) {
                throw DBAPIError(.notSupportedError, "the server does not support transactions, so there is nothing to roll back")
            }
            return
        }
        // Statements keep running in a transaction until autocommit is turned back on. The
        // commit or rollback itself succeeded; if the next transaction cannot begin now, the
        // next statement tries again (and reports the failure).
        try? await session.beginTransaction()
    }

    // MARK: - Savepoints

    /// Begins a savepoint named `name` in the open transaction (`BeginSavepoint`). Savepoints
    /// need autocommit off (a `programmingError` otherwise) and a server that reports
    /// savepoint support (a `notSupportedError` otherwise). They end with the transaction.
    public func savepoint(_ name: String) async throws(DBAPIError) {
        try core.checkOpen()
        guard try await session.capabilities().transactions == .savepoint else {
            throw DBAPIError(.notSupportedError, "the server does not support savepoints")
        }
        guard !core.autocommit, let transactionID = try await session.statementTransactionID() else {
            throw DBAPIError(.programmingError, "savepoints need a transaction: turn autocommit off first")
        }
        try await session.beginSavepoint(name, transactionID: transactionID)
    }

    /// Releases the innermost savepoint named `name` (and the ones begun after it), keeping
    /// their work in the transaction (`EndSavepoint(RELEASE)`).
    public func releaseSavepoint(_ name: String) async throws(DBAPIError) {
        try core.checkOpen()
        try await session.endSavepoint(name, rollback: false)
    }

    /// Undoes the work done since the innermost savepoint named `name`
    /// (`EndSavepoint(ROLLBACK)`). In Flight SQL this also ends the savepoint (and the ones
    /// begun after it), unlike SQL's `ROLLBACK TO`, which keeps it; the transaction goes on.
    public func rollbackToSavepoint(_ name: String) async throws(DBAPIError) {
        try core.checkOpen()
        try await session.endSavepoint(name, rollback: true)
    }

    /// Closes the cursors, rolls back an open transaction (best effort) and closes the
    /// client. Idempotent.
    public func close() async throws(DBAPIError) {
        guard await core.close() else { return }
        if let id = session.takeTransaction() { try? await session.endTransaction(id, commit: false) }
        session.client.close()
    }
}
