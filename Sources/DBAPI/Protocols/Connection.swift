/// A PEP 249 connection: makes cursors and controls transactions.
///
/// Class-bound and `Sendable` for the same reasons as ``Cursor``: one shared, stateful
/// object per session. Connections may be shared between tasks (``DBAPIModule/threadsafety``
/// is 2); give each task its own cursor. ``ConnectionCore`` carries the bookkeeping a driver
/// needs (closed flag, autocommit flag, live cursors).
public protocol Connection<DriverCursor>: AnyObject, Sendable {
    /// The driver's cursor type.
    associatedtype DriverCursor: Cursor

    /// A new cursor on this connection; `interfaceError` once the connection is closed.
    func cursor() async throws(DBAPIError) -> DriverCursor

    /// Commits the current transaction (a no-op in autocommit mode).
    func commit() async throws(DBAPIError)

    /// Rolls back the current transaction (a no-op in autocommit mode). A driver whose
    /// database has no transactions at all throws `notSupportedError` instead (PEP 249: a
    /// rollback that cannot be honoured must not pretend to succeed).
    func rollback() async throws(DBAPIError)

    /// Closes the connection and every cursor it made; an open transaction is rolled back,
    /// as PEP 249 requires. Idempotent.
    func close() async throws(DBAPIError)

    /// Whether ``close()`` was called.
    var isClosed: Bool { get }

    /// Whether every statement commits on its own.
    func autocommit() async throws(DBAPIError) -> Bool

    /// Turns autocommit on or off; turning it on commits an open transaction.
    func setAutocommit(_ enabled: Bool) async throws(DBAPIError)
}

extension Connection {
    /// A new cursor that has executed `sql`: `let rows = try await conn.execute(sql).fetchall()`.
    public func execute(_ sql: String, parameters: [Value] = []) async throws(DBAPIError) -> DriverCursor {
        let cursor = try await cursor()
        try await cursor.execute(sql, parameters: parameters)
        return cursor
    }
}
