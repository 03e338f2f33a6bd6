import Arrow
import DBAPI

/// A query's result read to the end when it ran, served from memory: for a query that writes
/// (`… RETURNING`) outside a transaction, whose changes SQLite commits, and whose write lock
/// it releases, only once the statement finishes. Streamed, an unread result would hold
/// the database's one write lock, and keep its changes uncommitted, until a client read it.
final class CompletedQueryStream: FlightSQLRecordBatchStream {
    let schema: Schema
    private let batches: Locked<ArraySlice<RecordBatch>>

    /// Reads `stream` to the end and closes it (also when reading fails).
    static func reading(_ stream: any FlightSQLRecordBatchStream) async throws -> CompletedQueryStream {
        var batches: [RecordBatch] = []
        do {
            while let batch = try await stream.next() { batches.append(batch) }
        } catch {
            await stream.close()
            throw error
        }
        await stream.close()
        return CompletedQueryStream(schema: stream.schema, batches: batches)
    }

    private init(schema: Schema, batches: [RecordBatch]) {
        self.schema = schema
        self.batches = Locked(batches[...])
    }

    func next() async throws -> RecordBatch? {
        batches.withLock { $0.popFirst() }
    }

    func close() async {
        batches.withLock { $0 = [] }
    }
}
