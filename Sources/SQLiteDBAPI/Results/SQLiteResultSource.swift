import DBAPI

/// A query's batches, read from SQLite on demand: each ``nextBatch()`` hops to the database
/// queue and steps up to one batch of rows, so rows are produced only as fast as the cursor
/// consumes them.
final class SQLiteResultSource: RowBatchSource {
    private let database: SQLiteDatabase
    private let reader: ResultReader

    init(database: SQLiteDatabase, reader: ResultReader) {
        self.database = database
        self.reader = reader
    }

    /// The next batch (the first one was read ahead by `execute`); nil at the end.
    func nextBatch() async throws(DBAPIError) -> (any RowBatch)? {
        let reader = self.reader
        return try await database.perform(stoppingOnCancel: true) { _ throws(DBAPIError) in try reader.nextBatch() }
    }

    /// Finalizes the statement, also after the connection was closed.
    func cancel() async {
        let reader = self.reader
        await database.performAlways { reader.cancel() }
    }
}
