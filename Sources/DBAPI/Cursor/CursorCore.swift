/// The reusable engine of a cursor: result state, fetching across batch boundaries,
/// `description`, `rowcount`, `arraysize` and closing, so that a driver only turns SQL into
/// an ``ExecutionResult``.
///
/// A driver's cursor owns one core and conforms to ``CoreBackedCursor``, which implements
/// every other ``Cursor`` requirement with it. The core is a `final class` whose state
/// (a ``CursorStateMachine``) sits behind a lock that is never held across an `await`.
public final class CursorCore: Sendable {
    private let machine = Locked(CursorStateMachine())
    private let arraysizeStorage = Locked(1)

    /// Creates a core in the idle state, with PEP 249's default `arraysize` of 1.
    public init() {}

    /// A core released without ``close()`` (its cursor and every `rows` sequence dropped)
    /// cancels its open result, so that the server lets go of it (and of a prepared
    /// statement the driver closes when the result ends). `deinit` cannot await, so the
    /// cancellation runs in a task of its own; nothing waits for it.
    deinit {
        guard let source = machine.withLock({ $0.close() }) else { return }
        Task { await source.cancel() }
    }

    /// The current result's columns; nil before an execute and for statements without a
    /// result set.
    public var description: [ColumnDescription]? { machine.withLock { $0.columns } }

    /// Affected rows, the result's row count when known (known at the latest once every row
    /// was read), or -1.
    public var rowcount: Int { machine.withLock { $0.rowcount } }

    /// The default number of rows `fetchmany` reads; at least 1.
    public var arraysize: Int {
        get { arraysizeStorage.withLock { $0 } }
        set { arraysizeStorage.withLock { $0 = max(1, newValue) } }
    }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { machine.withLock { $0.isClosed } }

    /// Runs a statement: discards the previous result (cancelling its source), runs `body`
    /// (the driver's work) and makes its result current.
    ///
    /// Errors from `body` are passed through as ``DBAPIError``s (others are wrapped) and
    /// leave the cursor without a result set.
    public func execute(_ body: @Sendable () async throws -> ExecutionResult) async throws(DBAPIError) {
        let previous = try machine.withLock { (machine) throws(DBAPIError) in try machine.startExecute() }
        await previous?.cancel()
        let result: ExecutionResult
        do {
            result = try await body()
        } catch {
            machine.withLock { $0.failExecute() }
            throw DBAPIError.wrapping(error)
        }
        if case .closedMeanwhile(let orphan) = machine.withLock({ $0.finishExecute(result) }) {
            await orphan?.cancel()
            throw CursorStateMachine.closedError
        }
    }

    /// The next row, or nil when the result has no more.
    public func fetchone() async throws(DBAPIError) -> Row? {
        guard let chunk = try await nextChunk(limit: 1) else { return nil }
        return Row(batch: chunk.batch, claimedRow: chunk.rows.lowerBound, columnCount: chunk.batch.columns.count)
    }

    /// Up to `size` rows (default ``arraysize``); fewer only at the end of the result.
    public func fetchmany(_ size: Int? = nil) async throws(DBAPIError) -> [Row] {
        let wanted = size ?? arraysize
        guard wanted > 0 else { return [] }
        var rows: [Row] = []
        rows.reserveCapacity(min(wanted, 4_096))
        while rows.count < wanted, let chunk = try await nextChunk(limit: wanted - rows.count) {
            rows.append(contentsOf: chunk.makeRows())
        }
        return rows
    }

    /// Every remaining row.
    public func fetchall() async throws(DBAPIError) -> [Row] {
        var rows: [Row] = []
        while let chunk = try await nextChunk(limit: .max) {
            rows.append(contentsOf: chunk.makeRows())
        }
        return rows
    }

    /// The remaining rows of the current batch, up to `limit`, pulling the next non-empty
    /// batch from the source when the current one is used up; nil at the end of the result.
    public func nextChunk(limit: Int = .max) async throws(DBAPIError) -> RowChunk? {
        precondition(limit > 0, "limit must be positive")
        while true {
            let step = try machine.withLock { (machine) throws(DBAPIError) in try machine.nextStep(limit: limit) }
            switch step {
            case .rows(let batch, let rows):
                return RowChunk(batch: batch, rows: rows)
            case .end:
                return nil
            case .pull(let source):
                try await pull(from: source)
            }
        }
    }

    /// The current batch's read position while it has rows left, pulling the next non-empty
    /// batch when it is used up; nil at the end of the result. What `rows` iterates: the
    /// iterator claims rows from the position itself and comes back only at its end.
    @usableFromInline
    func nextReadPosition() async throws(DBAPIError) -> BatchReadPosition? {
        while true {
            let step = try machine.withLock { (machine) throws(DBAPIError) in try machine.nextPosition() }
            switch step {
            case .position(let position):
                return position
            case .end:
                return nil
            case .pull(let source):
                try await pull(from: source)
            }
        }
    }

    /// Pulls the next batch from `source` into the state machine, recording a failure.
    private func pull(from source: any RowBatchSource) async throws(DBAPIError) {
        do {
            let batch = try await source.nextBatch()
            try machine.withLock { (machine) throws(DBAPIError) in try machine.receive(batch) }
        } catch {
            let failure = DBAPIError.wrapping(error)
            // A closed cursor already cancelled the source; report the closure.
            if isClosed { throw CursorStateMachine.closedError }
            machine.withLock { $0.pullFailed(failure) }
            await source.cancel()
            throw failure
        }
    }

    /// The remaining rows as an asynchronous sequence, read batch by batch on demand.
    ///
    /// The sequence takes rows from the cursor one at a time, claiming each from the current
    /// batch's shared read position (an uncontended lock, no suspension within a batch), so
    /// a loop that breaks early leaves every row it did not see to later fetches.
    public var rows: RowSequence { RowSequence(core: self) }

    /// Closes the cursor and cancels an unfinished result. Closing twice is harmless.
    public func close() async {
        let source = machine.withLock { $0.close() }
        await source?.cancel()
    }
}

extension DBAPIError {
    /// `error` itself if it is a `DBAPIError`; otherwise a `databaseError` (or an
    /// `operationalError` for task cancellation) with `error` as the cause.
    public static func wrapping(_ error: any Error) -> DBAPIError {
        if let error = error as? DBAPIError { return error }
        if error is CancellationError { return DBAPIError(.operationalError, "the operation was cancelled", cause: error) }
        return DBAPIError(.databaseError, "driver error \(type(of: error))", cause: error)
    }
}
