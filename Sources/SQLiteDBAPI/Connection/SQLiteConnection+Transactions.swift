import CSQLite
import DBAPI
import Foundation

extension SQLiteConnection {
    /// Commits the open transaction; does nothing in autocommit mode or when none is open.
    public func commit() async throws(DBAPIError) {
        try session.core.checkOpen()
        guard !session.core.autocommit else { return }
        try await endTransaction("COMMIT")
    }

    /// Rolls back the open transaction; does nothing in autocommit mode or when none is
    /// open. Queries still being read on this connection's cursors stay readable unless
    /// the rollback undoes a schema change (SQLite then aborts them: their next fetch is an
    /// `operationalError`).
    public func rollback() async throws(DBAPIError) {
        try session.core.checkOpen()
        guard !session.core.autocommit else { return }
        try await endTransaction("ROLLBACK")
    }

    /// Whether every statement commits on its own.
    public func autocommit() async throws(DBAPIError) -> Bool {
        try session.core.checkOpen()
        return session.core.autocommit
    }

    /// Turns autocommit on (committing an open transaction first, as PEP 249 drivers do) or
    /// off (the next statement opens a transaction).
    public func setAutocommit(_ enabled: Bool) async throws(DBAPIError) {
        try session.core.checkOpen()
        if enabled, !session.core.autocommit { try await endTransaction("COMMIT") }
        session.core.autocommit = enabled
    }

    /// Whether a transaction is open (`!sqlite3_get_autocommit`).
    public func isInTransaction() async throws(DBAPIError) -> Bool {
        try session.core.checkOpen()
        return try await session.database.perform { handle in sqlite3_get_autocommit(handle) == 0 }
    }

    /// Starts a savepoint (`SAVEPOINT "name"`). In manual-commit mode the implicit
    /// transaction is opened first, so the savepoint nests in it and only ``commit()`` makes
    /// its work permanent; in autocommit mode an outermost savepoint starts a transaction
    /// that releasing it commits.
    public func savepoint(_ name: String) async throws(DBAPIError) {
        let sql = "SAVEPOINT " + (try Self.quotedIdentifier(name))
        try session.core.checkOpen()
        let autocommit = session.core.autocommit
        try await session.database.perform { handle throws(DBAPIError) in
            try StatementRunner.beginIfNeeded(handle, kind: .other, autocommit: autocommit)
            try SQLiteDatabase.exec(handle, sql)
        }
    }

    /// Releases a savepoint and every savepoint started after it (`RELEASE "name"`), keeping
    /// their work in the enclosing transaction.
    public func releaseSavepoint(_ name: String) async throws(DBAPIError) {
        try await run("RELEASE SAVEPOINT " + (try Self.quotedIdentifier(name)))
    }

    /// Undoes the work done since a savepoint (`ROLLBACK TO "name"`). The savepoint stays
    /// active, as in SQLite, so it can be rolled back to again or released.
    public func rollbackToSavepoint(_ name: String) async throws(DBAPIError) {
        try await run("ROLLBACK TO SAVEPOINT " + (try Self.quotedIdentifier(name)))
    }

    private func endTransaction(_ sql: String) async throws(DBAPIError) {
        try await session.database.perform { handle throws(DBAPIError) in
            if sqlite3_get_autocommit(handle) == 0 { try SQLiteDatabase.exec(handle, sql) }
        }
    }

    private func run(_ sql: String) async throws(DBAPIError) {
        try session.core.checkOpen()
        try await session.database.perform { handle throws(DBAPIError) in try SQLiteDatabase.exec(handle, sql) }
    }

    /// `"name"` with inner quotes doubled, so any name is one identifier; an empty name or
    /// one with a NUL character is a `programmingError`.
    static func quotedIdentifier(_ name: String) throws(DBAPIError) -> String {
        guard !name.isEmpty, !name.utf8.contains(0) else {
            throw DBAPIError(.programmingError, "an identifier must be non-empty and without NUL characters")
        }
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
