import Arrow
import DBAPI
import SQLiteDBAPI

/// A running SQLite query read as Arrow record batches: each ``next()`` takes up to
/// `batchSize` rows from the cursor's batches (SQLite steps only as far as needed) and
/// encodes them column by column.
final class SQLiteQueryStream: FlightSQLRecordBatchStream {
    let schema: Schema
    private let cursor: SQLiteCursor
    private let batchSize: Int
    private let state: Locked<State>

    private struct State {
        var encoder: RowBatchEncoder
        var finished = false
    }

    /// Runs `sql` on `connection` and reads its description.
    static func start(connection: SQLiteConnection, sql: String, parameters: [Value], batchSize: Int) async throws -> SQLiteQueryStream {
        let cursor = try await connection.cursor()
        do {
            try await cursor.execute(sql, parameters: parameters)
            let schema = Schema(fields: (cursor.description ?? []).map(SQLiteArrowTypes.field))
            return try SQLiteQueryStream(schema: schema, cursor: cursor, batchSize: batchSize)
        } catch {
            try? await cursor.close()
            throw error
        }
    }

    private init(schema: Schema, cursor: SQLiteCursor, batchSize: Int) throws {
        self.schema = schema
        self.cursor = cursor
        self.batchSize = max(1, batchSize)
        state = Locked(State(encoder: try RowBatchEncoder(schema: schema)))
    }

    func next() async throws -> RecordBatch? {
        if state.withLock({ $0.finished }) { return nil }
        if schema.fields.isEmpty {
            await close()
            return nil
        }
        var taken = 0
        while taken < batchSize, let chunk = try await cursor.core.nextChunk(limit: batchSize - taken) {
            try state.withLock { state in try state.encoder.append(chunk.batch, rows: chunk.rows) }
            taken += chunk.rows.count
        }
        if taken == 0 {
            await close()
            return nil
        }
        return try state.withLock { state in try state.encoder.finish() }
    }

    func close() async {
        let wasOpen = state.withLock { state in
            defer { state.finished = true }
            return !state.finished
        }
        if wasOpen { try? await cursor.close() }
    }
}
