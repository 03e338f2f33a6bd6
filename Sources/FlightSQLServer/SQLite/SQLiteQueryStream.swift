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
    private let onClose: (@Sendable () async -> Void)?
    private let state: Locked<State>

    private struct State {
        var encoder: RowBatchEncoder
        var finished = false
    }

    /// Runs `sql` on `connection` and reads its description. `onClose` runs once the
    /// statement is finished with (closed, read to the end, or failed to start).
    static func start(
        connection: SQLiteConnection, sql: String, parameters: [Value], batchSize: Int,
        onClose: (@Sendable () async -> Void)? = nil
    ) async throws -> SQLiteQueryStream {
        let cursor: SQLiteCursor
        do {
            cursor = try await connection.cursor()
        } catch {
            await onClose?()
            throw error
        }
        do {
            try await cursor.execute(sql, parameters: parameters)
            let schema = Schema(fields: (cursor.description ?? []).map(SQLiteArrowTypes.field))
            return try SQLiteQueryStream(schema: schema, cursor: cursor, batchSize: batchSize, onClose: onClose)
        } catch {
            try? await cursor.close()
            await onClose?()
            throw error
        }
    }

    private init(schema: Schema, cursor: SQLiteCursor, batchSize: Int, onClose: (@Sendable () async -> Void)?) throws {
        self.schema = schema
        self.cursor = cursor
        self.batchSize = max(1, batchSize)
        self.onClose = onClose
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
        guard wasOpen else { return }
        try? await cursor.close()
        await onClose?()
    }
}
