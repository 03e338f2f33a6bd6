import CSQLite
import DBAPI

/// A DB-API connection to an SQLite database file (or `:memory:`).
///
/// ```swift
/// let connection = try SQLiteConnection.open(path: "app.sqlite")
/// let cursor = try await connection.cursor()
/// try await cursor.execute("INSERT INTO people VALUES (?, ?)", parameters: [1, "Ada"])
/// try await connection.commit()
/// ```
///
/// **Transactions** follow Python's `sqlite3` with `autocommit=False` (the PEP 249 mode) by
/// default: a transaction is opened implicitly (`BEGIN`, deferred) before the first statement
/// that needs one, and ``commit()`` or ``rollback()`` ends it. Statements that control
/// transactions themselves or cannot run inside one (`BEGIN`, `COMMIT`, `END`, `ROLLBACK`,
/// `RELEASE`, `VACUUM`, `ATTACH`, `DETACH`, `PRAGMA`) get no implicit `BEGIN`. With
/// ``Options/autocommit`` (or ``setAutocommit(_:)``) every statement commits on its own
/// unless the SQL opens a transaction itself, and ``commit()``/``rollback()`` do nothing.
///
/// **Concurrency.** The connection is `Sendable` and may be shared between tasks: every
/// SQLite call runs on the connection's own serial queue (see ``SQLiteDatabase``). Give each
/// task its own cursor.
public final class SQLiteConnection: Connection {
    let session: SQLiteSession

    private init(session: SQLiteSession) {
        self.session = session
    }

    /// Opens (or creates) the database at `path`; `":memory:"` opens a private in-memory
    /// database. A file that cannot be opened is an `operationalError`, one that is not a
    /// database a `databaseError` (`SQLITE_NOTADB`), each with SQLite's message and code.
    public static func open(path: String, options: Options = Options()) throws(DBAPIError) -> SQLiteConnection {
        guard !path.utf8.contains(0) else { throw DBAPIError(.programmingError, "the path contains a NUL character") }
        var flags = SQLITE_OPEN_NOMUTEX  // the connection's queue serializes every call
        if options.readOnly {
            flags |= SQLITE_OPEN_READONLY
        } else {
            flags |= SQLITE_OPEN_READWRITE
            if options.create { flags |= SQLITE_OPEN_CREATE }
        }
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            var error = SQLiteErrors.error(code: code, handle: handle)
            error.kind = .operationalError
            sqlite3_close_v2(handle)
            throw error
        }
        // Configure before the handle is shared: this thread is still its only user.
        sqlite3_extended_result_codes(handle, 1)
        // For the check below; SQLiteDatabase then installs a wait that a cancel can end.
        sqlite3_busy_timeout(handle, Self.milliseconds(options.busyTimeout))
        cflightsql_sqlite_disable_double_quoted_strings(handle)
        if options.enforceForeignKeys, !options.readOnly {
            sqlite3_exec(handle, "PRAGMA foreign_keys = ON", nil, nil, nil)
        }
        // SQLite opens files lazily; reading the schema now makes a file that is not a
        // database (SQLITE_NOTADB) fail here rather than at the first statement.
        let check = sqlite3_exec(handle, "SELECT 1 FROM sqlite_schema LIMIT 0", nil, nil, nil)
        guard check == SQLITE_OK else {
            let error = SQLiteErrors.error(code: check, handle: handle)
            sqlite3_close_v2(handle)
            throw error
        }
        let database = SQLiteDatabase(
            handle: handle, label: path, busyTimeoutMilliseconds: Self.milliseconds(options.busyTimeout))
        return SQLiteConnection(
            session: SQLiteSession(database: database, autocommit: options.autocommit, batchSize: options.batchSize))
    }

    /// Seconds as SQLite's busy timeout in milliseconds, clamped (NaN and negatives: 0).
    private static func milliseconds(_ seconds: Double) -> Int32 {
        let value = seconds * 1_000
        guard value > 0 else { return 0 }
        return value >= Double(Int32.max) ? Int32.max : Int32(value)
    }

    /// A new cursor; `interfaceError` once the connection is closed.
    public func cursor() async throws(DBAPIError) -> SQLiteCursor {
        let cursor = SQLiteCursor(session: session)
        try session.core.register(cursor)
        return cursor
    }

    /// Closes every cursor of the connection, rolls back an open transaction and closes the
    /// database. Idempotent; later use of the connection is an `interfaceError`.
    public func close() async throws(DBAPIError) {
        if await session.core.close() { await session.database.close() }
    }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { session.core.isClosed }

    /// Stops whatever statement is running on this connection, from any task: it fails with
    /// an `operationalError` (`SQLITE_INTERRUPT`), and a transaction it was part of may be
    /// rolled back by SQLite. For a server's `CancelQuery`, or a timeout. Every statement
    /// running on the connection at the time is interrupted, whichever cursor runs it.
    public func interrupt() {
        session.database.interrupt()
    }

    /// Runs one statement for its effect, once per parameter set (once without parameters
    /// when `parameterSets` is empty), and returns the number of rows it changed in all
    /// (`sqlite3_changes64`; -1 for statements other than `INSERT`, `UPDATE`, `DELETE`,
    /// `REPLACE` and writing `WITH …`).
    ///
    /// Unlike `executemany`, a statement that returns rows is accepted and its rows are
    /// discarded: `INSERT … RETURNING` runs to completion and reports its changes. This is
    /// what a server needs for an update request (Flight SQL's `CommandStatementUpdate`),
    /// which has no way to return rows. A statement that only reads is stepped once and
    /// reports -1. Statements get the implicit `BEGIN` of manual-commit mode like `execute`;
    /// a failing set stops the call (the sets before it stay done).
    public func executeUpdate(_ sql: String, parameterSets: [[Value]] = []) async throws(DBAPIError) -> Int {
        try session.core.checkOpen()
        let autocommit = session.core.autocommit
        let database = session.database
        let sets = parameterSets.isEmpty ? [[]] : parameterSets
        return try await database.perform(stoppingOnCancel: true) { handle throws(DBAPIError) in
            try StatementRunner.runMany(
                sql, parameterSets: sets, database: database, handle: handle, autocommit: autocommit,
                discardingRows: true)
        }
    }

    /// Runs an SQL script: every statement in order, without parameters, discarding any
    /// rows (Python's `executescript`, for schema set-up). Statements get the implicit
    /// `BEGIN` of manual-commit mode like `execute`; the first failure stops the script.
    public func executeScript(_ script: String) async throws(DBAPIError) {
        try session.core.checkOpen()
        let autocommit = session.core.autocommit
        let database = session.database
        try await database.perform(stoppingOnCancel: true) { handle throws(DBAPIError) in
            try StatementRunner.runScript(script, database: database, handle: handle, autocommit: autocommit)
        }
    }
}
