import Foundation

/// Shared implementation of the integer conformances: full-width reads, narrowing with a
/// range check (an error, never a wrap or a trap).
extension DatabaseValueDecodable where Self: FixedWidthInteger {
    /// From `int`, `uint`, or an integral `decimal`, when the value fits.
    public init(databaseValue value: Value) throws(DBAPIError) {
        let value = value.unionMember
        let converted: Self?
        switch value {
        case .int(let integer): converted = Self(exactly: integer)
        case .uint(let integer): converted = Self(exactly: integer)
        case .decimal(let decimal):
            guard decimal.rescaled(to: 0) != nil else { throw .outOfRange(value, for: Self.self) }
            converted = decimal.int64Value.flatMap { Self(exactly: $0) }
                ?? decimal.uint64Value.flatMap { Self(exactly: $0) }
        default: throw .cannotDecode(value, as: Self.self)
        }
        guard let converted else { throw .outOfRange(value, for: Self.self) }
        self = converted
    }

    /// Tries the batch's `int64` accessor first.
    @inlinable
    public static func decode(from batch: any RowBatch, row: Int, column: Int) throws(DBAPIError) -> Self {
        if let integer = batch.int64(row: row, column: column) {
            guard let converted = Self(exactly: integer) else { throw .outOfRange(.int(integer), for: Self.self) }
            return converted
        }
        return try Self(databaseValue: batch.value(row: row, column: column))
    }

    /// Tries the batch's `int64` accessor first (non-nil means non-null), then `isNull`.
    @inlinable
    public static func decodeIfPresent(from batch: any RowBatch, row: Int, column: Int) throws(DBAPIError) -> Self? {
        if let integer = batch.int64(row: row, column: column) {
            guard let converted = Self(exactly: integer) else { throw .outOfRange(.int(integer), for: Self.self) }
            return converted
        }
        if batch.isNull(row: row, column: column) { return nil }
        return try Self(databaseValue: batch.value(row: row, column: column))
    }
}

extension Int: DatabaseValueDecodable {}
extension Int8: DatabaseValueDecodable {}
extension Int16: DatabaseValueDecodable {}
extension Int32: DatabaseValueDecodable {}
extension Int64: DatabaseValueDecodable {}
extension UInt: DatabaseValueDecodable {}
extension UInt8: DatabaseValueDecodable {}
extension UInt16: DatabaseValueDecodable {}
extension UInt32: DatabaseValueDecodable {}
extension UInt64: DatabaseValueDecodable {}

extension Bool: DatabaseValueDecodable {
    /// From `bool`, or an integer 0 or 1 (for databases without a boolean type).
    public init(databaseValue value: Value) throws(DBAPIError) {
        let value = value.unionMember
        switch value {
        case .bool(let flag): self = flag
        case .int(0), .uint(0): self = false
        case .int(1), .uint(1): self = true
        case .int, .uint: throw .outOfRange(value, for: Bool.self)
        default: throw .cannotDecode(value, as: Bool.self)
        }
    }

    /// Tries the batch's `bool` accessor first.
    @inlinable
    public static func decode(from batch: any RowBatch, row: Int, column: Int) throws(DBAPIError) -> Bool {
        if let flag = batch.bool(row: row, column: column) { return flag }
        return try Bool(databaseValue: batch.value(row: row, column: column))
    }

    /// Tries the batch's `bool` accessor first (non-nil means non-null), then `isNull`.
    @inlinable
    public static func decodeIfPresent(from batch: any RowBatch, row: Int, column: Int) throws(DBAPIError) -> Bool? {
        if let flag = batch.bool(row: row, column: column) { return flag }
        if batch.isNull(row: row, column: column) { return nil }
        return try Bool(databaseValue: batch.value(row: row, column: column))
    }
}

extension Double: DatabaseValueDecodable {
    /// From any number; integers above 2^53 and long decimals are rounded to the nearest
    /// `Double`, which asking for a `Double` accepts.
    public init(databaseValue value: Value) throws(DBAPIError) {
        let value = value.unionMember
        switch value {
        case .double(let number): self = number
        case .float(let number): self = Double(number)
        case .int(let number): self = Double(number)
        case .uint(let number): self = Double(number)
        case .decimal(let number): self = number.doubleValue
        default: throw .cannotDecode(value, as: Double.self)
        }
    }

    /// Tries the batch's `double` accessor first.
    @inlinable
    public static func decode(from batch: any RowBatch, row: Int, column: Int) throws(DBAPIError) -> Double {
        if let number = batch.double(row: row, column: column) { return number }
        return try Double(databaseValue: batch.value(row: row, column: column))
    }

