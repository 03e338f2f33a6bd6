/// Consecutive rows of one batch, as the cursor hands them out.
public struct RowChunk: Sendable {
    /// The batch holding the rows.
    public let batch: any RowBatch
    /// The rows' indices in ``batch``.
    public let rows: Range<Int>

    /// Creates a chunk.
    public init(batch: any RowBatch, rows: Range<Int>) {
        self.batch = batch
        self.rows = rows
    }

    /// The chunk's rows, reading the batch's column count once for all of them.
    func makeRows() -> [Row] {
        let columnCount = batch.columns.count
        return rows.map { Row(batch: batch, claimedRow: $0, columnCount: columnCount) }
    }
}

/// A cursor's remaining rows as an `AsyncSequence`: `for try await row in cursor.rows`.
///
/// Pull-based: the next batch is requested from the driver only once the rows of the
/// current one have been iterated, so a slow consumer slows the producer (backpressure), and
/// breaking out of the loop leaves the rest unread. Iterating consumes rows from the cursor,
/// exactly like `fetchone`.
public struct RowSequence: AsyncSequence, Sendable {
    /// Each element is a row.
    public typealias Element = Row

    /// Where the rows come from.
    @usableFromInline
    enum Supplier: Sendable {
        /// A chunk supplier (``init(nextChunk:)``).
        case chunks(@Sendable () async throws(DBAPIError) -> RowChunk?)
        /// A cursor core, whose batch read positions the iterator claims rows from directly.
        case core(CursorCore)
    }

    private let supplier: Supplier

    /// Creates a sequence over a chunk supplier (nil ends the sequence).
    public init(nextChunk: @escaping @Sendable () async throws(DBAPIError) -> RowChunk?) {
        supplier = .chunks(nextChunk)
    }

    /// The rows of a cursor core.
    init(core: CursorCore) {
        supplier = .core(core)
    }

    /// Creates an iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(supplier: supplier)
    }

    /// Yields the rows of one chunk (or batch), then asks for the next.
    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline let supplier: Supplier
        /// With a core: the current batch's shared position, claimed one row at a time.
        @usableFromInline var position: BatchReadPosition?
        /// With a chunk supplier: the current chunk's batch and its rows not yet yielded.
        @usableFromInline var chunkBatch: (any RowBatch)?
        @usableFromInline var chunkRows: Range<Int> = 0..<0
        @usableFromInline var finished = false

        init(supplier: Supplier) {
            self.supplier = supplier
        }

        /// The next row, or nil at the end.
        ///
        /// Inlinable so that the common case, the next row of the current batch, is a lock
        /// and an increment in the caller with no async call; the rest is ``nextSlow(isolation:)``.
        @inlinable
        public mutating func next() async throws(DBAPIError) -> Row? {
            if let index = position?.claimOne(), let position {
                return Row(batch: position.batch, claimedRow: index, columnCount: position.columnCount)
            }
            return try await nextSlow(isolation: nil)
        }

        /// The next row, or nil at the end: what `for try await` calls.
        ///
        /// Implemented (rather than left to the standard library's default, which calls
        /// ``next()``) so that a loop takes no executor hop per row: the default is an opaque
        /// generic call that switches from the caller's isolation to the nonisolated
        /// `next()` and back for every row. Here the common case is inlined in the caller
        /// and stays on its executor; only crossing to the next batch awaits.
        ///
        /// Claiming through `position?` before binding it lets the compiler borrow the
        /// position in place rather than retain and release it around the claim (as in
        /// ``next()``).
        @inlinable
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(DBAPIError) -> Row? {
            if let index = position?.claimOne(), let position {
                return Row(batch: position.batch, claimedRow: index, columnCount: position.columnCount)
            }
            return try await nextSlow(isolation: actor)
        }

        /// Crosses to the next batch or chunk (pulling it if needed); nil at the end.
        /// Isolated to `actor`, the caller's isolation, so calling it takes no hop (the
        /// driver calls it makes still run where they are isolated).
        @usableFromInline
        mutating func nextSlow(isolation actor: isolated (any Actor)?) async throws(DBAPIError) -> Row? {
            while !finished {
                switch supplier {
                case .core(let core):
                    guard let next = try await core.nextReadPosition() else {
                        finished = true
                        position = nil
                        return nil
                    }
                    position = next
                    // Another fetch may have claimed the rest meanwhile; then ask again.
                    if let index = next.claimOne() {
                        return Row(batch: next.batch, claimedRow: index, columnCount: next.columnCount)
                    }
                case .chunks(let nextChunk):
                    if let batch = chunkBatch, !chunkRows.isEmpty {
                        return Row(batch: batch, rowIndex: chunkRows.removeFirst())
                    }
                    guard let chunk = try await nextChunk() else {
                        finished = true
                        chunkBatch = nil
                        return nil
                    }
                    chunkBatch = chunk.batch
                    chunkRows = chunk.rows
                }
            }
            return nil
        }
    }
}
