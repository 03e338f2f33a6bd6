import DBAPI
import Testing

@Suite struct RowTests {
    let batch = cityBatch(start: 10, count: 3)

    @Test("subscripts read cells by index and by name")
    func subscripts() {
        let row = Row(batch: batch, rowIndex: 1)
        #expect(row[0] == .int(11))
        #expect(row[1] == .string("city11"))
        #expect(row["city"] == .string("city11"))
        #expect(row["CITY"] == .string("city11"), "names fall back to case-insensitive matching")
        #expect(row["missing"] == nil)
        #expect(row.count == 2)
        #expect(row.values == [.int(11), .string("city11")])
        #expect(Array(row) == row.values)
        #expect(row.description == "(id: 11, city: 'city11')")
    }

    @Test("exact name matches win over case-insensitive ones")
    func exactNameFirst() {
        let row = singleRow([(Columns.int("Id"), 1), (Columns.int("id"), 2)])
        #expect(row["id"] == .int(2))
        #expect(row["ID"] == .int(1))
    }

    @Test("a row is a view: no cell is read until asked")
    func lazy() {
        let columnar = ColumnarBatch(columns: [Columns.int("a")], storage: [[1, 2, 3]])
        let row = Row(batch: columnar, rowIndex: 2)
        #expect(columnar.valueCalls.value == 0)
        #expect(row[0] == .int(3))
        #expect(columnar.valueCalls.value == 1)
    }

    @Test("null checks go through the batch")
    func nulls() {
        let row = singleRow([(Columns.int("a"), nil), (Columns.int("b"), 1)])
        #expect(row.isNull(at: 0))
        #expect(!row.isNull(at: 1))
    }
}
