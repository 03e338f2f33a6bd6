/// Where a result's batches come from: what a driver implements for a statement's result
/// (a Flight stream, an SQLite statement being stepped).
///
/// The cursor pulls: ``nextBatch()`` is called only when a consumer needs more rows, never
/// concurrently, so a driver that reads batches from the network lazily gets backpressure
/// for free.
public protocol RowBatchSource: Sendable {
    /// The next batch, or nil when the result has no more. Batches may be empty.
    func nextBatch() async throws(DBAPIError) -> (any RowBatch)?

    /// Called once when the cursor no longer needs the rest (closed, re-executed): stop the
    /// underlying stream and release its resources. ``nextBatch()`` is not called again.
    func cancel() async
}

extension RowBatchSource {
    /// Default: nothing to release.
    public func cancel() async {}
}

/// A source serving batches that are already in memory.
public final class InMemoryBatchSource: RowBatchSource {
    private let remaining: Locked<ArraySlice<any RowBatch>>

    /// Creates a source that yields `batches` in order.
    public init(_ batches: [any RowBatch]) {
        remaining = Locked(batches[...])
    }

    /// The next stored batch.
    public func nextBatch() async -> (any RowBatch)? {
        remaining.withLock { $0.popFirst() }
    }

    /// Drops the batches not yet served.
    public func cancel() async {
        remaining.withLock { $0 = [] }
    }
}

/// What executing a statement produced: a result set (columns and a batch source) or just a
/// row count.
public struct ExecutionResult: Sendable {
    /// The result set's columns; nil for a statement without a result set.
    public var columns: [ColumnDescription]?
    /// The result set's batches; nil for a statement without a result set.
    public var source: (any RowBatchSource)?
    /// Affected rows for a DML statement, or the result's row count when the driver knows it
    /// up front; -1 when unknown.
    public var rowcount: Int

    /// A result set.
    public static func rows(
        columns: [ColumnDescription], source: any RowBatchSource, rowcount: Int = -1
    ) -> ExecutionResult {
        ExecutionResult(columns: columns, source: source, rowcount: rowcount)
    }

    /// A statement without a result set that affected `rowcount` rows (-1: unknown).
    public static func update(rowcount: Int) -> ExecutionResult {
        ExecutionResult(columns: nil, source: nil, rowcount: rowcount)
    }
}
