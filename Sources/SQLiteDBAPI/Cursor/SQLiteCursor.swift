import DBAPI

/// A DB-API cursor on an ``SQLiteConnection``.
///
/// `execute` prepares the statement with `sqlite3_prepare_v2`, binds the parameters natively
/// (`?` placeholders, never interpolated into the SQL), steps it once and, for a query, reads
/// the first batch ahead so that ``description`` is complete before any fetch. Further
/// batches (``SQLiteConnection/Options/batchSize`` rows each) are stepped only when a fetch
/// needs them. ``rowcount`` is `sqlite3_changes64` for `INSERT`/`UPDATE`/`DELETE`/`REPLACE`,
/// -1 for queries and other statements (the DB-API core reports a query's row count once
/// every row was read).
///
/// Everything else (fetching across batches, `arraysize`, `rows`, `close`, the state
/// machine) comes from ``CursorCore``.
///
/// Cancelling the task that executes or fetches stops the statement inside SQLite (a
/// progress handler, checked every few thousand instructions): the call fails with an
/// `operationalError` (`SQLITE_INTERRUPT`) at once instead of after the statement finishes,
/// and the connection is ready for the next statement. Only that call's work is stopped,
/// never another cursor's statement on the same connection. Like every DB-API cursor, one cursor serves one task
/// at a time; cursors of one connection may be used from different tasks, since all SQLite
/// work is serialized on the connection's queue.
public final class SQLiteCursor: CoreBackedCursor {
    /// The cursor's state and fetch engine.
    public let core = CursorCore()
    private let session: SQLiteSession

    init(session: SQLiteSession) {
        self.session = session
    }

    /// Runs one statement (see the type's documentation); called by `execute`.
    public func run(_ sql: String, parameters: [Value]) async throws(DBAPIError) -> ExecutionResult {
        let session = self.session
        try session.core.checkOpen()
        let autocommit = session.core.autocommit
        return try await session.database.perform(stoppingOnCancel: true) { handle throws(DBAPIError) in
            try StatementRunner.run(
                sql, parameters: parameters, database: session.database, handle: handle,
                autocommit: autocommit, batchSize: session.batchSize)
        }
    }

    /// Prepares `sql` once and runs it for every parameter set in one job on the database
    /// queue; ``rowcount`` is the sum of changed rows. Statements returning rows are a
    /// `programmingError`; with an empty `parameterSets` the statement is only prepared.
    public func executemany(_ sql: String, parameterSets: [[Value]]) async throws(DBAPIError) {
        let session = self.session
        try await core.execute {
            try session.core.checkOpen()
            let autocommit = session.core.autocommit
            let rowcount = try await session.database.perform(stoppingOnCancel: true) { handle throws(DBAPIError) in
                try StatementRunner.runMany(
                    sql, parameterSets: parameterSets, database: session.database, handle: handle,
                    autocommit: autocommit)
            }
            return .update(rowcount: rowcount)
        }
    }
}

extension SQLiteCursor {
    /// The current result's column types (each description's ``SQLiteColumnInfo``), which a
    /// Flight SQL server maps to Arrow types; nil without a result set.
    public var columnTypes: [SQLiteColumnType]? {
        description?.map { ($0.driverInfo as? SQLiteColumnInfo)?.type ?? .unknown }
    }
}
