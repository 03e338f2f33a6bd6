/// The life of an executed statement between `GetFlightInfo` and the end of its `DoGet`.
///
/// ```
/// executed(stream) --DoGet takes it--> streaming --end--> finished
///      |                                   |
///      '--------------cancel---------------'--> cancelled
/// ```
/// A statement executed without keeping its stream (split into several endpoints, or a
/// second `DoGet`) runs again for each `DoGet`; cancelling it stops every reader. An
/// unfetched result expires (`executed → finished`, its stream closed).
enum StatementState: Sendable {
    /// Executed; the result waits for its first `DoGet` (nil: each `DoGet` runs it again).
    case executed((any FlightSQLRecordBatchStream)?)
    /// A `DoGet` is reading the kept stream.
    case streaming
    /// The kept stream was read to the end (a later `DoGet` runs the statement again).
    case finished
    /// Cancelled by the client: every `DoGet` fails with CANCELLED.
    case cancelled

    /// What a `DoGet` does next.
    enum Take {
        /// Read this stream (the one kept from execution).
        case kept(any FlightSQLRecordBatchStream)
        /// Run the statement again.
        case rerun
        /// Refuse: the statement was cancelled.
        case cancelled
    }

    /// A `DoGet` starts.
    mutating func take() -> Take {
        switch self {
        case .executed(let stream?):
            self = .streaming
            return .kept(stream)
        case .executed(nil), .streaming, .finished:
            return .rerun
        case .cancelled:
            return .cancelled
        }
    }

    /// The kept stream was read to the end.
    mutating func finish() {
        if case .streaming = self { self = .finished }
    }

    /// The client cancels; returns the kept stream to close, if it was not taken.
    mutating func cancel() -> (any FlightSQLRecordBatchStream)? {
        defer { self = .cancelled }
        if case .executed(let stream?) = self { return stream }
        return nil
    }

    /// Nobody fetched the result in time: returns the kept stream to close. A `DoGet` that
    /// is reading keeps going (it closes the stream itself).
    mutating func expire() -> (any FlightSQLRecordBatchStream)? {
        guard case .executed(let stream?) = self else { return nil }
        self = .finished
        return stream
    }

    var isCancelled: Bool {
        if case .cancelled = self { return true }
        return false
    }
}
