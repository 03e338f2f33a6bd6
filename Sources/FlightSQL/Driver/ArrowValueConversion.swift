import Arrow
import DBAPI

extension Value {
    /// The DB-API value of an Arrow cell, without loss: integers at full width, decimals as
    /// ``ExactDecimal``s (from their two's-complement words, so 76-digit decimal256 values
    /// survive), date64 as its milliseconds, temporal values with unit and time zone, nested
    /// values recursively.
    public init(_ value: ArrowValue) {
        switch value {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .uint(let value): self = .uint(value)
        case .float16(let value), .float32(let value): self = .float(value)
        case .float64(let value): self = .double(value)
        case .decimal(let value): self = .decimal(ExactDecimal(twosComplementWords: value.words, scale: value.scale))
        case .string(let value): self = .string(value)
        case .binary(let value): self = .bytes(value)
        case .date32(let days): self = .date(days: days)
        case .date64(let milliseconds): self = .dateMilliseconds(milliseconds)
        case .time(let count, let unit): self = .time(count, Value.TimeUnit(unit))
        case .timestamp(let count, let unit, let timeZone): self = .timestamp(count, Value.TimeUnit(unit), timeZone: timeZone)
        case .duration(let count, let unit): self = .duration(count, Value.TimeUnit(unit))
        case .intervalYearMonth(let months): self = .intervalYearMonth(months: months)
        case .intervalDayTime(let days, let milliseconds): self = .intervalDayTime(days: days, milliseconds: milliseconds)
        case .intervalMonthDayNano(let months, let days, let nanoseconds):
            self = .intervalMonthDayNano(months: months, days: days, nanoseconds: nanoseconds)
        case .list(let values): self = .list(values.map(Value.init))
        case .struct(let entries): self = .struct(entries.map { Value.Field(name: $0.name, value: Value($0.value)) })
        case .map(let entries): self = .map(entries.map { Value.MapEntry(key: Value($0.key), value: Value($0.value)) })
        }
    }
}

extension Value {
    /// The DB-API value of slot `index` of `array`: `Value(array.value(at: index))`, except that a sparse or dense union slot becomes
    /// ``Value/union(typeCode:_:)`` with the slot's type code and its member's value (a
    /// null slot stays ``Value/null``), so that members of the same type stay apart.
    ///
    /// Unions nested inside lists, structs and maps give their member's value only.
    public init(_ array: ArrowArray, at index: Int) {
        guard case .union = array.type, let member = array.unionMember(at: index) else {
            self = Value(array.value(at: index))
            return
        }
        let value = Value(member.array, at: member.index)
        self = value.isNull ? .null : .union(typeCode: member.typeCode, value)
    }
}

extension Value.TimeUnit {
    /// The DB-API unit of an Arrow time unit.
    public init(_ unit: Arrow.TimeUnit) {
        switch unit {
        case .second: self = .second
        case .millisecond: self = .millisecond
        case .microsecond: self = .microsecond
        case .nanosecond: self = .nanosecond
        }
    }
}

extension Arrow.TimeUnit {
    /// The Arrow unit of a DB-API time unit.
    public init(_ unit: Value.TimeUnit) {
        switch unit {
        case .second: self = .second
        case .millisecond: self = .millisecond
        case .microsecond: self = .microsecond
        case .nanosecond: self = .nanosecond
        }
    }
}
