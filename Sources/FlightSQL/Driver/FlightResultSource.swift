import Arrow
import DBAPI
import Foundation

/// The batches of one Flight SQL result: every endpoint of its `FlightInfo`, in order, each
/// read with `DoGet` one record batch at a time, and only when the cursor asks.
///
/// Nothing is read ahead beyond what HTTP/2 flow control lets the server send, so a
/// consumer that stops reading pauses the server and memory stays bounded by a batch or
/// two. ``cancel()`` resets the current stream (RST_STREAM) and stops the rest.
final class FlightResultSource: RowBatchSource {
    private let client: FlightSQLClient
    private let endpoints: [FlightEndpoint]
    private let columns: [ColumnDescription]
    /// The statement's call options (its response metadata capture) for each DoGet.
    private let options: FlightCallOptions
    private let state: Locked<State>

    private struct State {
        /// The endpoint being read, and its stream once opened.
        var endpointIndex = 0
        var reader: FlightStreamReader?
        var cancelled = false
        /// Called once when the source is finished or cancelled (closes a prepared statement).
        var onFinish: (@Sendable () async -> Void)?
    }

    /// A source over `endpoints`; `firstReader`, when given, is the already opened stream of
    /// the first endpoint (opened to learn the schema). `onFinish` runs once, when the last
    /// batch was read, a read failed, or the source was cancelled.
    init(
        client: FlightSQLClient, endpoints: [FlightEndpoint], columns: [ColumnDescription],
        firstReader: FlightStreamReader?, options: FlightCallOptions = FlightCallOptions(),
        onFinish: (@Sendable () async -> Void)? = nil
    ) {
        self.client = client
        self.options = options
        self.endpoints = endpoints
        self.columns = columns
        self.state = Locked(State(reader: firstReader, onFinish: onFinish))
    }

    func nextBatch() async throws(DBAPIError) -> (any RowBatch)? {
        while true {
            let step = state.withLock { state -> Step in
                if state.cancelled { return .cancelled }
                if let reader = state.reader { return .read(reader, state.endpointIndex) }
                if state.endpointIndex >= endpoints.count { return .end }
                return .open(state.endpointIndex)
            }
            switch step {
            case .cancelled:
                throw DBAPIError(.operationalError, "the result was cancelled")
            case .end:
                await finish()
                return nil
            case .open(let index):
                let reader: FlightStreamReader
                do {
                    reader = try await client.doGet(endpoints[index], options: options)
                } catch {
                    await finish()
                    throw DBAPIError.flight(error)
                }
                let keep = state.withLock { state -> Bool in
                    guard !state.cancelled else { return false }
                    state.reader = reader
                    return true
                }
                if !keep { reader.cancel() }
            case .read(let reader, let index):
                let received: FlightRecordBatch?
                do {
                    received = try await reader.next()
                } catch {
                    await finish()
                    if state.withLock({ $0.cancelled }) { throw DBAPIError(.operationalError, "the result was cancelled", cause: error) }
                    throw DBAPIError.flight(error)
                }
                guard let received else {
                    state.withLock { state in
                        state.reader = nil
                        state.endpointIndex = index + 1
                    }
                    continue
                }
                guard let batch = ArrowRowBatch(received.batch, columns: columns) else {
                    reader.cancel()
                    await finish()
                    throw DBAPIError(
                        .internalError,
                        "endpoint \(index) sent batches of \(received.batch.columns.count) columns, the result has \(columns.count)")
                }
                return batch
            }
        }
    }

    func cancel() async {
        let reader = state.withLock { state -> FlightStreamReader? in
            state.cancelled = true
            defer { state.reader = nil }
            return state.reader
        }
        reader?.cancel()
        await finish()
    }

    /// Runs the finishing action once.
    private func finish() async {
        let action = state.withLock { state -> (@Sendable () async -> Void)? in
            defer { state.onFinish = nil }
            return state.onFinish
        }
        await action?()
    }

    private enum Step {
        case cancelled, end
        case open(Int)
        case read(FlightStreamReader, Int)
    }
}
