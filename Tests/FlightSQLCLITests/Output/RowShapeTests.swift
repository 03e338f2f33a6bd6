import Arrow
import Testing

@testable import FlightSQLCLI

/// Rows whose columns are not those of the header a writer printed: refused, never mislabelled
/// and never a trap.
@Suite struct RowShapeTests {
    let declared = Schema(fields: [Field(name: "id", type: .int64), Field(name: "name", type: .utf8)])

    static func batch(_ fields: [Field], _ rows: [[ArrowValue]]) throws -> RecordBatch {
        var builder = try RecordBatchBuilder(schema: Schema(fields: fields))
        for row in rows { try builder.append(row: row) }
        return try builder.finish()
    }

    @Test("a batch with more columns than the declared schema is refused by every writer")
    func widerBatch() throws {
        let wide = try Self.batch(
            [Field(name: "id", type: .int64), Field(name: "name", type: .utf8), Field(name: "extra", type: .utf8)],
            [[.int(1), .string("a"), .string("x")]])
        for format in [OutputFormat.jsonl, .csv, .table] {
            let sink = OutputSink()
            var writer = try #require(format.makeRowWriter(sink: sink))
            try writer.begin(schema: declared)
            #expect(throws: CommandError.self, "\(format)") { try RowWriting.write(batch: wide, as: declared, to: &writer) }
        }
    }

    @Test("a batch with fewer columns is refused rather than printed under the wrong names")
    func narrowerBatch() throws {
        let narrow = try Self.batch([Field(name: "name", type: .utf8)], [[.string("a")]])
        let sink = OutputSink()
        var writer = CSVWriter(sink: sink)
        try writer.begin(schema: declared)
        #expect(throws: CommandError.self) { try RowWriting.write(batch: narrow, as: declared, to: &writer) }
        try writer.finish()
        #expect(sink.capturedText == "id,name\r\n", "no row printed under the declared header")
    }

    @Test("a batch with the same number of columns under other names is refused")
    func renamedBatch() throws {
        let renamed = try Self.batch([Field(name: "name", type: .utf8), Field(name: "id", type: .int64)], [[.string("a"), .int(1)]])
        let sink = OutputSink()
        var writer = JSONLinesWriter(sink: sink)
        try writer.begin(schema: declared)
        let error = #expect(throws: CommandError.self) { try RowWriting.write(batch: renamed, as: declared, to: &writer) }
        #expect(error?.description.contains("column 1 is 'name', not 'id'") == true)
        try writer.finish()
        #expect(sink.capturedText.isEmpty)
    }

    @Test("a matching batch prints under its names, even if its types differ from the declared ones")
    func matchingBatch() throws {
        let batch = try Self.batch([Field(name: "id", type: .int32), Field(name: "name", type: .utf8)], [[.int(7), .string("seven")]])
        let sink = OutputSink()
        var writer = JSONLinesWriter(sink: sink)
        try writer.begin(schema: declared)
        try RowWriting.write(batch: batch, as: declared, to: &writer)
        try writer.finish()
        #expect(sink.capturedText == "{\"id\":7,\"name\":\"seven\"}\n")
    }

    @Test("writers given a row of the wrong width throw instead of indexing past their header")
    func rowWidth() throws {
        for format in [OutputFormat.jsonl, .csv, .table] {
            var writer = try #require(format.makeRowWriter(sink: OutputSink()))
            try writer.begin(schema: declared)
            #expect(throws: CommandError.self, "\(format)") { try writer.write(row: [.int(1), .string("a"), .string("x")]) }
            #expect(throws: CommandError.self, "\(format)") { try writer.write(row: [.int(1)]) }
            try writer.write(row: [.int(1), .string("a")])
        }
    }
}
