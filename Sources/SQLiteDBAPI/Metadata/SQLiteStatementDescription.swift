import CSQLite
import DBAPI

/// What a statement will take and return, found by preparing it without running it: for a
/// Flight SQL server's `CreatePreparedStatement`, which must report the parameter count and
/// the result schema before execution.
public struct SQLiteStatementDescription: Sendable, Hashable {
    /// One result column as preparation sees it.
    public struct Column: Sendable, Hashable {
        /// The column's name (or alias).
        public var name: String
        /// The declared type of the column it comes from, nil for expressions.
        public var declaredType: String?
        /// ``SQLiteColumnType/from(declaredType:)``: ``SQLiteColumnType/unknown`` for
        /// expressions, whose type only their values reveal.
        public var type: SQLiteColumnType

        /// Creates a column.
        public init(name: String, declaredType: String?, type: SQLiteColumnType) {
            self.name = name
            self.declaredType = declaredType
            self.type = type
        }
    }

    /// The number of `?` parameters.
    public var parameterCount: Int
    /// The result columns; empty for statements without a result set.
    public var columns: [Column]
    /// Whether the statement leaves the database unchanged (`sqlite3_stmt_readonly`).
    public var isReadOnly: Bool

    /// Creates a description.
    public init(parameterCount: Int, columns: [Column], isReadOnly: Bool) {
        self.parameterCount = parameterCount
        self.columns = columns
        self.isReadOnly = isReadOnly
    }
}

extension SQLiteConnection {
    /// Prepares `sql` (one statement, as for `execute`) without running it and describes its
    /// parameters and result columns. Errors are those of `execute`'s preparation
    /// (`programmingError` for bad SQL or several statements). Cancelling the calling task
    /// stops a wait for another connection's lock (to read the schema).
    public func describe(_ sql: String) async throws(DBAPIError) -> SQLiteStatementDescription {
        try session.core.checkOpen()
        let database = session.database
        // Preparing runs nothing, but may read the schema (and wait for a lock to do so):
        // a cancelled task stops that as it does a statement.
        return try await database.perform(stoppingOnCancel: true) { handle throws(DBAPIError) in
            guard let statement = try SQLiteStatement.prepare(sql, database: database, handle: handle),
                let pointer = statement.pointer
            else { return SQLiteStatementDescription(parameterCount: 0, columns: [], isReadOnly: true) }
            defer { statement.finalize() }
            let columns = (0..<statement.columnCount).map { index in
                let reader = ColumnReader(statement: pointer, index: index)
                return SQLiteStatementDescription.Column(name: reader.name, declaredType: reader.declaredType, type: reader.type)
            }
            return SQLiteStatementDescription(
                parameterCount: Int(sqlite3_bind_parameter_count(pointer)), columns: columns,
                isReadOnly: statement.isReadOnly)
        }
    }
}