    /// Tries the batch's `double` accessor first (non-nil means non-null), then `isNull`.
    @inlinable
    public static func decodeIfPresent(from batch: any RowBatch, row: Int, column: Int) throws(DBAPIError) -> Double? {
        if let number = batch.double(row: row, column: column) { return number }
        if batch.isNull(row: row, column: column) { return nil }
        return try Double(databaseValue: batch.value(row: row, column: column))
    }
}

extension Float: DatabaseValueDecodable {
    /// From any number, rounded to the nearest `Float`; a finite value beyond `Float`'s range
    /// is an error rather than infinity.
    public init(databaseValue value: Value) throws(DBAPIError) {
        let value = value.unionMember
        if case .float(let number) = value {
            self = number
            return
        }
        let wide = try Double(databaseValue: value)
        let narrow = Float(wide)
        guard narrow.isFinite || !wide.isFinite else { throw .outOfRange(value, for: Float.self) }
        self = narrow
    }
}

extension String: DatabaseValueDecodable {
    /// From `string` only; use ``Value/description`` to render other values as text.
    public init(databaseValue value: Value) throws(DBAPIError) {
        let value = value.unionMember
        guard case .string(let text) = value else { throw .cannotDecode(value, as: String.self) }
        self = text
    }

    /// Tries the batch's `string` accessor first.
    @inlinable
    public static func decode(from batch: any RowBatch, row: Int, column: Int) throws(DBAPIError) -> String {
        if let text = batch.string(row: row, column: column) { return text }
        return try String(databaseValue: batch.value(row: row, column: column))
    }

    /// Tries the batch's `string` accessor first (non-nil means non-null), then `isNull`.
    @inlinable
    public static func decodeIfPresent(from batch: any RowBatch, row: Int, column: Int) throws(DBAPIError) -> String? {
        if let text = batch.string(row: row, column: column) { return text }
        if batch.isNull(row: row, column: column) { return nil }
        return try String(databaseValue: batch.value(row: row, column: column))
    }
}

extension Data: DatabaseValueDecodable {
    /// From `bytes` only.
    public init(databaseValue value: Value) throws(DBAPIError) {
        let value = value.unionMember
        guard case .bytes(let bytes) = value else { throw .cannotDecode(value, as: Data.self) }
        self = bytes
    }

    /// Tries the batch's `data` accessor first.
    @inlinable
    public static func decode(from batch: any RowBatch, row: Int, column: Int) throws(DBAPIError) -> Data {
        if let bytes = batch.data(row: row, column: column) { return bytes }
        return try Data(databaseValue: batch.value(row: row, column: column))
    }

    /// Tries the batch's `data` accessor first (non-nil means non-null), then `isNull`.
    @inlinable
    public static func decodeIfPresent(from batch: any RowBatch, row: Int, column: Int) throws(DBAPIError) -> Data? {
        if let bytes = batch.data(row: row, column: column) { return bytes }
        if batch.isNull(row: row, column: column) { return nil }
        return try Data(databaseValue: batch.value(row: row, column: column))
    }
}

extension Date: DatabaseValueDecodable {
    /// From a date (midnight UTC) or a timestamp (a timestamp without a time zone is read
    /// as UTC).
    public init(databaseValue value: Value) throws(DBAPIError) {
        let value = value.unionMember
        guard let date = value.dateValue else { throw .cannotDecode(value, as: Date.self) }
        self = date
    }
}

extension ExactDecimal: DatabaseValueDecodable {
    /// From `decimal`, `int` or `uint`, exactly.
    public init(databaseValue value: Value) throws(DBAPIError) {
        let value = value.unionMember
        switch value {
        case .decimal(let number): self = number
        case .int(let number): self = ExactDecimal(number)
        case .uint(let number): self = ExactDecimal(number)
        default: throw .cannotDecode(value, as: ExactDecimal.self)
        }
    }
}

extension Decimal: DatabaseValueDecodable {
    /// From `decimal`, `int` or `uint`, when it fits in `Decimal`'s 38 digits without
    /// rounding. Not from floats, whose binary values have no exact decimal counterpart.
    public init(databaseValue value: Value) throws(DBAPIError) {
        let value = value.unionMember
        let exact = try ExactDecimal(databaseValue: value)
        guard let decimal = exact.decimalValue else { throw .outOfRange(value, for: Decimal.self) }
        self = decimal
    }
}
