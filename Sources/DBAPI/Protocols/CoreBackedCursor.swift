/// A ``Cursor`` whose state lives in a ``CursorCore``: the driver implements
/// ``run(_:parameters:)``, and this protocol's extension implements everything else.
///
/// ```swift
/// final class MyCursor: CoreBackedCursor {
///     let core = CursorCore()
///     func run(_ sql: String, parameters: [Value]) async throws(DBAPIError) -> ExecutionResult {
///         // send the statement; return .rows(columns:source:) or .update(rowcount:)
///     }
/// }
/// ```
public protocol CoreBackedCursor: Cursor {
    /// The cursor's state and fetch engine.
    var core: CursorCore { get }

    /// Runs one statement with one parameter set and returns its result. Called by
    /// `execute` (and by the default `executemany`, once per set) after the previous result
    /// was discarded.
    func run(_ sql: String, parameters: [Value]) async throws(DBAPIError) -> ExecutionResult
}

extension CoreBackedCursor {
    /// The core's current columns.
    public var description: [ColumnDescription]? { core.description }

    /// The core's row count.
    public var rowcount: Int { core.rowcount }

    /// The core's `arraysize` (values below 1 become 1).
    public var arraysize: Int {
        get { core.arraysize }
        set { core.arraysize = newValue }
    }

    /// Whether the core is closed.
    public var isClosed: Bool { core.isClosed }

    /// Runs `sql` through ``run(_:parameters:)`` inside the core.
    public func execute(_ sql: String, parameters: [Value]) async throws(DBAPIError) {
        try await core.execute { try await self.run(sql, parameters: parameters) }
    }

    /// Runs `sql` once per set through ``run(_:parameters:)``, summing affected rows.
    /// Result sets the statement may produce are discarded. Drivers with a bulk path
    /// (one prepared statement, batched parameters) override this.
    public func executemany(_ sql: String, parameterSets: [[Value]]) async throws(DBAPIError) {
        try await core.execute {
            var total = 0
            var known = true
            for parameters in parameterSets {
                let result = try await self.run(sql, parameters: parameters)
                await result.source?.cancel()
                if result.rowcount < 0 { known = false } else { total += result.rowcount }
            }
            return .update(rowcount: known ? total : -1)
        }
    }

    /// The core's next row.
    public func fetchone() async throws(DBAPIError) -> Row? { try await core.fetchone() }

    /// The core's next rows.
    public func fetchmany(_ size: Int?) async throws(DBAPIError) -> [Row] { try await core.fetchmany(size) }

    /// The core's remaining rows.
    public func fetchall() async throws(DBAPIError) -> [Row] { try await core.fetchall() }

    /// The core's rows, streamed batch by batch.
    public var rows: RowSequence { core.rows }

    /// Closes the core.
    public func close() async throws(DBAPIError) { await core.close() }
}
