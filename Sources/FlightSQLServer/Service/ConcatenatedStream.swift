import Arrow
import DBAPI

/// A query run once per parameter set, its results read one after the other as one stream
/// (Flight SQL's meaning of a query bound to several parameter rows). The first run starts
/// at once, so that the schema is known.
final class ConcatenatedStream: FlightSQLRecordBatchStream {
    let schema: Schema
    private let session: any FlightSQLBackendSession
    private let sql: String
    private let batchSize: Int
    private let state: Locked<State>

    private struct State {
        var current: (any FlightSQLRecordBatchStream)?
        var remaining: ArraySlice<[Value]>
    }

    static func start(
        session: any FlightSQLBackendSession, sql: String, parameterSets: [[Value]], batchSize: Int
    ) async throws -> any FlightSQLRecordBatchStream {
        let sets = parameterSets.isEmpty ? [[]] : parameterSets
        let first = try await session.executeQuery(sql, parameters: sets[0], batchSize: batchSize)
        if sets.count == 1 { return first }
        return ConcatenatedStream(session: session, sql: sql, batchSize: batchSize, first: first, remaining: sets.dropFirst())
    }

    private init(
        session: any FlightSQLBackendSession, sql: String, batchSize: Int, first: any FlightSQLRecordBatchStream,
        remaining: ArraySlice<[Value]>
    ) {
        schema = first.schema
        self.session = session
        self.sql = sql
        self.batchSize = batchSize
        state = Locked(State(current: first, remaining: remaining))
    }

    func next() async throws -> RecordBatch? {
        while true {
            guard let current = state.withLock({ $0.current }) else { return nil }
            if let batch = try await current.next() {
                // Later runs' batches carry the first run's schema (the same statement).
                return try RecordBatch(schema: schema, rowCount: batch.rowCount, columns: batch.columns)
            }
            await current.close()
            guard let parameters = state.withLock({ state -> [Value]? in
                state.current = nil
                return state.remaining.popFirst()
            }) else { return nil }
            let next = try await session.executeQuery(sql, parameters: parameters, batchSize: batchSize)
            state.withLock { $0.current = next }
        }
    }

    func close() async {
        let current = state.withLock { state in
            defer { state.current = nil; state.remaining = [] }
            return state.current
        }
        await current?.close()
    }
}
