import Arrow
import DBAPI

/// Infers the Arrow type of a parameter column from its values, for servers that do not
/// send a parameter schema.
///
/// | values | Arrow type |
/// | --- | --- |
/// | `Int` (`.int`) | int64 (uint64 values that fit join them) |
/// | `UInt` (`.uint`) | uint64 |
/// | `Double`, or a mix of floats and integers | float64 |
/// | `Float` only | float32 |
/// | `ExactDecimal`/`Decimal` | decimal128(38, s), or decimal256(76, s) when a value needs more digits; s is the largest scale |
/// | `String` | utf8 |
/// | `Data` | binary |
/// | `Bool` | bool |
/// | dates, times, timestamps, durations, intervals | date32, date64, time32/time64, timestamp (unit and zone of the values; mixed units take the finest), duration, interval |
/// | lists, structs, maps | list, struct, map of the inferred children |
/// | unions (`.union`) | the type of the member's value |
/// | only `NULL`s | null |
///
/// Kinds that do not mix (text and numbers, two time zones) are a `programmingError`
/// naming the parameter's position and the kinds, never a value.
enum ParameterTypeInference {
    /// The Arrow type of a parameter column holding `values`.
    static func type(of values: [Value], position: Int) throws(DBAPIError) -> ArrowType {
        try normalized(try rawType(of: values, position: position), position: position)
    }

    /// The unified type of `values` before decimals are given their final width.
    static func rawType(of values: [Value], position: Int) throws(DBAPIError) -> ArrowType {
        var inferred: ArrowType = .null
        for value in values where !value.isNull {
            inferred = try unify(inferred, try rawType(of: value, position: position), position: position)
        }
        return inferred
    }

    /// While inferring, a decimal's precision counts the digits its values need (integer
    /// digits plus the scale); the column becomes decimal128(38, s) when that fits, else
    /// decimal256(76, s).
    static func normalized(_ type: ArrowType, position: Int) throws(DBAPIError) -> ArrowType {
        switch type {
        case .decimal(_, let digits, let scale):
            if digits <= 38 { return .decimal(bitWidth: 128, precision: 38, scale: scale) }
            if digits <= 76 { return .decimal(bitWidth: 256, precision: 76, scale: scale) }
            throw DBAPIError(.dataError, "parameter \(position) needs \(digits) decimal digits; Arrow decimals hold at most 76")
        case .list(let child):
            return .list(Field(name: child.name, type: try normalized(child.type, position: position)))
        case .struct(let children):
            var fields: [Field] = []
            for child in children { fields.append(Field(name: child.name, type: try normalized(child.type, position: position))) }
            return .struct(fields)
        case .map(let entries, _):
            guard case .struct(let children) = entries.type, children.count == 2 else { return type }
            return mapType(key: try normalized(children[0].type, position: position), value: try normalized(children[1].type, position: position))
        default:
            return type
        }
    }

    /// The natural type of one value (decimals not yet normalized).
    static func rawType(of value: Value, position: Int) throws(DBAPIError) -> ArrowType {
        switch value {
        case .null: return .null
        case .bool: return .bool
        case .int: return .int64
        case .uint: return .uint64
        case .float: return .float32
        case .double: return .float64
        case .decimal(let decimal):
            // A negative scale (1.2E+5) is stored with scale 0 and its zeros as digits.
            let scale = max(decimal.scale, 0)
            let integerDigits = max(decimal.precision - decimal.scale, 1)
            return .decimal(bitWidth: 128, precision: integerDigits + scale, scale: scale)
        case .string: return .utf8
        case .bytes: return .binary
        case .date: return .date32
        case .dateMilliseconds: return .date64
        case .time(_, let unit):
            let arrowUnit = Arrow.TimeUnit(unit)
            return unit == .second || unit == .millisecond ? .time32(arrowUnit) : .time64(arrowUnit)
        case .timestamp(_, let unit, let zone): return .timestamp(Arrow.TimeUnit(unit), timeZone: zone)
        case .duration(_, let unit): return .duration(Arrow.TimeUnit(unit))
        case .intervalYearMonth: return .interval(.yearMonth)
        case .intervalDayTime: return .interval(.dayTime)
        case .intervalMonthDayNano: return .interval(.monthDayNano)
        case .list(let items):
            return .list(Field(name: "item", type: try rawType(of: items, position: position)))
        case .struct(let fields):
            var children: [Field] = []
            for field in fields { children.append(Field(name: field.name, type: try rawType(of: field.value, position: position))) }
            return .struct(children)
        case .map(let entries):
            let keyType = try rawType(of: entries.map(\.key), position: position)
            let valueType = try rawType(of: entries.map(\.value), position: position)
            return mapType(key: keyType == .null ? .utf8 : keyType, value: valueType)
        case .union(_, let member):
            return try rawType(of: member, position: position)
        }
    }

