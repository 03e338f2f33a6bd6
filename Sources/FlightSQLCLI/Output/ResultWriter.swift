import Arrow

/// Prints a result set row by row in one of the text formats.
protocol ResultWriter {
    /// Called once, before any row, with the result's schema.
    mutating func begin(schema: Schema) throws
    /// Called for each row with one value per schema field.
    mutating func write(row: [ArrowValue]) throws
    /// Called once after the last row.
    mutating func finish() throws
}

/// The output formats of `query` and `cat`.
enum OutputFormat: String, CaseIterable {
    case table, jsonl, csv, arrow

    /// A writer for the row-based formats (`arrow` is written from IPC messages instead).
    func makeRowWriter(sink: OutputSink) -> (any ResultWriter)? {
        switch self {
        case .table: TableWriter(sink: sink)
        case .jsonl: JSONLinesWriter(sink: sink)
        case .csv: CSVWriter(sink: sink)
        case .arrow: nil
        }
    }
}

/// One JSON object per row, keys in column order (the canonical JSON lines format).
struct JSONLinesWriter: ResultWriter {
    let sink: OutputSink
    private var keys: [String] = []

    init(sink: OutputSink) { self.sink = sink }

    mutating func begin(schema: Schema) throws {
        keys = schema.fields.map { field in
            var key = ""
            ValueText.appendJSONString(field.name, to: &key)
            return key
        }
    }

    mutating func write(row: [ArrowValue]) throws {
        try RowShape.check(row, columns: keys.count)
        var line = "{"
        for (index, value) in row.enumerated() {
            if index > 0 { line += "," }
            line += keys[index]
            line += ":"
            ValueText.appendJSON(value, to: &line)
        }
        line += "}\n"
        try sink.write(line)
    }

    mutating func finish() throws { try sink.flush() }
}

/// RFC 4180 CSV with a header line; null is an empty field.
struct CSVWriter: ResultWriter {
    let sink: OutputSink
    private var columnCount = 0

    init(sink: OutputSink) { self.sink = sink }

    mutating func begin(schema: Schema) throws {
        columnCount = schema.fields.count
        try sink.write(schema.fields.map { Self.quoted($0.name) }.joined(separator: ",") + "\r\n")
    }

    mutating func write(row: [ArrowValue]) throws {
        try RowShape.check(row, columns: columnCount)
        try sink.write(row.map { Self.quoted(ValueText.plain($0)) }.joined(separator: ",") + "\r\n")
    }

    mutating func finish() throws { try sink.flush() }

    /// Quotes a field when it holds a separator, a quote or a line break.
    static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The writers' guard against a row that does not fit the header they printed.
enum RowShape {
    /// Throws unless `row` has one value per column: a row of another width would be printed
    /// under the wrong names (or, indexing the names, trap).
    static func check(_ row: [ArrowValue], columns: Int) throws {
        guard row.count == columns else {
            throw CommandError("a row of \(row.count) values does not fit the result's \(columns) columns")
        }
    }
}
