extension Value: CustomStringConvertible {
    /// A readable, SQL-like rendering: `NULL`, `42`, `'text'`, `X'0aff'`,
    /// `DATE '2024-02-29'`, `TIMESTAMP '2024-02-29 13:45:07.250000' UTC`, `[1, 2]`,
    /// `{a: 1, b: 'x'}`, `MAP{'k': 1}`; a union as its member's value. Decimals are exact;
    /// floats use Swift's shortest round-tripping form.
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .bool(let value): return value ? "TRUE" : "FALSE"
        case .int(let value): return String(value)
        case .uint(let value): return String(value)
        case .float(let value): return String(value)
        case .double(let value): return String(value)
        case .decimal(let value): return value.description
        case .string(let value): return "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        case .bytes(let value): return "X'" + value.map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined() + "'"
        case .date(let days): return "DATE '\(CivilCalendar.dateString(days: Int64(days)))'"
        case .dateMilliseconds(let milliseconds):
            let (days, rest) = milliseconds.floorDivided(by: 86_400_000)
            if rest == 0 { return "DATE '\(CivilCalendar.dateString(days: days))'" }
            return "DATE '\(CivilCalendar.timestampString(count: milliseconds, unit: .millisecond))'"
        case .time(let count, let unit):
            return "TIME '\(CivilCalendar.timeString(count: count, unit: unit))'"
        case .timestamp(let count, let unit, let timeZone):
            let text = "TIMESTAMP '\(CivilCalendar.timestampString(count: count, unit: unit))'"
            return timeZone.map { text + " " + $0 } ?? text
        case .duration(let count, let unit): return "DURATION \(count) \(unit.rawValue)"
        case .intervalYearMonth(let months): return "INTERVAL \(months) months"
        case .intervalDayTime(let days, let milliseconds):
            return "INTERVAL \(days) days \(milliseconds) milliseconds"
        case .intervalMonthDayNano(let months, let days, let nanoseconds):
            return "INTERVAL \(months) months \(days) days \(nanoseconds) nanoseconds"
        case .list(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .struct(let fields):
            return "{" + fields.map { "\($0.name): \($0.value)" }.joined(separator: ", ") + "}"
        case .map(let entries):
            return "MAP{" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .union(_, let member): return member.description
        }
    }
}
