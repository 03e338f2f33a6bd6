import Arrow
import Foundation

/// `flightsql cat [--format F] FILE|-`: prints an Arrow IPC stream or file, detected by content.
enum CatCommand {
    static let parser = ArgumentParser(specs: [.init(name: "format", takesValue: true)])

    static func run(_ arguments: [String], stdout: OutputSink) throws {
        let parsed = try parser.parse(arguments)
        guard parsed.positionals.count == 1, let path = parsed.positionals.first else {
            throw UsageError("cat takes exactly one FILE (or '-' for stdin)")
        }
        let format = try OutputFormat.parse(parsed.value("format"))
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw CommandError("cannot read '\(path)': \((error as NSError).localizedDescription)")
            }
        }
        let contents = try ArrowIPC.read(data)
        if format == .arrow {
            // Files and streams alike come out as one IPC stream.
            try stdout.write(bytes: try ArrowStreamWriter.encode(schema: contents.schema, batches: contents.batches))
            return
        }
        guard var writer = format.makeRowWriter(sink: stdout) else { return }
        try writer.begin(schema: contents.schema)
        for batch in contents.batches {
            try RowWriting.write(batch: batch, as: contents.schema, to: &writer)
        }
        try writer.finish()
    }
}

/// Feeds record batches to a row writer.
enum RowWriting {
    /// Writes every row of `batch` to `writer`, which began with `schema` (the header shown).
    ///
    /// A batch whose columns are not the header's is refused rather than printed: extra
    /// columns would be dropped or (JSON lines) trap, missing ones would shift the labels.
    static func write(batch: RecordBatch, as schema: Schema, to writer: inout some ResultWriter) throws {
        try checkColumns(of: batch.schema, match: schema, what: "a record batch")
        let columns = batch.columns
        var row = [ArrowValue](repeating: .null, count: columns.count)
        for rowIndex in 0..<batch.rowCount {
            for (columnIndex, column) in columns.enumerated() {
                row[columnIndex] = column.value(at: rowIndex)
            }
            try writer.write(row: row)
        }
    }

    /// Throws unless `actual` has the columns of `declared`, by name and in order (types may
    /// differ: every value prints as what it is). `what` names the part that disagrees.
    static func checkColumns(of actual: Schema, match declared: Schema, what: String) throws {
        let names = actual.fields.map(\.name)
        let declaredNames = declared.fields.map(\.name)
        guard names != declaredNames else { return }
        guard names.count == declaredNames.count else {
            throw CommandError("the server sent \(what) with \(names.count) columns for a result of \(declaredNames.count)")
        }
        let index = names.indices.first { names[$0] != declaredNames[$0] } ?? 0
        throw CommandError("the server sent \(what) whose column \(index + 1) is '\(names[index])', not '\(declaredNames[index])'")
    }
}

extension OutputFormat {
    /// The format named on the command line, or the default: a table on a terminal, else JSON lines.
    static func parse(_ name: String?) throws -> OutputFormat {
        guard let name else { return isatty(STDOUT_FILENO) == 1 ? .table : .jsonl }
        guard let format = OutputFormat(rawValue: name) else {
            throw UsageError("unknown format '\(name)' (use table, jsonl, csv or arrow)")
        }
        return format
    }
}
