/// The cursor life cycle, as a pure value with no I/O: ``CursorCore`` performs the actions
/// it asks for (pull a batch, cancel a source) outside its lock.
///
/// ```
/// idle ──execute──▶ executing ──▶ idle (no result set)
///                        │
///                        ▼
///                    streaming ──last batch read──▶ exhausted
/// any state ──close──▶ closed (final)
/// ```
///
/// A second operation while one is in flight (an `execute`, or a fetch waiting for a batch)
/// is rejected with a `programmingError` rather than interleaved.
struct CursorStateMachine {
    /// A result set being read.
    struct Stream {
        var columns: [ColumnDescription]
        var rowcount: Int
        var source: any RowBatchSource
        /// The current batch and how far it was read; shared with the iterators of `rows`.
        var current: BatchReadPosition?
        /// Rows of the batches received so far: once the source is finished every one of
        /// them was read, so this is the row count a driver did not report.
        var rowsReceived = 0
        var pulling = false
    }

    enum State {
        /// No result set: before the first execute, or after a statement without one.
        case idle(rowcount: Int)
        /// A statement is being executed.
        case executing
        /// A result set with rows possibly left.
        case streaming(Stream)
        /// Every row of the result set was read, or reading it failed with `failure`.
        case exhausted(columns: [ColumnDescription], rowcount: Int, failure: DBAPIError?)
        /// Closed for good.
        case closed
    }

    /// What a fetch should do next.
    enum FetchStep {
        /// Hand out these rows of this batch.
        case rows(any RowBatch, Range<Int>)
        /// Ask this source for the next batch, then call ``receive(_:)`` or ``pullFailed(_:)``.
        case pull(any RowBatchSource)
        /// No more rows.
        case end
    }

    private(set) var state: State = .idle(rowcount: -1)

    /// The current result's columns (PEP 249 `description`): set from execute on, before any
    /// fetch, until the next execute; nil without a result set.
    var columns: [ColumnDescription]? {
        switch state {
        case .streaming(let stream): stream.columns
        case .exhausted(let columns, _, _): columns
        case .idle, .executing, .closed: nil
        }
    }

    /// Affected rows, the result's row count once known, or -1.
    var rowcount: Int {
        switch state {
        case .idle(let rowcount): rowcount
        case .streaming(let stream): stream.rowcount
        case .exhausted(_, let rowcount, _): rowcount
        case .executing, .closed: -1
        }
    }

    var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// What the iterator of `rows` should do next.
    enum PositionStep {
        /// Claim rows from this position (it had rows left when handed out).
        case position(BatchReadPosition)
        /// Ask this source for the next batch, then call ``receive(_:)`` or ``pullFailed(_:)``.
        case pull(any RowBatchSource)
        /// No more rows.
        case end
    }

    /// Begins an execute; returns the previous result's source, which the caller cancels.
    mutating func startExecute() throws(DBAPIError) -> (any RowBatchSource)? {
        switch state {
        case .closed: throw Self.closedError
        case .executing: throw Self.busyError
        case .streaming(let stream) where stream.pulling: throw Self.busyError
        case .streaming(let stream):
            stream.current?.retire()
            state = .executing
            return stream.source
        case .idle, .exhausted:
            state = .executing
            return nil
        }
    }

    /// What to do once the driver has produced a result.
    enum FinishAction {
        /// The result is current.
        case done
        /// The cursor was closed while the statement ran: cancel `orphan` (if any) and
        /// report the closure.
        case closedMeanwhile(orphan: (any RowBatchSource)?)
    }

    /// Ends an execute with its result.
    mutating func finishExecute(_ result: ExecutionResult) -> FinishAction {
        guard case .executing = state else { return .closedMeanwhile(orphan: result.source) }
        if let columns = result.columns, let source = result.source {
            state = .streaming(Stream(columns: columns, rowcount: result.rowcount, source: source))
        } else {
            state = .idle(rowcount: result.rowcount)
        }
        return .done
    }

    /// Ends an execute that failed: no result set.
    mutating func failExecute() {
        if case .executing = state { state = .idle(rowcount: -1) }
    }

    /// The next step of a fetch wanting at most `limit` more rows (`limit` > 0).
    mutating func nextStep(limit: Int) throws(DBAPIError) -> FetchStep {
        guard let stream = try readableStream() else { return .end }
        // The position is a shared object: claiming moves it without writing the state back.
        if let position = stream.current, let range = position.claim(limit: limit) {
            return .rows(position.batch, range)
        }
        return .pull(startPull(stream))
    }

    /// The next step of a `rows` iterator: the current batch's position while it has rows
    /// left, so the iterator can claim them one by one without coming back here.
    mutating func nextPosition() throws(DBAPIError) -> PositionStep {
        guard let stream = try readableStream() else { return .end }
        if let position = stream.current, position.hasRows { return .position(position) }
        return .pull(startPull(stream))
    }

    /// The stream a read continues from, or nil at the end of the result; throws what a
    /// read in this state must (closed, busy, no result set, or the stream's failure).
    private func readableStream() throws(DBAPIError) -> Stream? {
        switch state {
        case .closed: throw Self.closedError
        case .executing: throw Self.busyError
        case .idle: throw DBAPIError(.programmingError, "no result set to fetch from; execute a query first")
        case .exhausted(_, _, let failure):
            if let failure { throw failure }
            return nil
        case .streaming(let stream):
            if stream.pulling { throw Self.busyError }
            return stream
        }
    }

    /// Marks `stream` as pulling its next batch and returns the source to pull from.
    private mutating func startPull(_ stream: Stream) -> any RowBatchSource {
        var stream = stream
        stream.pulling = true
        state = .streaming(stream)
        return stream.source
    }

    /// Takes a pulled batch (nil: the source is finished). Throws if the cursor was closed
    /// while the batch was on its way.
    mutating func receive(_ batch: (any RowBatch)?) throws(DBAPIError) {
        guard case .streaming(var stream) = state else { throw Self.closedError }
        stream.pulling = false
        guard let batch else {
            // Once every row is read, the count is known even if the driver did not say.
            let rowcount = stream.rowcount >= 0 ? stream.rowcount : stream.rowsReceived
            state = .exhausted(columns: stream.columns, rowcount: rowcount, failure: nil)
            return
        }
        stream.current?.retire()
        stream.current = BatchReadPosition(batch: batch)
        stream.rowsReceived += batch.rowCount
        state = .streaming(stream)
    }

    /// Records that pulling a batch failed; later fetches report the same error.
    mutating func pullFailed(_ error: DBAPIError) {
        guard case .streaming(let stream) = state else { return }
        state = .exhausted(columns: stream.columns, rowcount: stream.rowcount, failure: error)
    }

    /// Closes the cursor; returns the open result's source, which the caller cancels.
    mutating func close() -> (any RowBatchSource)? {
        defer { state = .closed }
        if case .streaming(let stream) = state {
            stream.current?.retire()
            return stream.source
        }
        return nil
    }

    static let closedError = DBAPIError(.interfaceError, "cursor is closed")
    static let busyError = DBAPIError(
        .programmingError, "cursor is busy with another operation; use one cursor per task")
}
