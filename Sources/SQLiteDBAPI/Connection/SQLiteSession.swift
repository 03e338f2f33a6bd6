import DBAPI

/// What a connection shares with its cursors: the database (handle and queue), the DB-API
/// bookkeeping (closed and autocommit flags, live cursors) and the batch size.
final class SQLiteSession: Sendable {
    let database: SQLiteDatabase
    let core: ConnectionCore
    let batchSize: Int

    init(database: SQLiteDatabase, autocommit: Bool, batchSize: Int) {
        self.database = database
        core = ConnectionCore(autocommit: autocommit)
        self.batchSize = max(1, batchSize)
    }
}
