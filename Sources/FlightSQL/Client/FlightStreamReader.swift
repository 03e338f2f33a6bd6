import Arrow
import Foundation
import GRPCTransport

/// A record batch received in a Flight stream, with the application metadata sent alongside it.
public struct FlightRecordBatch: Sendable {
    /// The batch.
    public var batch: RecordBatch
    /// The `app_metadata` of the FlightData message that carried the batch (often empty).
    public var appMetadata: Data
}

/// The result of reading a whole Flight stream.
public struct FlightTable: Sendable {
    /// The stream's schema.
    public var schema: Schema
    /// Every batch, in order.
    public var batches: [RecordBatch]

    /// The total number of rows.
    public var rowCount: Int { batches.reduce(0) { $0 + $1.rowCount } }
}

/// Reads the Arrow IPC stream of a `DoGet` (or `DoExchange`/`DoPut`) response: a schema,
/// then record batches, decoded one message at a time as the consumer asks for them.
///
/// Nothing is read ahead beyond what HTTP/2 flow control lets the server send, so a slow
/// consumer pauses the server and memory stays bounded. Dropping the reader before the end
/// (or calling ``cancel()``) resets the stream.
///
/// The `set-cookie`s of the response headers go to the client's cookie jar with the first
/// message; at the end of the stream (read to its end, or failed) those of the trailers
/// follow, and the call options' ``FlightCallOptions/responseMetadata`` receives both.
public final class FlightStreamReader: AsyncSequence, Sendable {
    /// Each element is one received record batch with its app metadata.
    public typealias Element = FlightRecordBatch

    private let started: StartedCall
    private var call: any GRPCStreamingCall { started.call }
    private let state: LockedState

    /// The decoding state, touched by one consumer at a time; the lock makes the class Sendable.
    final class LockedState: @unchecked Sendable {
        let lock = NSLock()
        var decoder = ArrowIPCMessageDecoder()
        var schema: Schema?
        var pendingBatch: FlightRecordBatch?
        var finished = false
        var rawObserver: (@Sendable (FlightData) -> Void)?
        var receivedMessage = false
        /// Whether the end of the call was handed on (once, though reads may fail again).
        var ended = false
    }

    init(_ started: StartedCall) {
        self.started = started
        self.state = LockedState()
    }

    deinit { started.call.cancel() }

    /// The stream's schema, read from the first message (reading it may receive a batch,
    /// which ``next()`` returns later).
    public func schema() async throws -> Schema {
        if let schema = state.withLock({ $0.schema }) { return schema }
        while true {
            guard let message = try await receiveDecoded() else {
                throw FlightError(code: .invalidResponse, message: "the stream ended without a schema")
            }
            if case .batch(let batch) = message {
                state.withLock { $0.pendingBatch = batch }
            }
            if let schema = state.withLock({ $0.schema }) { return schema }
        }
    }

    /// The next record batch, or nil at the end of the stream.
    public func next() async throws -> FlightRecordBatch? {
        if let pending = state.withLock({ state -> FlightRecordBatch? in
            defer { state.pendingBatch = nil }
            return state.pendingBatch
        }) {
            return pending
        }
        while let message = try await receiveDecoded() {
            if case .batch(let batch) = message { return batch }
        }
        return nil
    }

    /// Reads the rest of the stream into a table.
    public func readAll() async throws -> FlightTable {
        let schema = try await schema()
        var batches: [RecordBatch] = []
        while let next = try await next() { batches.append(next.batch) }
        return FlightTable(schema: schema, batches: batches)
    }

    /// The response headers the server sent (e.g. query timings), waiting for them.
    public func responseHeaders() async throws -> [(name: String, value: String)] {
        try await FlightClient.translatingErrors { try await self.call.responseHeaders().textPairs }
    }

    /// The trailers, available once the stream has ended.
    public func trailers() async throws -> [(name: String, value: String)] {
        try await FlightClient.translatingErrors { try await self.call.trailers().textPairs }
    }

    /// Stops the stream: the server is told with RST_STREAM and later reads fail.
    public func cancel() { call.cancel() }

    /// Calls `observer` with every FlightData message as it is received, before decoding
    /// (used to pass the IPC messages through unchanged, e.g. `flightsql --format arrow`).
    public func observeRawMessages(_ observer: @escaping @Sendable (FlightData) -> Void) {
        state.withLock { $0.rawObserver = observer }
    }

    /// An iterator over the remaining batches.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let reader: FlightStreamReader

        public mutating func next() async throws -> FlightRecordBatch? {
            try await reader.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(reader: self) }

    private enum Decoded {
        case schema
        case batch(FlightRecordBatch)
        case nothing
    }

    private func receiveDecoded() async throws -> Decoded? {
        do {
            return try await receiveAndDecode()
        } catch {
            await end(failure: error)
            throw error
        }
    }

    /// Hands the call's headers and trailers to the cookie jar and the capture, once.
    private func end(failure: (any Error)?) async {
        let first = state.withLock { state in
            defer { state.ended = true }
            return !state.ended
        }
        if first { await started.ended(failure: failure) }
    }

    private func receiveAndDecode() async throws -> Decoded? {
        if state.withLock({ $0.finished }) { return nil }
        let bytes = try await FlightClient.translatingErrors { try await self.call.receive() }
        guard let bytes else {
            state.withLock { $0.finished = true }
            await end(failure: nil)
            return nil
        }
        let isFirst = state.withLock { state in
            defer { state.receivedMessage = true }
            return !state.receivedMessage
        }
        if isFirst { await started.storeHeaderCookies() }
        let flightData: FlightData
        do {
            flightData = try FlightData(protobuf: bytes)
        } catch {
            throw FlightError(code: .invalidResponse, message: "undecodable FlightData message: \(error)", cause: error)
        }
        // The observer is the caller's code: it runs with no lock held (it may well call
        // back into this reader), before the message is decoded, as one consumer reads.
        let observer = state.withLock { $0.rawObserver }
        observer?(flightData)
        return try state.withLock { state -> Decoded in
            let message: ArrowIPCMessage?
            do {
                message = try state.decoder.decode(header: flightData.dataHeader, body: flightData.dataBody)
            } catch {
                throw FlightError(code: .invalidResponse, message: "invalid Arrow data: \(error)", cause: error)
            }
            switch message {
            case .schema(let schema)?:
                state.schema = schema
                return .schema
            case .recordBatch(let batch)?:
                return .batch(FlightRecordBatch(batch: batch, appMetadata: flightData.appMetadata))
            default:
                return .nothing
            }
        }
    }
}

extension FlightStreamReader.LockedState {
    func withLock<T>(_ body: (FlightStreamReader.LockedState) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(self)
    }
}
