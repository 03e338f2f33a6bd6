import Arrow
import Foundation

/// Equality of decoded and expected values, treating NaNs as equal and allowing the last
/// bit of rounding where JSON printed a float in decimal.
enum ValueMatching {
    static func matches(_ actual: ArrowValue, _ expected: ArrowValue) -> Bool {
        if actual == expected { return true }
        switch (actual, expected) {
        case (.float16(let a), .float16(let e)), (.float32(let a), .float32(let e)):
            return close(Double(a), Double(e), tolerance: 1e-6)
        case (.float64(let a), .float64(let e)):
            return close(a, e, tolerance: 1e-12)
        case (.list(let a), .list(let e)):
            return a.count == e.count && zip(a, e).allSatisfy { matches($0, $1) }
        case (.struct(let a), .struct(let e)):
            return a.count == e.count && zip(a, e).allSatisfy { $0.name == $1.name && matches($0.value, $1.value) }
        case (.map(let a), .map(let e)):
            return a.count == e.count && zip(a, e).allSatisfy { matches($0.key, $1.key) && matches($0.value, $1.value) }
        default:
            return false
        }
    }

    static func close(_ a: Double, _ e: Double, tolerance: Double) -> Bool {
        if a.isNaN && e.isNaN { return true }
        return abs(a - e) <= tolerance * max(1, abs(e))
    }

    /// Whether the typed accessors agree with `value(at:)` for scalar values: nil when they
    /// do, else a description of the disagreement.
    static func typedDisagreement(_ array: ArrowArray, row: Int, value: ArrowValue) -> String? {
        switch value {
        case .null:
            return array.isNull(row) ? nil : "isNull false for a null value"
        case .bool(let expected):
            return array.bool(at: row) == expected ? nil : "bool(at:) \(String(describing: array.bool(at: row)))"
        case .int(let expected):
            return array.int64(at: row) == expected ? nil : "int64(at:) \(String(describing: array.int64(at: row)))"
        case .uint(let expected):
            return array.uint64(at: row) == expected ? nil : "uint64(at:) \(String(describing: array.uint64(at: row)))"
        case .float16(let expected), .float32(let expected):
            guard let actual = array.double(at: row), close(actual, Double(expected), tolerance: 0) || expected.isNaN
            else { return "double(at:) \(String(describing: array.double(at: row)))" }
            return nil
        case .float64(let expected):
            guard let actual = array.double(at: row), actual == expected || expected.isNaN else {
                return "double(at:) \(String(describing: array.double(at: row)))"
            }
            return nil
        case .string(let expected):
            return array.string(at: row) == expected ? nil : "string(at:) \(String(describing: array.string(at: row)))"
        case .binary(let expected):
            return array.data(at: row) == expected ? nil : "data(at:) differs"
        case .decimal(let expected):
            return array.decimal(at: row) == expected ? nil : "decimal(at:) \(String(describing: array.decimal(at: row)))"
        case .date32(let days):
            return array.date(at: row) == Date(timeIntervalSince1970: Double(days) * 86_400) ? nil : "date(at:) differs"
        case .date64(let milliseconds):
            guard let date = array.date(at: row),
                abs(date.timeIntervalSince1970 - Double(milliseconds) / 1_000) <= abs(Double(milliseconds)) * 1e-15 + 1e-3
            else { return "date(at:) differs" }
            return nil
        case .timestamp(let count, _, _):
            guard array.int64(at: row) == count, array.date(at: row) != nil else { return "timestamp accessors differ" }
            return nil
        default:
            return nil
        }
    }
}
