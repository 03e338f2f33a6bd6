import Arrow
import Testing

@testable import FlightSQLCLI

@Suite struct WritersTests {
    let schema = Schema(fields: [Field(name: "id", type: .int64), Field(name: "name", type: .utf8)])

    @Test("JSON lines: one object per row, keys in column order")
    func jsonLines() throws {
        let sink = OutputSink()
        var writer = JSONLinesWriter(sink: sink)
        try writer.begin(schema: schema)
        try writer.write(row: [.int(1), .string("a")])
        try writer.write(row: [.null, .null])
        try writer.finish()
        #expect(sink.capturedText == "{\"id\":1,\"name\":\"a\"}\n{\"id\":null,\"name\":null}\n")
    }

    @Test("CSV quotes fields with separators, quotes and line breaks")
    func csv() throws {
        let sink = OutputSink()
        var writer = CSVWriter(sink: sink)
        try writer.begin(schema: schema)
        try writer.write(row: [.int(1), .string("a,\"b\"\nc")])
        try writer.write(row: [.null, .string("plain")])
        try writer.finish()
        #expect(sink.capturedText == "id,name\r\n1,\"a,\"\"b\"\"\nc\"\r\n,plain\r\n")
    }

    @Test("tables align numbers right and show NULL")
    func table() throws {
        let sink = OutputSink()
        var writer = TableWriter(sink: sink)
        try writer.begin(schema: schema)
        try writer.write(row: [.int(7), .string("seven")])
        try writer.write(row: [.int(1234), .null])
        try writer.finish()
        let expected = """
            +------+-------+
            | id   | name  |
            +------+-------+
            |    7 | seven |
            | 1234 | NULL  |
            +------+-------+
            (2 rows)

            """
        #expect(sink.capturedText == expected)
    }
}