    static func mapType(key: ArrowType, value: ArrowType) -> ArrowType {
        let entries = Field(
            name: "entries", type: .struct([Field(name: "key", type: key, isNullable: false), Field(name: "value", type: value)]),
            isNullable: false)
        return .map(entries: entries, keysSorted: false)
    }

    /// The type that holds values of both `left` and `right`.
    static func unify(_ left: ArrowType, _ right: ArrowType, position: Int) throws(DBAPIError) -> ArrowType {
        if left == right { return left }
        switch (left, right) {
        case (.null, let other), (let other, .null): return other
        case (.int64, .uint64), (.uint64, .int64): return .int64
        case (.float32, .float64), (.float64, .float32), (.int64, .float64), (.float64, .int64), (.uint64, .float64), (.float64, .uint64),
            (.int64, .float32), (.float32, .int64), (.uint64, .float32), (.float32, .uint64):
            return .float64
        case (.decimal(_, let leftDigits, let leftScale), .decimal(_, let rightDigits, let rightScale)):
            let scale = max(leftScale, rightScale)
            return .decimal(bitWidth: 128, precision: max(leftDigits - leftScale, rightDigits - rightScale) + scale, scale: scale)
        case (.decimal(_, let digits, let scale), .int64), (.decimal(_, let digits, let scale), .uint64),
            (.int64, .decimal(_, let digits, let scale)), (.uint64, .decimal(_, let digits, let scale)):
            // 64-bit integers have up to 20 digits.
            return .decimal(bitWidth: 128, precision: max(digits - scale, 20) + scale, scale: scale)
        case (.date32, .date64), (.date64, .date32): return .date64
        case (.time32(let a), .time32(let b)), (.time32(let a), .time64(let b)), (.time64(let a), .time32(let b)), (.time64(let a), .time64(let b)):
            let unit = finer(a, b)
            return unit == .second || unit == .millisecond ? .time32(unit) : .time64(unit)
        case (.timestamp(let a, let leftZone), .timestamp(let b, let rightZone)) where leftZone == rightZone:
            return .timestamp(finer(a, b), timeZone: leftZone)
        case (.duration(let a), .duration(let b)):
            return .duration(finer(a, b))
        case (.list(let a), .list(let b)):
            return .list(Field(name: "item", type: try unify(a.type, b.type, position: position)))
        case (.struct(let a), .struct(let b)) where a.map(\.name) == b.map(\.name):
            var children: [Field] = []
            for (x, y) in zip(a, b) { children.append(Field(name: x.name, type: try unify(x.type, y.type, position: position))) }
            return .struct(children)
        case (.map(let a, _), .map(let b, _)):
            guard case .struct(let x) = a.type, case .struct(let y) = b.type, x.count == 2, y.count == 2 else { break }
            return mapType(key: try unify(x[0].type, y[0].type, position: position), value: try unify(x[1].type, y[1].type, position: position))
        default:
            break
        }
        throw DBAPIError(
            .programmingError,
            "parameter \(position) mixes values of types \(ArrowColumnDescription.typeName(left)) and \(ArrowColumnDescription.typeName(right)) across parameter sets")
    }

    private static func finer(_ a: Arrow.TimeUnit, _ b: Arrow.TimeUnit) -> Arrow.TimeUnit {
        a.perSecond >= b.perSecond ? a : b
    }
}
