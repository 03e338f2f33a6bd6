import Arrow
import DBAPI

/// Prints a DB-API result with the CLI's ``TableWriter``, so that the demo's tables read
/// exactly like `flightsql query --format table` (same text for decimals, dates, timestamps).
enum DemoTable {
    /// Writes the rows under the columns' names.
    static func write(columns: [ColumnDescription], rows: [Row], to sink: OutputSink) throws {
        var writer = TableWriter(sink: sink)
        // The table writer reads only the names from the schema; each cell's own value
        // decides its text and alignment.
        try writer.begin(schema: Schema(fields: columns.map { Field(name: $0.name, type: .utf8) }))
        for row in rows { try writer.write(row: row.values.map(arrowValue)) }
        try writer.finish()
    }

    /// The Arrow value that ``ValueText`` renders as the DB-API value reads: every kind has
    /// an exact counterpart, except a decimal beyond Arrow's 76 digits, shown as its text.
    static func arrowValue(_ value: Value) -> ArrowValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .uint(let number): .uint(number)
        case .float(let number): .float32(number)
        case .double(let number): .float64(number)
        case .decimal(let decimal):
            if let words = decimal.twosComplementWords(wordCount: 4) {
                .decimal(ArrowDecimal(words: words, precision: min(max(decimal.precision, 1), 76), scale: decimal.scale))
            } else {
                .string(decimal.description)
            }
        case .string(let text): .string(text)
        case .bytes(let data): .binary(data)
        case .date(let days): .date32(days)
        case .dateMilliseconds(let milliseconds): .date64(milliseconds)
        case .time(let count, let unit): .time(count, arrowUnit(unit))
        case .timestamp(let count, let unit, let zone): .timestamp(count, arrowUnit(unit), timeZone: zone)
        case .duration(let count, let unit): .duration(count, arrowUnit(unit))
        case .intervalYearMonth(let months): .intervalYearMonth(months: months)
        case .intervalDayTime(let days, let milliseconds): .intervalDayTime(days: days, milliseconds: milliseconds)
        case .intervalMonthDayNano(let months, let days, let nanoseconds):
            .intervalMonthDayNano(months: months, days: days, nanoseconds: nanoseconds)
        case .list(let items): .list(items.map(arrowValue))
        case .struct(let fields): .struct(fields.map { ArrowValue.StructEntry(name: $0.name, value: arrowValue($0.value)) })
        case .map(let entries): .map(entries.map { ArrowValue.MapEntry(key: arrowValue($0.key), value: arrowValue($0.value)) })
        case .union(_, let member): arrowValue(member)
        }
    }

    private static func arrowUnit(_ unit: Value.TimeUnit) -> Arrow.TimeUnit {
        switch unit {
        case .second: .second
        case .millisecond: .millisecond
        case .microsecond: .microsecond
        case .nanosecond: .nanosecond
        }
    }
}
