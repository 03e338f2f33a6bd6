import Arrow
import Foundation

/// The canonical text of Arrow values, shared by every output format so that `jsonl`, `csv`
/// and `table` agree on how a timestamp or a decimal reads. Documented in `Docs/CLI.md`.
enum ValueText {
    /// The JSON text of a value in the canonical JSON lines format.
    static func json(_ value: ArrowValue) -> String {
        var output = ""
        appendJSON(value, to: &output)
        return output
    }

    /// Appends the JSON text of `value` to `output`.
    static func appendJSON(_ value: ArrowValue, to output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .uint(let number): output += String(number)
        case .float16(let number): output += jsonNumber(halfPrecisionText(number), isFinite: number.isFinite, number.isNaN, number < 0)
        case .float32(let number): output += jsonNumber(number.description, isFinite: number.isFinite, number.isNaN, number < 0)
        case .float64(let number): output += jsonNumber(number.description, isFinite: number.isFinite, number.isNaN, number < 0)
        case .string(let text): appendJSONString(text, to: &output)
        case .list(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                appendJSON(item, to: &output)
            }
            output += "]"
        case .struct(let entries):
            output += "{"
            for (index, entry) in entries.enumerated() {
                if index > 0 { output += "," }
                appendJSONString(entry.name, to: &output)
                output += ":"
                appendJSON(entry.value, to: &output)
            }
            output += "}"
        case .map(let entries):
            output += "["
            for (index, entry) in entries.enumerated() {
                if index > 0 { output += "," }
                output += "["
                appendJSON(entry.key, to: &output)
                output += ","
                appendJSON(entry.value, to: &output)
                output += "]"
            }
            output += "]"
        case .intervalYearMonth(let months):
            output += "{\"months\":\(months)}"
        case .intervalDayTime(let days, let milliseconds):
            output += "{\"days\":\(days),\"milliseconds\":\(milliseconds)}"
        case .intervalMonthDayNano(let months, let days, let nanoseconds):
            output += "{\"months\":\(months),\"days\":\(days),\"nanoseconds\":\(nanoseconds)}"
        case .decimal, .binary, .date32, .date64, .time, .timestamp, .duration:
            appendJSONString(scalarText(value), to: &output)
        }
    }

    /// The plain text of a value (no JSON quoting) for `csv` and `table`; nested values and
    /// intervals are written as their JSON. Null is the empty string.
    static func plain(_ value: ArrowValue) -> String {
        switch value {
        case .null: ""
        case .string(let text): text
        case .float16(let number): number.isFinite ? halfPrecisionText(number) : nonFiniteName(number.isNaN, number < 0)
        case .float32(let number): number.isFinite ? number.description : nonFiniteName(number.isNaN, number < 0)
        case .float64(let number): number.isFinite ? number.description : nonFiniteName(number.isNaN, number < 0)
        case .list, .struct, .map, .intervalYearMonth, .intervalDayTime, .intervalMonthDayNano: json(value)
        default: scalarText(value)
        }
    }

    /// Whether a value is numeric, so that tables align it to the right.
    static func isNumeric(_ value: ArrowValue) -> Bool {
        switch value {
        case .int, .uint, .float16, .float32, .float64, .decimal: true
        default: false
        }
    }

    /// Text of the scalar kinds that JSON writes as strings.
    private static func scalarText(_ value: ArrowValue) -> String {
        switch value {
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .uint(let number): String(number)
        case .decimal(let decimal): decimal.description
        case .binary(let bytes): bytes.base64EncodedString()
        case .date32(let days): CivilTime.dateString(daysSinceEpoch: Int64(days))
        case .date64(let milliseconds):
            CivilTime.dateString(daysSinceEpoch: CivilTime.floorDivide(milliseconds, 86_400_000).quotient)
        case .time(let count, let unit):
            CivilTime.timeString(count, perSecond: unit.perSecond, fractionDigits: unit.fractionDigits)
        case .timestamp(let count, let unit, let zone):
            CivilTime.timestampString(count, perSecond: unit.perSecond, fractionDigits: unit.fractionDigits)
                + (zone == nil ? "" : "Z")
        case .duration(let count, let unit):
            CivilTime.durationString(count, perSecond: unit.perSecond, fractionDigits: unit.fractionDigits)
        default: json(value)
        }
    }

    /// The shortest text that reads back as the same half-precision value.
    private static func halfPrecisionText(_ number: Float) -> String {
        #if arch(x86_64) || arch(arm64)
        return Float16(number).description
        #else
        return number.description
        #endif
    }

    private static func jsonNumber(_ text: String, isFinite: Bool, _ isNaN: Bool, _ isNegative: Bool) -> String {
        isFinite ? text : "\"" + nonFiniteName(isNaN, isNegative) + "\""
    }

    private static func nonFiniteName(_ isNaN: Bool, _ isNegative: Bool) -> String {
        isNaN ? "NaN" : (isNegative ? "-Infinity" : "Infinity")
    }

    /// Appends `text` as a JSON string: quotes, backslashes and control characters escaped,
    /// everything else kept as UTF-8 (like Python's `json.dumps(..., ensure_ascii=False)`).
    static func appendJSONString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
