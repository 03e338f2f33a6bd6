import CSQLite
import DBAPI

/// Runs statements on the database queue: prepare, bind, the implicit `BEGIN` of
/// manual-commit mode, the first step, and the result. Shared by cursors and
/// `executeScript`.
enum StatementRunner {
    /// In manual-commit mode, opens a transaction before a statement that should run in one
    /// (PEP 249: nothing persists until `commit()`), unless one is open already.
    static func beginIfNeeded(_ handle: OpaquePointer, kind: StatementKind, autocommit: Bool) throws(DBAPIError) {
        guard !autocommit, kind != .outsideTransaction, sqlite3_get_autocommit(handle) != 0 else { return }
        try SQLiteDatabase.exec(handle, "BEGIN")
    }

    /// Runs one statement with one parameter set and returns its result: a result set whose
    /// first batch is already read (so ``ColumnDescription``s are complete), or a row count.
    static func run(
        _ sql: String, parameters: [Value], database: SQLiteDatabase, handle: OpaquePointer,
        autocommit: Bool, batchSize: Int
    ) throws(DBAPIError) -> ExecutionResult {
        guard let statement = try SQLiteStatement.prepare(sql, database: database, handle: handle) else {
            guard parameters.isEmpty else {
                throw DBAPIError(.programmingError, "the statement has 0 parameter(s) but \(parameters.count) were supplied")
            }
            return .update(rowcount: -1)  // only whitespace and comments: nothing to do
        }
        try statement.bind(parameters)
        try beginIfNeeded(handle, kind: statement.kind, autocommit: autocommit)
        let hasRow = try statement.step()
        guard statement.columnCount > 0 else {
            // Finish the statement (a DML statement is done after one step).
            var more = hasRow
            while more { more = try statement.step() }
            let rowcount = statement.rowcount
            statement.finalize()
            return .update(rowcount: rowcount)
        }
        let reader = ResultReader(statement: statement, hasRow: hasRow, batchSize: batchSize)
        reader.prefetchAndDescribe()
        return .rows(columns: reader.columns, source: SQLiteResultSource(database: database, reader: reader))
    }

    /// Runs one DML statement once per parameter set on one prepared statement and returns
    /// the total number of changed rows (-1 if a run's count is unknown).
    ///
    /// A statement that returns rows is a `programmingError`, as in Python's `sqlite3`,
    /// unless `discardingRows`: then a statement that writes (`INSERT … RETURNING`) runs to
    /// completion with its rows dropped, since SQLite counts its changes only when it
    /// finishes, and one that only reads is stepped once (its errors surface, its rows are
    /// not worth reading) and counts -1.
    static func runMany(
        _ sql: String, parameterSets: [[Value]], database: SQLiteDatabase, handle: OpaquePointer, autocommit: Bool,
        discardingRows: Bool = false
    ) throws(DBAPIError) -> Int {
        guard let statement = try SQLiteStatement.prepare(sql, database: database, handle: handle) else {
            return 0
        }
        defer { statement.finalize() }
        let returnsRows = statement.columnCount > 0
        guard discardingRows || !returnsRows else {
            throw DBAPIError(.programmingError, "executemany runs only statements without a result set")
        }
        let onlyReads = returnsRows && statement.isReadOnly
        try beginIfNeeded(handle, kind: statement.kind, autocommit: autocommit)
        var total = 0
        var known = !onlyReads
        for parameters in parameterSets {
            statement.reset()
            try statement.bind(parameters)
            if onlyReads {
                _ = try statement.step()
                continue
            }
            while try statement.step() {}
            let count = statement.rowcount
            if count < 0 { known = false } else { total += count }
        }
        return known ? total : -1
    }

    /// Runs every statement of `script` in order, without parameters, discarding results.
    /// Each statement gets the same implicit `BEGIN` as `execute`; a failure stops the
    /// script (earlier statements stay done, inside the transaction when one is open).
    static func runScript(
        _ script: String, database: SQLiteDatabase, handle: OpaquePointer, autocommit: Bool
    ) throws(DBAPIError) {
        var remaining = script
        while true {
            guard let (statement, rest) = try SQLiteStatement.prepareNext(remaining, database: database, handle: handle)
            else { return }
            defer { statement.finalize() }
            guard sqlite3_bind_parameter_count(statement.pointer) == 0 else {
                throw DBAPIError(.programmingError, "a script cannot have parameters")
            }
            try beginIfNeeded(handle, kind: statement.kind, autocommit: autocommit)
            while try statement.step() {}
            remaining = rest
        }
    }
}
