import Foundation

/// One database value, driver-agnostic yet lossless for every Arrow type: integers at full
/// width, exact decimals of up to 76 digits (and more), temporal values with their unit and
/// time zone, and nested lists, structs and maps.
///
/// Parameters are passed as `Value`s, and a ``Row`` reads its cells as `Value`s (or, without
/// building one, straight into Swift types through ``DatabaseValueDecodable``). The literal
/// conformances let parameter lists read naturally: `[1, "x", nil, 2.5, true]`.
public indirect enum Value: Sendable, Hashable {
    /// SQL `NULL`.
    case null
    /// A boolean.
    case bool(Bool)
    /// Any signed integer (8 to 64 bits), widened to 64 bits.
    case int(Int64)
    /// Any unsigned integer (8 to 64 bits), widened to 64 bits.
    case uint(UInt64)
    /// A single-precision float; half-precision values are widened to it exactly.
    case float(Float)
    /// A double-precision float.
    case double(Double)
    /// An exact decimal.
    case decimal(ExactDecimal)
    /// Text.
    case string(String)
    /// Binary data.
    case bytes(Data)
    /// A calendar date as days since 1970-01-01 (Arrow `date32`).
    case date(days: Int32)
    /// A date as milliseconds since 1970-01-01 (Arrow `date64`); normally a whole number of
    /// days, kept as stored so that nothing is lost.
    case dateMilliseconds(Int64)
    /// A time of day as a count of `unit` since midnight.
    case time(Int64, TimeUnit)
    /// An instant as a count of `unit` since 1970-01-01T00:00:00; `timeZone` is nil for a
    /// wall-clock ("naive") timestamp, which this API reads as UTC.
    case timestamp(Int64, TimeUnit, timeZone: String?)
    /// An exact elapsed time as a count of `unit`.
    case duration(Int64, TimeUnit)
    /// A calendar interval of months.
    case intervalYearMonth(months: Int32)
    /// An interval of days and milliseconds.
    case intervalDayTime(days: Int32, milliseconds: Int32)
    /// An interval of months, days and nanoseconds.
    case intervalMonthDayNano(months: Int32, days: Int32, nanoseconds: Int64)
    /// A list of values.
    case list([Value])
    /// A structure's fields, in declaration order.
    case `struct`([Field])
    /// A map's entries, in stored order (keys need not be unique or sorted).
    case map([MapEntry])
    /// A union cell: `typeCode` is the union's type code for the member that is set (as in
    /// the Arrow union type's type ids) and the value is that member's value, so that members
    /// of the same type stay apart. Null union slots are ``null``, not a union.
    ///
    /// Typed reads, `Decodable` and the description see through it to the member's value,
    /// and as a parameter it binds as the member's value (or, for a union parameter type,
    /// into the member of its type code).
    case union(typeCode: Int8, Value)

    /// The unit of a time, timestamp or duration.
    public enum TimeUnit: String, Sendable, Hashable, CaseIterable {
        /// Seconds.
        case second
        /// Milliseconds.
        case millisecond
        /// Microseconds.
        case microsecond
        /// Nanoseconds.
        case nanosecond

        /// How many of this unit make one second.
        public var perSecond: Int64 {
            switch self {
            case .second: 1
            case .millisecond: 1_000
            case .microsecond: 1_000_000
            case .nanosecond: 1_000_000_000
            }
        }

        /// The number of fraction digits a value of this unit has (0, 3, 6 or 9).
        public var fractionDigits: Int {
            switch self {
            case .second: 0
            case .millisecond: 3
            case .microsecond: 6
            case .nanosecond: 9
            }
        }
    }

    /// One named field of a ``Value/struct(_:)``.
    public struct Field: Sendable, Hashable {
        /// The field's name.
        public var name: String
        /// The field's value.
        public var value: Value

        /// Creates a struct field.
        public init(name: String, value: Value) {
            self.name = name
            self.value = value
        }
    }

    /// One entry of a ``Value/map(_:)``.
    public struct MapEntry: Sendable, Hashable {
        /// The entry's key.
        public var key: Value
        /// The entry's value.
        public var value: Value

        /// Creates a map entry.
        public init(key: Value, value: Value) {
            self.key = key
            self.value = value
        }
    }

    /// Whether this is ``null`` (or a ``union(typeCode:_:)`` holding ``null``).
    public var isNull: Bool {
        switch self {
        case .null: true
        case .union(_, let member): member.isNull
        default: false
        }
    }

    /// The member's value for a ``union(typeCode:_:)`` (unwrapping nested unions), `self`
    /// for every other value: what typed reads and decoding look at.
    public var unionMember: Value {
        var value = self
        while case .union(_, let member) = value { value = member }
        return value
    }

    /// A short name of the case, used in error messages (`"int"`, `"timestamp"`).
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .float: "float"
        case .double: "double"
        case .decimal: "decimal"
        case .string: "string"
        case .bytes: "bytes"
        case .date: "date"
        case .dateMilliseconds: "date"
        case .time: "time"
        case .timestamp: "timestamp"
        case .duration: "duration"
        case .intervalYearMonth, .intervalDayTime, .intervalMonthDayNano: "interval"
        case .list: "list"
        case .struct: "struct"
        case .map: "map"
        case .union: "union"
        }
    }
}

extension Value {
    /// The instant a date or timestamp value stands for, or nil for other values.
    ///
    /// Dates are midnight UTC; a timestamp without a time zone is read as UTC; a union is read
    /// as its member. Sub-microsecond
    /// precision is lost, as `Date` is a `Double`.
    public var dateValue: Date? {
        switch unionMember {
        case .date(let days):
            return Date(timeIntervalSince1970: Double(Int64(days) * 86_400))
        case .dateMilliseconds(let milliseconds):
            return Self.date(count: milliseconds, unit: .millisecond)
        case .timestamp(let count, let unit, _):
            return Self.date(count: count, unit: unit)
        default:
            return nil
        }
    }

    /// `count` units since the epoch as a `Date`, splitting whole seconds from the fraction
    /// so that large nanosecond counts keep their microseconds.
    static func date(count: Int64, unit: TimeUnit) -> Date {
        let (seconds, fraction) = count.floorDivided(by: unit.perSecond)
        return Date(timeIntervalSince1970: Double(seconds) + Double(fraction) / Double(unit.perSecond))
    }
}

extension Int64 {
    /// Quotient rounded towards negative infinity, and a non-negative remainder (`package`:
    /// SQLiteDBAPI splits timestamps into days and time of day with it too).
    package func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var quotient = self / divisor
        var remainder = self % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }
}
