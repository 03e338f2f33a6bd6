import Arrow
import DBAPI
import Foundation

/// Converts between DB-API ``Value``s and Arrow values, exactly or with an error.
enum ValueConversion {
    /// The Arrow value for a DB-API value stored in a column of `type` (a union value as its
    /// member's value). Decimals are rescaled
    /// to the column's scale (an error when digits would be lost); text columns holding
    /// other values (columns typed only by their values) get the value's text.
    static func arrowValue(_ value: Value, for type: ArrowType) throws(ArrowError) -> ArrowValue {
        switch (value, type) {
        case (.null, _): return .null
        case (.union(_, let member), _): return try arrowValue(member, for: type)
        case (.decimal(let decimal), .decimal(_, let precision, let scale)):
            guard let rescaled = decimal.rescaled(to: scale), rescaled.precision <= precision,
                  let words = rescaled.twosComplementWords(wordCount: 4) else {
                throw ArrowError(.typeMismatch, "a decimal does not fit decimal(\(precision), \(scale))")
            }
            return .decimal(ArrowDecimal(words: words, precision: precision, scale: scale))
        case (.string(let text), _): return .string(text)
        case (.bytes, .utf8):
            // Bytes have no faithful text: rendering them (as X'…' or as UTF-8) would hand
            // the client a string that is not the stored value. Happens in a column typed
            // only by its values whose first batch held no bytes.
            throw ArrowError(.typeMismatch, "a BLOB value in a column served as text (its first rows were not BLOBs); CAST the column to BLOB or declare its type")
        case (_, .utf8): return .string(text(of: value))
        default: return generic(value)
        }
    }

    /// A value's text for a text column (numbers as SQL renders them).
    static func text(of value: Value) -> String {
        switch value {
        case .int(let v): String(v)
        case .uint(let v): String(v)
        case .double(let v): String(v)
        case .float(let v): String(v)
        case .bool(let v): v ? "1" : "0"
        case .decimal(let v): v.description
        case .string(let v): v
        case .union(_, let v): text(of: v)
        default: String(describing: value)
        }
    }

    /// The Arrow value of the same kind, without a target type.
    static func generic(_ value: Value) -> ArrowValue {
        switch value {
        case .null: .null
        case .bool(let v): .bool(v)
        case .int(let v): .int(v)
        case .uint(let v): .uint(v)
        case .float(let v): .float32(v)
        case .double(let v): .float64(v)
        case .decimal(let v):
            // Beyond 256 bits (76 digits) only text holds the value exactly.
            if let words = v.twosComplementWords(wordCount: 4) {
                .decimal(ArrowDecimal(words: words, precision: min(max(v.precision, 1), 76), scale: v.scale))
            } else {
                .string(v.description)
            }
        case .string(let v): .string(v)
        case .bytes(let v): .binary(v)
        case .date(let days): .date32(days)
        case .dateMilliseconds(let ms): .date64(ms)
        case .time(let v, let unit): .time(v, arrowUnit(unit))
        case .timestamp(let v, let unit, let zone): .timestamp(v, arrowUnit(unit), timeZone: zone)
        case .duration(let v, let unit): .duration(v, arrowUnit(unit))
        case .intervalYearMonth(let months): .intervalYearMonth(months: months)
        case .intervalDayTime(let days, let ms): .intervalDayTime(days: days, milliseconds: ms)
        case .intervalMonthDayNano(let m, let d, let n): .intervalMonthDayNano(months: m, days: d, nanoseconds: n)
        case .list(let items): .list(items.map(generic))
        case .struct(let fields): .struct(fields.map { ArrowValue.StructEntry(name: $0.name, value: generic($0.value)) })
        case .map(let entries): .map(entries.map { ArrowValue.MapEntry(key: generic($0.key), value: generic($0.value)) })
        case .union(_, let v): generic(v)
        }
    }

    /// The DB-API value of an Arrow value (parameters sent by clients).
    static func value(_ arrow: ArrowValue) -> Value {
        switch arrow {
        case .null: .null
        case .bool(let v): .bool(v)
        case .int(let v): .int(v)
        case .uint(let v): .uint(v)
        case .float16(let v), .float32(let v): .float(v)
        case .float64(let v): .double(v)
        case .decimal(let v): .decimal(ExactDecimal(twosComplementWords: v.words, scale: v.scale))
        case .string(let v): .string(v)
        case .binary(let v): .bytes(v)
        case .date32(let v): .date(days: v)
        case .date64(let v): .dateMilliseconds(v)
        case .time(let v, let unit): .time(v, dbapiUnit(unit))
        case .timestamp(let v, let unit, let zone): .timestamp(v, dbapiUnit(unit), timeZone: zone)
        case .duration(let v, let unit): .duration(v, dbapiUnit(unit))
        case .intervalYearMonth(let months): .intervalYearMonth(months: months)
        case .intervalDayTime(let days, let ms): .intervalDayTime(days: days, milliseconds: ms)
        case .intervalMonthDayNano(let m, let d, let n): .intervalMonthDayNano(months: m, days: d, nanoseconds: n)
        case .list(let items): .list(items.map(value))
        case .struct(let entries): .struct(entries.map { Value.Field(name: $0.name, value: value($0.value)) })
        case .map(let entries): .map(entries.map { Value.MapEntry(key: value($0.key), value: value($0.value)) })
        }
    }

    static func arrowUnit(_ unit: Value.TimeUnit) -> Arrow.TimeUnit {
        Arrow.TimeUnit(rawValue: unit.rawValue) ?? .microsecond
    }

    static func dbapiUnit(_ unit: Arrow.TimeUnit) -> Value.TimeUnit {
        Value.TimeUnit(rawValue: unit.rawValue) ?? .microsecond
    }

    /// The rows of a parameter batch as DB-API parameter sets.
    ///
    /// A decimal in a column of the server's own parameter type (``ParameterTypes/anyValue``)
    /// has the scale of the union's decimal member (18), which the client had to rescale to,
    /// not a scale the client chose; bound as text with that scale, `1.5` would be stored as
    /// `1.500000000000000000` in a TEXT or undeclared column. Such decimals are bound in their
    /// shortest exact form (`1.5`, `100`) instead. Decimals of a client's own schema keep
    /// their scale (`12.30` stays `12.30`, as on the SQLite driver).
    static func parameterSets(_ batch: RecordBatch) -> [[Value]] {
        let scaleImposed = batch.columns.map { ParameterTypes.isAnyValue($0.type) }
        return (0..<batch.rowCount).map { row in
            batch.columns.indices.map { column in
                let converted = value(batch.columns[column].value(at: row))
                guard scaleImposed[column], case .decimal(let decimal) = converted else { return converted }
                return .decimal(shortest(decimal))
            }
        }
    }

    /// `decimal` without trailing fraction zeros, never with a negative scale (`1200`
    /// stays `1200`, not `12E+2`).
    static func shortest(_ decimal: ExactDecimal) -> ExactDecimal {
        let normalized = decimal.normalized
        guard normalized.scale < 0 else { return normalized }
        return normalized.rescaled(to: 0) ?? decimal
    }
}
