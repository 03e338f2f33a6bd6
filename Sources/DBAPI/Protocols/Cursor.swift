/// A PEP 249 cursor: executes statements and fetches their results.
///
/// **Why class-bound.** A cursor is a stateful object shared by reference (PEP 249's model:
/// `description`, `rowcount` and the read position change as it is used), and it must be
/// `Sendable` to cross tasks. A class-bound `AnyObject & Sendable` protocol lets
/// implementations be `final class`es that guard their state with a lock, and lets
/// `description`, `rowcount` and `arraysize` be plain synchronous properties
/// (`cursor.arraysize = 100` works on a `let`). An actor would make every property read
/// `await` and could not conform to a protocol with synchronous requirements.
///
/// Drivers rarely implement this protocol directly: conform to ``CoreBackedCursor`` and
/// implement only `run(_:parameters:)`; ``CursorCore`` provides the rest.
///
/// Every method throws ``DBAPIError`` (typed throws), so `catch` clauses can read
/// `error.kind` directly and drivers must map their failures (a gRPC status, an SQLite
/// result code) to PEP 249's kinds at the boundary. The property named `description` is PEP 249's column
/// list, so cursors are not `CustomStringConvertible`.
///
/// A cursor is itself an `AsyncSequence` of its remaining rows (`for try await row in cursor`),
/// the same stream as ``rows``: batches are pulled on demand, and iterating consumes rows
/// exactly like `fetchone`. Conformers get `makeAsyncIterator()` from an extension.
public protocol Cursor: AnyObject, Sendable, AsyncSequence
where Element == Row, AsyncIterator == RowSequence.AsyncIterator {
    /// The current result's columns, set by `execute` before any fetch; nil before an
    /// execute and for statements without a result set.
    var description: [ColumnDescription]? { get }

    /// Rows affected by the last DML statement, or the result's row count when known; -1
    /// when unknown.
    var rowcount: Int { get }

    /// How many rows `fetchmany()` reads by default (PEP 249's default is 1).
    var arraysize: Int { get set }

    /// Whether the cursor was closed (by itself or by its connection).
    var isClosed: Bool { get }

    /// Prepares and runs a statement with `?` parameters; makes its result (if any) current.
    func execute(_ sql: String, parameters: [Value]) async throws(DBAPIError)

    /// Runs a statement once per parameter set (for DML). Afterwards ``rowcount`` is the sum
    /// of affected rows (-1 if any count was unknown) and there is no result set.
    func executemany(_ sql: String, parameterSets: [[Value]]) async throws(DBAPIError)

    /// The next row of the result, or nil when there are no more.
    func fetchone() async throws(DBAPIError) -> Row?

    /// Up to `size` rows (``arraysize`` when nil); fewer, or none, at the end of the result.
    func fetchmany(_ size: Int?) async throws(DBAPIError) -> [Row]

    /// Every remaining row of the result.
    func fetchall() async throws(DBAPIError) -> [Row]

    /// The remaining rows as an `AsyncSequence`, streamed batch by batch on demand.
    var rows: RowSequence { get }

    /// Closes the cursor: later operations throw an `interfaceError`. Idempotent.
    func close() async throws(DBAPIError)

    /// Moves to the next result set; returns false when there is none (drivers without
    /// multiple result sets always return false).
    func nextset() async throws(DBAPIError) -> Bool

    /// Predeclares parameter sizes; accepted and ignored (PEP 249 allows a no-op).
    func setinputsizes(_ sizes: [Int?])

    /// Predeclares a large column's buffer size; accepted and ignored.
    func setoutputsize(_ size: Int, column: Int?)

    /// Calls a stored procedure; throws `notSupportedError` unless the driver supports it.
    func callproc(_ name: String, parameters: [Value]) async throws(DBAPIError) -> [Value]
}

extension Cursor {
    /// Iterates the cursor's remaining rows: the iterator of ``rows``.
    public func makeAsyncIterator() -> RowSequence.AsyncIterator { rows.makeAsyncIterator() }
}
