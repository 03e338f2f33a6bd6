import DBAPI
import Testing

@Suite struct TupleDecodeTests {
    let row = singleRow([(Columns.int("id"), 7), (Columns.string("city"), nil), (Columns.int("n"), 300)])

    @Test("a tuple decodes the first columns in order")
    func tuple() throws {
        let (id, city) = try row.decode((Int, String?).self)
        #expect(id == 7)
        #expect(city == nil)
        let (a, b, c) = try row.decode((Int64, Value, Int16).self)
        #expect(a == 7)
        #expect(b == .null)
        #expect(c == 300)
    }

    @Test("a one-element pack works")
    func single() throws {
        let id = try row.decode(Int.self)
        #expect(id == 7)
    }

    @Test("an element error names its column")
    func elementError() {
        do {
            _ = try row.decode((Int, String?, Int8).self)
            Issue.record("300 does not fit Int8")
        } catch {
            #expect(error.column?.index == 2)
            #expect(error.column?.name == "n")
            #expect(error.column?.swiftType == "Int8")
        }
    }

    @Test("a tuple longer than the row is a programmingError")
    func tooLong() {
        do {
            _ = try row.decode((Int, Value, Int, Int).self)
            Issue.record("the row has three columns")
        } catch {
            #expect(error.isProgrammingError)
        }
    }
}
