import Foundation

/// A Swift value that can be bound as a statement parameter.
///
/// `Value`'s literal conformances cover literals (`parameters: [1, "x", nil]`); for
/// variables, wrap them with ``Value/init(_:)`` or pass them to the `arguments:` overloads
/// (`cursor.execute(sql, arguments: [id, name, optionalCity])`).
public protocol DatabaseValueConvertible {
    /// The value to bind.
    var databaseValue: Value { get }
}

extension Value {
    /// The value of a convertible Swift value: `Value(42)`, `Value(date)`, `Value(nil as Int?)`.
    public init(_ convertible: some DatabaseValueConvertible) {
        self = convertible.databaseValue
    }
}

extension Value: DatabaseValueConvertible {
    /// Itself.
    public var databaseValue: Value { self }
}

extension Optional: DatabaseValueConvertible where Wrapped: DatabaseValueConvertible {
    /// ``Value/null`` for nil.
    public var databaseValue: Value { self?.databaseValue ?? .null }
}

extension Array: DatabaseValueConvertible where Element: DatabaseValueConvertible {
    /// A ``Value/list(_:)``.
    public var databaseValue: Value { .list(map(\.databaseValue)) }
}

extension Bool: DatabaseValueConvertible {
    /// ``Value/bool(_:)``.
    public var databaseValue: Value { .bool(self) }
}

extension DatabaseValueConvertible where Self: SignedInteger & FixedWidthInteger {
    /// ``Value/int(_:)``.
    public var databaseValue: Value { .int(Int64(self)) }
}

extension DatabaseValueConvertible where Self: UnsignedInteger & FixedWidthInteger {
    /// ``Value/uint(_:)``.
    public var databaseValue: Value { .uint(UInt64(self)) }
}

extension Int: DatabaseValueConvertible {}
extension Int8: DatabaseValueConvertible {}
extension Int16: DatabaseValueConvertible {}
extension Int32: DatabaseValueConvertible {}
extension Int64: DatabaseValueConvertible {}
extension UInt: DatabaseValueConvertible {}
extension UInt8: DatabaseValueConvertible {}
extension UInt16: DatabaseValueConvertible {}
extension UInt32: DatabaseValueConvertible {}
extension UInt64: DatabaseValueConvertible {}

extension Float: DatabaseValueConvertible {
    /// ``Value/float(_:)``.
    public var databaseValue: Value { .float(self) }
}

extension Double: DatabaseValueConvertible {
    /// ``Value/double(_:)``.
    public var databaseValue: Value { .double(self) }
}

extension String: DatabaseValueConvertible {
    /// ``Value/string(_:)``.
    public var databaseValue: Value { .string(self) }
}

extension Substring: DatabaseValueConvertible {
    /// ``Value/string(_:)``.
    public var databaseValue: Value { .string(String(self)) }
}

extension Data: DatabaseValueConvertible {
    /// ``Value/bytes(_:)``.
    public var databaseValue: Value { .bytes(self) }
}

extension Date: DatabaseValueConvertible {
    /// A UTC ``Value/timestamp(_:_:timeZone:)`` in microseconds, the finest unit a `Date`
    /// carries reliably; in seconds for dates beyond ±292,000 years, which microseconds
    /// cannot count in 64 bits (converting never traps).
    public var databaseValue: Value {
        let seconds = timeIntervalSince1970
        if let microseconds = Int64(exactly: (seconds * 1_000_000).rounded()) {
            return .timestamp(microseconds, .microsecond, timeZone: "UTC")
        }
        if let whole = Int64(exactly: seconds.rounded()) {
            return .timestamp(whole, .second, timeZone: "UTC")
        }
        return .null
    }
}

extension ExactDecimal: DatabaseValueConvertible {
    /// ``Value/decimal(_:)``.
    public var databaseValue: Value { .decimal(self) }
}

extension Decimal: DatabaseValueConvertible {
    /// ``Value/decimal(_:)`` holding the exact value; NaN binds as ``Value/null``.
    public var databaseValue: Value { ExactDecimal(exactly: self).map(Value.decimal) ?? .null }
}
