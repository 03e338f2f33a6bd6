import Arrow

/// A readable, aligned table. Rows are collected first because column widths depend on
/// every row; numbers align right, text left, and null reads `NULL`.
struct TableWriter: ResultWriter {
    let sink: OutputSink
    /// Cells wider than this are cut with an ellipsis so that one long value cannot wreck the layout.
    var maximumCellWidth = 60
    private var headers: [String] = []
    private var rows: [[Cell]] = []

    private struct Cell {
        var text: String
        var alignRight: Bool
    }

    init(sink: OutputSink) { self.sink = sink }

    mutating func begin(schema: Schema) throws {
        headers = schema.fields.map(\.name)
    }

    mutating func write(row: [ArrowValue]) throws {
        try RowShape.check(row, columns: headers.count)
        rows.append(row.map { value in
            let text = value.isNull ? "NULL" : ValueText.plain(value)
            return Cell(text: clip(text), alignRight: ValueText.isNumeric(value))
        })
    }

    mutating func finish() throws {
        var widths = headers.map { displayWidth($0) }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], displayWidth(cell.text))
            }
        }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n"
        try sink.write(rule)
        try sink.write(line(headers.map { Cell(text: $0, alignRight: false) }, widths: widths))
        try sink.write(rule)
        for row in rows { try sink.write(line(row, widths: widths)) }
        if !rows.isEmpty { try sink.write(rule) }
        try sink.write("(\(rows.count) row\(rows.count == 1 ? "" : "s"))\n")
        try sink.flush()
    }

    private func line(_ cells: [Cell], widths: [Int]) -> String {
        var text = "|"
        for (index, width) in widths.enumerated() {
            let cell = index < cells.count ? cells[index] : Cell(text: "", alignRight: false)
            let padding = String(repeating: " ", count: max(0, width - displayWidth(cell.text)))
            text += " " + (cell.alignRight ? padding + cell.text : cell.text + padding) + " |"
        }
        return text + "\n"
    }

    private func clip(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
        guard flat.count > maximumCellWidth else { return flat }
        return String(flat.prefix(maximumCellWidth - 1)) + "…"
    }

    /// Characters, not bytes, so that non-ASCII text lines up.
    private func displayWidth(_ text: String) -> Int { text.count }
}
