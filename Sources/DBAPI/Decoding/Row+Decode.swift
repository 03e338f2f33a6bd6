extension Row {
    /// The cell in column `column` as `T`, read through the batch's typed accessors.
    ///
    /// Throws a `dataError` naming the column (index, name, native type) and `T` when the
    /// cell is null and `T` is not optional, has another kind, or does not fit `T`; a
    /// `programmingError` when `column` is out of range.
    ///
    /// Inlinable (as are the standard types' `decode(from:row:column:)`) so that it is
    /// specialized for `T` in the caller's module: unspecialized, every cell went through
    /// generic metadata and witness-table calls that cost more than reading the cell.
    @inlinable
    public func decode<T: DatabaseValueDecodable>(_ type: T.Type = T.self, at column: Int) throws(DBAPIError) -> T {
        guard column >= 0 && column < endIndex else { throw columnOutOfRange(column) }
        do {
            return try T.decode(from: batch, row: rowIndex, column: column)
        } catch {
            throw attachingContext(to: error, column: column, swiftType: T.self)
        }
    }

    /// The cell in the column called `name` as `T`; a `programmingError` if there is no
    /// such column. See ``decode(_:at:)``.
    public func decode<T: DatabaseValueDecodable>(_ type: T.Type = T.self, named name: String) throws(DBAPIError) -> T {
        guard let column = batch.columnIndex(named: name) else {
            throw DBAPIError(.programmingError, "no column named \"\(name)\"")
        }
        return try decode(T.self, at: column)
    }

    /// The first columns as a tuple: `let (id, city) = try row.decode((Int, String?).self)`.
    ///
    /// The row needs at least as many columns as the tuple has elements.
    public func decode<each T: DatabaseValueDecodable>(_ types: (repeat each T).Type) throws(DBAPIError) -> (repeat each T) {
        var count = 0
        for _ in repeat (each T).self { count += 1 }
        guard count <= endIndex else {
            throw DBAPIError(.programmingError, "cannot decode \(count) columns from a row of \(endIndex)")
        }
        var column = 0
        func next<U: DatabaseValueDecodable>(_ type: U.Type) throws(DBAPIError) -> U {
            defer { column += 1 }
            return try decode(U.self, at: column)
        }
        return (repeat try next((each T).self))
    }

    /// The `programmingError` for a column index outside the row (kept out of line so the
    /// inlined `decode` stays small).
    @usableFromInline
    func columnOutOfRange(_ column: Int) -> DBAPIError {
        DBAPIError(.programmingError, "column index \(column) out of range; the row has \(endIndex) columns")
    }

    /// Adds the column's index, name, native type and the Swift type to a conversion error
    /// that does not name its column yet.
    @usableFromInline
    func attachingContext(to error: DBAPIError, column: Int, swiftType: Any.Type) -> DBAPIError {
        guard error.column == nil else { return error }
        var error = error
        let description = columns[column]
        error.column = DBAPIError.ColumnContext(
            index: column, name: description.name, nativeType: description.nativeType,
            swiftType: String(describing: swiftType))
        return error
    }
}
