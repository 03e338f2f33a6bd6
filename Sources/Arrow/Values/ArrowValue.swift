import Foundation

/// One decoded Arrow cell, without loss: every integer at full width, exact decimals,
/// temporal values with their unit (and time zone), and nested values.
///
/// Dictionary, union and run-end-encoded columns yield the decoded value they stand for.
///
/// Not `indirect`: nested cases recurse through arrays, which already store elements out
/// of line, so scalar values need no heap box (a box per value cost ~6x in `value(at:)`).
public enum ArrowValue: Sendable, Hashable {
    /// A null slot.
    case null
    /// A boolean.
    case bool(Bool)
    /// Any signed integer column (int8 … int64).
    case int(Int64)
    /// Any unsigned integer column (uint8 … uint64).
    case uint(UInt64)
    /// A half-precision float, widened exactly to `Float`.
    case float16(Float)
    /// A single-precision float.
    case float32(Float)
    /// A double-precision float.
    case float64(Double)
    /// An exact decimal (any of the four widths).
    case decimal(ArrowDecimal)
    /// utf8, large_utf8 and utf8_view.
    case string(String)
    /// binary, large_binary, binary_view and fixed_size_binary.
    case binary(Data)
    /// Days since 1970-01-01 (date32).
    case date32(Int32)
    /// Milliseconds since 1970-01-01 (date64).
    case date64(Int64)
    /// Time of day as a count of `unit` since midnight.
    case time(Int64, TimeUnit)
    /// A count of `unit` since the epoch; `timeZone` nil for a wall-clock timestamp.
    case timestamp(Int64, TimeUnit, timeZone: String?)
    /// An elapsed time as a count of `unit`.
    case duration(Int64, TimeUnit)
    /// A year-month interval.
    case intervalYearMonth(months: Int32)
    /// A day-time interval.
    case intervalDayTime(days: Int32, milliseconds: Int32)
    /// A month-day-nanosecond interval.
    case intervalMonthDayNano(months: Int32, days: Int32, nanoseconds: Int64)
    /// list, large_list, list_view, large_list_view and fixed_size_list.
    case list([ArrowValue])
    /// A struct's fields, in schema order.
    case `struct`([StructEntry])
    /// A map's entries, in stored order.
    case map([MapEntry])

    /// One named field of a struct value.
    public struct StructEntry: Sendable, Hashable {
        /// The child field's name.
        public var name: String
        /// The child's value.
        public var value: ArrowValue

        /// Creates a struct entry.
        public init(name: String, value: ArrowValue) {
            self.name = name
            self.value = value
        }
    }

    /// One key/value entry of a map value.
    public struct MapEntry: Sendable, Hashable {
        /// The entry's key.
        public var key: ArrowValue
        /// The entry's value.
        public var value: ArrowValue

        /// Creates a map entry.
        public init(key: ArrowValue, value: ArrowValue) {
            self.key = key
            self.value = value
        }
    }

    /// Whether this is ``null``.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
