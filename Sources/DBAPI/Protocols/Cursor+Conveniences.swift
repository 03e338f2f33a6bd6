extension Cursor {
    /// Runs a statement without parameters.
    public func execute(_ sql: String) async throws(DBAPIError) {
        try await execute(sql, parameters: [])
    }

    /// Runs a statement with parameters given as Swift values:
    /// `execute(sql, arguments: [id, name, optionalCity])` (nil binds `NULL`).
    public func execute(_ sql: String, arguments: [(any DatabaseValueConvertible)?]) async throws(DBAPIError) {
        try await execute(sql, parameters: arguments.map { $0?.databaseValue ?? .null })
    }

    /// `executemany` with parameter sets given as Swift values.
    public func executemany(_ sql: String, argumentSets: [[(any DatabaseValueConvertible)?]]) async throws(DBAPIError) {
        try await executemany(sql, parameterSets: argumentSets.map { $0.map { $0?.databaseValue ?? .null } })
    }

    /// ``arraysize`` rows.
    public func fetchmany() async throws(DBAPIError) -> [Row] {
        try await fetchmany(nil)
    }

    /// The next row decoded as `T` (see ``Row/decode(as:)``), or nil at the end.
    public func fetchone<T: Decodable>(as type: T.Type) async throws(DBAPIError) -> T? {
        try await fetchone()?.decode(as: T.self)
    }

    /// Up to `size` rows (default ``arraysize``) decoded as `T`.
    public func fetchmany<T: Decodable>(_ size: Int? = nil, as type: T.Type) async throws(DBAPIError) -> [T] {
        var values: [T] = []
        for row in try await fetchmany(size) { values.append(try row.decode(as: T.self)) }
        return values
    }

    /// Every remaining row decoded as `T`: `try await cursor.fetchall(as: Trip.self)`.
    public func fetchall<T: Decodable>(as type: T.Type) async throws(DBAPIError) -> [T] {
        var values: [T] = []
        for row in try await fetchall() { values.append(try row.decode(as: T.self)) }
        return values
    }

    /// Default: the rows through `fetchone()`, for cursors without a ``CursorCore``, so
    /// that breaking out of a loop leaves the unseen rows in the cursor.
    public var rows: RowSequence {
        RowSequence { [self] () async throws(DBAPIError) -> RowChunk? in
            guard let row = try await fetchone() else { return nil }
            return RowChunk(batch: row.batch, rows: row.rowIndex..<row.rowIndex + 1)
        }
    }

    /// Default: `false`, as for drivers without multiple result sets.
    public func nextset() async throws(DBAPIError) -> Bool { false }

    /// Default: ignored.
    public func setinputsizes(_ sizes: [Int?]) {}

    /// Default: ignored.
    public func setoutputsize(_ size: Int, column: Int? = nil) {}

    /// Default: `notSupportedError`.
    public func callproc(_ name: String, parameters: [Value] = []) async throws(DBAPIError) -> [Value] {
        throw DBAPIError(.notSupportedError, "stored procedures are not supported by this driver")
    }
}
