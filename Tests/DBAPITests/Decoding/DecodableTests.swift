import DBAPI
import Foundation
import Testing

@Suite struct DecodableTests {
    struct Trip: Decodable, Equatable {
        var id: Int
        var city: String?
        var fare: Decimal
        var startedAt: Date

        enum CodingKeys: String, CodingKey {
            case id, city, fare
            case startedAt = "started_at"
        }
    }

    let tripColumns = [
        Columns.int("id"), Columns.string("city"), Columns.make("fare", .decimal, "decimal128(10, 2)"),
        Columns.make("started_at", .timestamp, "timestamp[us]"),
    ]

    func tripRow(city: Value = "Oslo", fare: Value = .decimal(ExactDecimal("12.50")!)) -> Row {
        Row(
            batch: ValueRowBatch(columns: tripColumns, rows: [[1, city, fare, .timestamp(1_000_000, .microsecond, timeZone: nil)]]),
            rowIndex: 0)
    }

    @Test("a struct decodes by column name through its CodingKeys")
    func decodesStruct() throws {
        let trip = try tripRow().decode(as: Trip.self)
        #expect(trip == Trip(id: 1, city: "Oslo", fare: Decimal(string: "12.5")!, startedAt: Date(timeIntervalSince1970: 1)))
    }

    @Test("optional properties take nulls and missing columns as nil")
    func optionals() throws {
        #expect(try tripRow(city: nil).decode(as: Trip.self).city == nil)
        struct WithExtra: Decodable {
            var id: Int
            var nickname: String?
        }
        let extra = try tripRow().decode(as: WithExtra.self)
        #expect(extra.id == 1)
        #expect(extra.nickname == nil)
    }

    @Test("a missing column for a non-optional property is a programmingError naming it")
    func missingColumn() {
        struct NeedsName: Decodable { var name: String }
        do {
            _ = try tripRow().decode(as: NeedsName.self)
            Issue.record("no name column")
        } catch {
            #expect(error.isProgrammingError)
            #expect(error.message.contains("\"name\""))
        }
    }

    @Test("a wrong type or a null is a dataError naming the column and types")
    func wrongTypes() {
        struct WrongType: Decodable { var city: Int }
        do {
            _ = try tripRow().decode(as: WrongType.self)
            Issue.record("city is text")
        } catch {
            #expect(error.isDataError)
            #expect(error.column == .init(index: 1, name: "city", nativeType: "utf8", swiftType: "Int"))
        }
        do {
            _ = try tripRow(fare: nil).decode(as: Trip.self)
            Issue.record("fare is null")
        } catch {
            #expect(error.isDataError)
            #expect(error.column?.name == "fare")
            #expect(error.column?.nativeType == "decimal128(10, 2)")
            #expect(error.column?.swiftType == "Decimal")
        }
    }

    @Test("struct, list and map columns decode into nested types")
    func nested() throws {
        struct Point: Decodable, Equatable {
            var x: Double
            var y: Double
            var label: String?
        }
        struct Shape: Decodable, Equatable {
            var origin: Point
            var points: [Point]
            var tags: [String]
            var attributes: [String: Int]
            var weights: [Int?]
        }
        let point: (Double, Double) -> Value = { .struct([.init(name: "x", value: .double($0)), .init(name: "y", value: .double($1))]) }
        let row = singleRow([
            (Columns.make("origin", .struct, "struct<x: double, y: double>"), point(0, 0)),
            (Columns.make("points", .list, "list<struct>"), .list([point(1, 2), point(3, 4)])),
            (Columns.make("tags", .list, "list<utf8>"), ["a", "b"]),
            (Columns.make("attributes", .map, "map<utf8, int64>"), .map([.init(key: "k", value: 1), .init(key: "j", value: 2)])),
            (Columns.make("weights", .list, "list<int64>"), [1, nil]),
        ])
        let shape = try row.decode(as: Shape.self)
        #expect(shape.origin == Point(x: 0, y: 0))
        #expect(shape.points == [Point(x: 1, y: 2), Point(x: 3, y: 4)])
        #expect(shape.tags == ["a", "b"])
        #expect(shape.attributes == ["k": 1, "j": 2])
        #expect(shape.weights == [1, nil])
    }

    @Test("a nested failure is reported against its column")
    func nestedFailure() {
        struct Point: Decodable { var x: Int }
        struct Holder: Decodable { var p: Point }
        let row = singleRow([
            (Columns.make("q", .integer, "int64"), 1),
            (Columns.make("p", .struct, "struct<x: utf8>"), .struct([.init(name: "x", value: "no")])),
        ])
        do {
            _ = try row.decode(as: Holder.self)
            Issue.record("x is text")
        } catch {
            #expect(error.isDataError)
            #expect(error.column?.index == 1)
            #expect(error.column?.name == "p")
        }
    }

    @Test("scalar types decode from one-column rows")
    func scalarRows() throws {
        #expect(try singleRow([(Columns.int("count"), 5)]).decode(as: Int.self) == 5)
        #expect(try singleRow([(Columns.string("s"), nil)]).decode(as: String?.self) == nil)
        #expect(throws: DBAPIError.self) { try tripRow().decode(as: Int.self) }
    }

    @Test("errors from custom init(from:) become dataErrors")
    func customDecodingErrors() {
        struct Picky: Decodable {
            init(from decoder: any Decoder) throws {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not today"))
            }
        }
        do {
            _ = try tripRow().decode(as: Picky.self)
            Issue.record("Picky always fails")
        } catch {
            #expect(error.isDataError)
            #expect(error.message.contains("not today"))
        }
    }

    @Test("a cursor fetches Decodable values")
    func cursorFetch() async throws {
        struct City: Decodable, Equatable {
            var id: Int
            var city: String
        }
        let connection = TestConnection(script: standardScript())
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT cities")
        #expect(try await cursor.fetchone(as: City.self) == City(id: 0, city: "city0"))
        #expect(try await cursor.fetchmany(2, as: City.self).map(\.id) == [1, 2])
        let rest = try await cursor.fetchall(as: City.self)
        #expect(rest.map(\.id) == [3, 4, 5, 6])
        #expect(try await cursor.fetchone(as: City.self) == nil)
    }
}
