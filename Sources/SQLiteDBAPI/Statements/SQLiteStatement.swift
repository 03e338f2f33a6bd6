import CSQLite
import DBAPI

/// One prepared statement (`sqlite3_stmt*`).
///
/// **Confinement.** Every method must be called on the owning ``SQLiteDatabase``'s queue (from
/// inside `perform`), which is what makes `@unchecked Sendable` safe: the object crosses
/// tasks inside result sources, but the pointer is only ever used on that one queue.
final class SQLiteStatement: @unchecked Sendable {
    /// The database whose queue confines the statement.
    let database: SQLiteDatabase
    /// The connection handle the statement was prepared on.
    let handle: OpaquePointer
    /// The statement; nil once finalized.
    private(set) var pointer: OpaquePointer?
    /// What the leading keyword says about the statement.
    let kind: StatementKind

    private init(database: SQLiteDatabase, handle: OpaquePointer, pointer: OpaquePointer, kind: StatementKind) {
        self.database = database
        self.handle = handle
        self.pointer = pointer
        self.kind = kind
    }

    deinit {
        // Finalize on the queue: this may run on any thread.
        if let pointer {
            let statement = UncheckedPointer(raw: pointer)
            database.enqueue { sqlite3_finalize(statement.raw) }
        }
    }

    /// Prepares exactly one statement; nil when `sql` holds only whitespace and comments.
    ///
    /// Text after the first statement (other than whitespace and comments) is a
    /// `programmingError`, like Python's `sqlite3`: running only the first statement would
    /// silently drop the rest. Use `SQLiteConnection.executeScript(_:)` for scripts.
    static func prepare(_ sql: String, database: SQLiteDatabase, handle: OpaquePointer) throws(DBAPIError) -> SQLiteStatement? {
        guard !sql.utf8.contains(0) else {
            throw DBAPIError(.programmingError, "the SQL text contains a NUL character")
        }
        let prepared = try prepareFirst(sql, database: database, handle: handle)
        guard let statement = prepared.statement else { return nil }
        if prepared.rest.contains(where: { !isSpace($0) }) {
            // Anything that prepares, or fails to, after the first statement (and any empty
            // `;` statements) is a second one.
            let rest = String(decoding: prepared.rest, as: UTF8.self)
            let extra = Result { () throws(DBAPIError) in try prepareNext(rest, database: database, handle: handle) }
            if case .success(nil) = extra {
                // Only empty statements follow.
            } else {
                if case .success(let next?) = extra { next.0.finalize() }
                statement.finalize()
                throw DBAPIError(
                    .programmingError,
                    "only one statement can be executed at a time; use executeScript for several")
            }
        }
        return statement
    }

    /// Prepares the first statement of a script and returns it with the text after it; nil
    /// when only whitespace, comments and empty statements are left.
    static func prepareNext(
        _ script: String, database: SQLiteDatabase, handle: OpaquePointer
    ) throws(DBAPIError) -> (SQLiteStatement, String)? {
        guard !script.utf8.contains(0) else {
            throw DBAPIError(.programmingError, "the SQL text contains a NUL character")
        }
        var remaining = script
        while !remaining.isEmpty {
            let (statement, rest) = try prepareFirst(remaining, database: database, handle: handle)
            let restText = String(decoding: rest, as: UTF8.self)
            if let statement { return (statement, restText) }
            guard rest.count < remaining.utf8.count else { return nil }
            remaining = restText
        }
        return nil
    }

    /// Prepares the first statement of `sql`; returns it (nil if there was none) and the
    /// unprepared rest.
    private static func prepareFirst(
        _ sql: String, database: SQLiteDatabase, handle: OpaquePointer
    ) throws(DBAPIError) -> (statement: SQLiteStatement?, rest: [UInt8]) {
        var text = sql
        let outcome: (code: Int32, pointer: OpaquePointer?, consumed: Int) = text.withUTF8 { buffer in
            guard buffer.count < Int(Int32.max) else { return (SQLITE_TOOBIG, nil, 0) }
            guard let base = buffer.baseAddress, buffer.count > 0 else { return (SQLITE_OK, nil, 0) }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { start in
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let code = sqlite3_prepare_v2(handle, start, Int32(buffer.count), &statement, &tail)
                let consumed = tail.map { start.distance(to: $0) } ?? buffer.count
                return (code, statement, consumed)
            }
        }
        guard outcome.code == SQLITE_OK else {
            if let pointer = outcome.pointer { sqlite3_finalize(pointer) }
            if outcome.code == SQLITE_TOOBIG { throw DBAPIError(.programmingError, "the SQL text is too long") }
            throw SQLiteErrors.error(code: outcome.code, handle: handle)
        }
        let rest = Array(sql.utf8.dropFirst(outcome.consumed))
        guard let pointer = outcome.pointer else { return (nil, rest) }
        return (SQLiteStatement(database: database, handle: handle, pointer: pointer, kind: StatementKind(sql: sql)), rest)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// The number of result columns (0 for statements without a result set).
    var columnCount: Int {
        guard let pointer else { return 0 }
        return Int(sqlite3_column_count(pointer))
    }

    /// Whether the statement does not write to the database.
    var isReadOnly: Bool {
        guard let pointer else { return true }
        return sqlite3_stmt_readonly(pointer) != 0
    }

    /// Binds one parameter set (after resetting a previous run).
    func bind(_ parameters: [Value]) throws(DBAPIError) {
        guard let pointer else { throw Self.finalizedError }
        if !placeholdersChecked {
            try ParameterBinding.checkPositional(pointer)
            placeholdersChecked = true
        }
        try ParameterBinding.bind(parameters, to: pointer, handle: handle)
    }

    /// Whether ``bind(_:)`` has checked that the placeholders are positional.
    private var placeholdersChecked = false

    /// Resets the statement for another run. Bindings need no clearing: every run binds
    /// every parameter.
    func reset() {
        guard let pointer else { return }
        sqlite3_reset(pointer)
    }

    /// Advances the statement: true for a row, false when done; an error otherwise.
    func step() throws(DBAPIError) -> Bool {
        guard let pointer else { throw Self.finalizedError }
        switch sqlite3_step(pointer) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code:
            // With sqlite3_prepare_v2 the step's code is the error; read the message now.
            let error = SQLiteErrors.error(code: code, handle: handle)
            sqlite3_reset(pointer)
            throw error
        }
    }

    /// The rows the last completed run changed, when the statement is DML, else -1.
    var rowcount: Int {
        switch kind {
        case .dml: Int(sqlite3_changes64(handle))
        case .commonTableExpression where !isReadOnly: Int(sqlite3_changes64(handle))
        default: -1
        }
    }

    /// Releases the statement (and any read lock it holds). Idempotent.
    func finalize() {
        if let pointer { sqlite3_finalize(pointer) }
        pointer = nil
    }

    private static let finalizedError = DBAPIError(.interfaceError, "the statement's result was closed")
}
