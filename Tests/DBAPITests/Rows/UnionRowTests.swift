import DBAPI
import Testing

@Suite struct UnionRowTests {
    @Test("typed reads, Optional and Decodable of union cells see the member, through the default accessors")
    func defaultAccessors() throws {
        struct Record: Decodable, Equatable {
            let n: Int64?
            let s: String?
            let f: Double?
            let b: Bool?
        }
        let columns = [
            Columns.make("n", .other, "dense_union"), Columns.make("s", .other, "dense_union"),
            Columns.make("f", .other, "dense_union"), Columns.make("b", .other, "dense_union"),
        ]
        let batch = ValueRowBatch(columns: columns, rows: [
            [.union(typeCode: 7, .int(2)), .union(typeCode: 1, .string("x")), .union(typeCode: 2, .double(1.5)), .union(typeCode: 3, .bool(true))],
            [.null, .null, .null, .null],
        ])
        #expect(batch.int64(row: 0, column: 0) == 2)
        #expect(batch.string(row: 0, column: 1) == "x")
        #expect(batch.double(row: 0, column: 2) == 1.5)
        #expect(batch.bool(row: 0, column: 3) == true)
        let first = Row(batch: batch, rowIndex: 0)
        let second = Row(batch: batch, rowIndex: 1)
        #expect(first[0] == .union(typeCode: 7, .int(2)))
        #expect(try first.decode(Int64.self, at: 0) == 2)
        #expect(try first.decode(Int64?.self, at: 0) == 2)
        #expect(try second.decode(Int64?.self, at: 0) == nil)
        #expect(throws: DBAPIError.self) { try second.decode(Int64.self, at: 0) }
        #expect(try first.decode(as: Record.self) == Record(n: 2, s: "x", f: 1.5, b: true))
        #expect(try second.decode(as: Record.self) == Record(n: nil, s: nil, f: nil, b: nil))
    }
}
