import Foundation

/// The read position in a cursor's current batch, shared between the cursor's state machine
/// and the iterators of its `rows`.
///
/// Why a separate object: iterating hands out one row per `next()`, and going through the
/// whole state machine for each (an async call, the lock, copying the state enum with its
/// arrays and existentials in and out) cost several times the row's own decoding. Claiming
/// a row here takes only this object's lock and bumps an integer, while still moving the
/// cursor's position one row at a time, so a loop that breaks early leaves every row it did
/// not see to `fetchone`/`fetchall`, and `fetchone` after a partial iteration (or the other
/// way round) continues exactly where the other stopped.
///
/// The state machine retires a position when its result is discarded (a new execute) or
/// the cursor closes; claims then fail and the iterator falls back to the state machine,
/// which reports the closure or moves on to the new result, as before.
@usableFromInline
final class BatchReadPosition: @unchecked Sendable {
    /// The batch whose rows are claimed.
    @usableFromInline let batch: any RowBatch
    /// `batch.columns.count`, read once rather than once per row.
    @usableFromInline let columnCount: Int
    /// `batch.rowCount`, read once.
    let rowCount: Int
    // Guarded by `lock`.
    private var nextRow = 0
    private var retired = false
    private let lock = NSLock()

    init(batch: any RowBatch) {
        self.batch = batch
        self.columnCount = batch.columns.count
        self.rowCount = batch.rowCount
    }

    /// Claims the next row; nil when the batch is used up or the position was retired.
    @usableFromInline
    func claimOne() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard !retired, nextRow < rowCount else { return nil }
        defer { nextRow += 1 }
        return nextRow
    }

    /// Claims up to `limit` (> 0) consecutive rows; nil when none are left or retired.
    func claim(limit: Int) -> Range<Int>? {
        lock.lock()
        defer { lock.unlock() }
        guard !retired, nextRow < rowCount else { return nil }
        let end = nextRow + min(rowCount - nextRow, limit)
        defer { nextRow = end }
        return nextRow..<end
    }

    /// Whether unclaimed rows are left (and the position is live).
    var hasRows: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !retired && nextRow < rowCount
    }

    /// Ends the position: later claims fail.
    func retire() {
        lock.lock()
        defer { lock.unlock() }
        retired = true
    }
}
