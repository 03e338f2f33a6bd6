/// A Swift type a database cell can be read as: `row.decode(Int32.self, at: 0)`.
///
/// Conversions never lose information silently: integer narrowing checks the range,
/// `Decimal` refuses values with more than 38 digits, and a null only decodes into an
/// `Optional` (or ``Value``). Failures are ``DBAPIError``s of kind `dataError`; ``Row``
/// adds the column's index, name and type before handing them to the caller.
///
/// Conform your own types by implementing ``init(databaseValue:)``.
public protocol DatabaseValueDecodable {
    /// Converts a value; throws a `dataError` for a null, a value of another kind, or an
    /// out-of-range value.
    init(databaseValue value: Value) throws(DBAPIError)

    /// Reads the cell at `row`, `column` of `batch`. The default converts
    /// `batch.value(row:column:)`; the standard types first try the batch's typed accessor
    /// so that no ``Value`` is built.
    static func decode(from batch: any RowBatch, row: Int, column: Int) throws(DBAPIError) -> Self

    /// Reads the cell at `row`, `column` of `batch`, or nil when it is null: what
    /// `Optional`'s `decode` calls. The default asks `batch.isNull` and then calls
    /// ``decode(from:row:column:)``; the standard types try their typed accessor first,
    /// which answers a non-null cell in one call to the batch instead of two.
    static func decodeIfPresent(from batch: any RowBatch, row: Int, column: Int) throws(DBAPIError) -> Self?
}

extension DatabaseValueDecodable {
    /// Converts `batch.value(row:column:)` with ``init(databaseValue:)``.
    public static func decode(from batch: any RowBatch, row: Int, column: Int) throws(DBAPIError) -> Self {
        try Self(databaseValue: batch.value(row: row, column: column))
    }

    /// nil for a null cell (asked through the batch's `isNull`), else
    /// ``decode(from:row:column:)``.
    @inlinable
    public static func decodeIfPresent(from batch: any RowBatch, row: Int, column: Int) throws(DBAPIError) -> Self? {
        if batch.isNull(row: row, column: column) { return nil }
        return try decode(from: batch, row: row, column: column)
    }
}

extension DBAPIError {
    /// A `dataError` for a value that cannot become `type`; the message names the kinds
    /// involved but never the value, which could be sensitive.
    static func cannotDecode(_ value: Value, as type: Any.Type) -> DBAPIError {
        if value.isNull {
            return DBAPIError(.dataError, "unexpected null for non-optional \(type)")
        }
        return DBAPIError(.dataError, "cannot decode a \(value.kindName) value as \(type)")
    }

    /// A `dataError` for a value of the right kind that does not fit `type`.
    @usableFromInline
    static func outOfRange(_ value: Value, for type: Any.Type) -> DBAPIError {
        DBAPIError(.dataError, "\(value.kindName) value out of range for \(type)")
    }
}

extension Optional: DatabaseValueDecodable where Wrapped: DatabaseValueDecodable {
    /// nil for ``Value/null``, else the wrapped type's conversion.
    public init(databaseValue value: Value) throws(DBAPIError) {
        if value.isNull {
            self = .none
        } else {
            self = .some(try Wrapped(databaseValue: value))
        }
    }

    /// nil for a null cell, else the wrapped type's read (both through the wrapped type's
    /// ``DatabaseValueDecodable/decodeIfPresent(from:row:column:)``).
    @inlinable
    public static func decode(from batch: any RowBatch, row: Int, column: Int) throws(DBAPIError) -> Self {
        try Wrapped.decodeIfPresent(from: batch, row: row, column: column)
    }
}

extension Value: DatabaseValueDecodable {
    /// Any value, including ``Value/null``, as is.
    public init(databaseValue value: Value) { self = value }
}

extension Array: DatabaseValueDecodable where Element: DatabaseValueDecodable {
    /// A ``Value/list(_:)``, element by element.
    public init(databaseValue value: Value) throws(DBAPIError) {
        let value = value.unionMember
        guard case .list(let values) = value else { throw .cannotDecode(value, as: Self.self) }
        var elements: [Element] = []
        elements.reserveCapacity(values.count)
        for element in values {
            elements.append(try Element(databaseValue: element))
        }
        self = elements
    }
}
