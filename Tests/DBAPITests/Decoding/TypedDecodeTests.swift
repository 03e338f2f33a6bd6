import DBAPI
import Foundation
import Testing

@Suite struct TypedDecodeTests {
    /// Decodes one cell of the given native type.
    func decode<T: DatabaseValueDecodable>(_ value: Value, as type: T.Type, nativeType: String = "test") throws(DBAPIError) -> T {
        try singleRow([(Columns.make("c", .other, nativeType), value)]).decode(T.self, at: 0)
    }

    func decodeError<T: DatabaseValueDecodable>(_ value: Value, as type: T.Type) -> DBAPIError? {
        do {
            _ = try decode(value, as: T.self)
            return nil
        } catch {
            return error
        }
    }

    @Test("integers decode at every width when they fit")
    func integers() throws {
        #expect(try decode(.int(-128), as: Int8.self) == -128)
        #expect(try decode(.int(32_767), as: Int16.self) == 32_767)
        #expect(try decode(.int(-2_147_483_648), as: Int32.self) == .min)
        #expect(try decode(.int(.min), as: Int64.self) == .min)
        #expect(try decode(.int(42), as: Int.self) == 42)
        #expect(try decode(.uint(255), as: UInt8.self) == 255)
        #expect(try decode(.uint(65_535), as: UInt16.self) == 65_535)
        #expect(try decode(.uint(4_294_967_295), as: UInt32.self) == .max)
        #expect(try decode(.uint(.max), as: UInt64.self) == .max)
        #expect(try decode(.int(7), as: UInt.self) == 7)
        #expect(try decode(.uint(7), as: Int64.self) == 7)
        #expect(try decode(.decimal(ExactDecimal("12.00")!), as: Int32.self) == 12)
        #expect(try decode(.decimal(ExactDecimal("18446744073709551615")!), as: UInt64.self) == .max)
    }

    @Test("integer narrowing out of range is a dataError, never a wrap or trap", arguments: [
        (Value.int(128), "Int8"), (.int(-129), "Int8"), (.int(-1), "UInt8"), (.int(-1), "UInt64"),
        (.uint(.max), "Int64"), (.int(70_000), "Int16"), (.uint(256), "UInt8"),
        (.decimal(ExactDecimal("1.5")!), "Int64"), (.decimal(ExactDecimal("1e30")!), "Int64"),
    ])
    func integerRange(value: Value, typeName: String) throws {
        let error: DBAPIError? = switch typeName {
        case "Int8": decodeError(value, as: Int8.self)
        case "Int16": decodeError(value, as: Int16.self)
        case "UInt8": decodeError(value, as: UInt8.self)
        case "UInt64": decodeError(value, as: UInt64.self)
        default: decodeError(value, as: Int64.self)
        }
        let thrown = try #require(error)
        #expect(thrown.kind == .dataError)
        #expect(thrown.message.contains("out of range"))
        #expect(thrown.column?.swiftType == typeName)
    }

    @Test("the error names column index, name, native type and Swift type")
    func errorNamesEverything() throws {
        let row = singleRow([
            (Columns.int("id"), 1),
            (ColumnDescription(name: "city", typeCode: .string, nativeType: "utf8"), nil),
        ])
        do {
            _ = try row.decode(String.self, at: 1)
            Issue.record("decoding a null into String must fail")
        } catch {
            #expect(error.kind == .dataError)
            #expect(error.column == .init(index: 1, name: "city", nativeType: "utf8", swiftType: "String"))
            #expect(error.description.contains("column 1 \"city\" of type utf8 as String"))
            #expect(error.message.contains("null"))
        }
        do {
            _ = try row.decode(Int8.self, named: "city")
            Issue.record("decoding a null into Int8 must fail")
        } catch {
            #expect(error.column?.name == "city")
            #expect(error.column?.swiftType == "Int8")
        }
    }

    @Test("a wrong type is a dataError naming both types")
    func wrongType() throws {
        let row = singleRow([(ColumnDescription(name: "n", typeCode: .string, nativeType: "large_utf8"), "12")])
        #expect(throws: DBAPIError.self) { try row.decode(Int.self, at: 0) }
        do {
            _ = try row.decode(Double.self, at: 0)
        } catch {
            #expect(error.isDataError)
            #expect(error.description == "dataError: cannot decode a string value as Double (column 0 \"n\" of type large_utf8 as Double)")
        }
    }

    @Test("optionals decode nulls as nil and values as values")
    func optionals() throws {
        #expect(try decode(.null, as: Int?.self) == nil)
        #expect(try decode(.int(3), as: Int?.self) == 3)
        #expect(try decode(.null, as: String?.self) == nil)
        #expect(try decode(.null, as: Date?.self) == nil)
        #expect(try decode(.null, as: Value.self) == .null)
        #expect(try decode(.null, as: Value?.self) == nil)
        // A present value of the wrong type still fails inside an optional.
        #expect(decodeError(.string("x"), as: Int?.self)?.column?.swiftType == "Optional<Int>")
    }

    @Test("booleans, floats, strings and bytes")
    func scalars() throws {
        #expect(try decode(.bool(true), as: Bool.self))
        #expect(try decode(.int(0), as: Bool.self) == false)
        #expect(decodeError(.int(2), as: Bool.self)?.message.contains("out of range") == true)
        #expect(try decode(.double(2.5), as: Double.self) == 2.5)
        #expect(try decode(.float(1.25), as: Double.self) == 1.25)
        #expect(try decode(.int(3), as: Double.self) == 3)
        #expect(try decode(.decimal(ExactDecimal("0.1")!), as: Double.self) == 0.1)
        #expect(try decode(.float(1.5), as: Float.self) == 1.5)
        #expect(try decode(.double(0.5), as: Float.self) == 0.5)
        #expect(decodeError(.double(1e300), as: Float.self)?.message.contains("out of range") == true)
        #expect(try decode(.double(.infinity), as: Float.self) == .infinity)
        #expect(try decode(.string("é"), as: String.self) == "é")
        #expect(try decode(.bytes(Data([1, 2])), as: Data.self) == Data([1, 2]))
        #expect(decodeError(.string("x"), as: Data.self) != nil)
        #expect(decodeError(.bytes(Data()), as: String.self) != nil)
    }

    @Test("decimals: exact, Foundation when it fits")
    func decimals() throws {
        let big = ExactDecimal(String(repeating: "7", count: 70) + ".123456")!
        #expect(try decode(.decimal(big), as: ExactDecimal.self) == big)
        #expect(try decode(.int(-5), as: ExactDecimal.self) == ExactDecimal("-5"))
        #expect(try decode(.decimal(ExactDecimal("12.345")!), as: Decimal.self) == Decimal(string: "12.345"))
        #expect(try decode(.uint(7), as: Decimal.self) == 7)
        let error = try #require(decodeError(.decimal(big), as: Decimal.self))
        #expect(error.message.contains("out of range for Decimal"))
        #expect(decodeError(.double(0.1), as: Decimal.self) != nil, "no binary-to-decimal guessing")
    }

    @Test("dates from date, date64 and timestamp columns")
    func dates() throws {
        #expect(try decode(.date(days: 2), as: Date.self) == Date(timeIntervalSince1970: 172_800))
        #expect(try decode(.dateMilliseconds(1_000), as: Date.self) == Date(timeIntervalSince1970: 1))
        #expect(try decode(.timestamp(5, .second, timeZone: nil), as: Date.self) == Date(timeIntervalSince1970: 5))
        #expect(try decode(.timestamp(5_000, .millisecond, timeZone: "+02:00"), as: Date.self)
            == Date(timeIntervalSince1970: 5))
        #expect(decodeError(.time(5, .second), as: Date.self) != nil)
    }

    @Test("lists decode into arrays")
    func arrays() throws {
        #expect(try decode([1, 2, 3], as: [Int].self) == [1, 2, 3])
        #expect(try decode([1, nil], as: [Int?].self) == [1, nil])
        #expect(decodeError([1, nil], as: [Int].self) != nil)
        #expect(decodeError(.int(1), as: [Int].self) != nil)
    }

    @Test("typed reads use the batch's fast accessors without building values")
    func fastPath() throws {
        let batch = ColumnarBatch(
            columns: [Columns.int("id"), Columns.string("city")],
            storage: [[1, 2, nil], ["a", nil, "c"]])
        let rows = (0..<3).map { Row(batch: batch, rowIndex: $0) }
        #expect(try rows.map { try $0.decode(Int64?.self, at: 0) } == [1, 2, nil])
        #expect(try rows[0].decode(Int8.self, at: 0) == 1)
        #expect(try rows[2].decode(String.self, at: 1) == "c")
        #expect(try rows[1].decode(String?.self, named: "city") == nil)
        #expect(batch.valueCalls.value == 0)
    }

    @Test("an out-of-range index or unknown name is a programmingError")
    func badColumn() {
        let row = singleRow([(Columns.int("a"), 1)])
        #expect(throws: DBAPIError.self) { try row.decode(Int.self, at: 1) }
        do {
            _ = try row.decode(Int.self, named: "b")
        } catch {
            #expect(error.isProgrammingError)
            #expect(error.message.contains("\"b\""))
        }
    }
}

@Suite struct DecodeIfPresentTests {
    /// A type with only `init(databaseValue:)`: the protocol's default reads decide nulls.
    struct Cents: DatabaseValueDecodable, Equatable {
        let value: Int64
        init(databaseValue value: Value) throws(DBAPIError) {
            guard case .int(let number) = value else { throw DBAPIError(.dataError, "not cents") }
            self.value = number
        }
    }

    @Test("optionals read through decodeIfPresent: nil for null, values, range and kind errors")
    func optionals() throws {
        let batch = ColumnarBatch(
            columns: [
                ColumnDescription(name: "n", typeCode: .integer, nativeType: "int64"),
                ColumnDescription(name: "s", typeCode: .string, nativeType: "utf8"),
            ],
            storage: [[1, nil, 300], ["a", nil, "c"]])
        let rows = (0..<3).map { Row(batch: batch, rowIndex: $0) }
        #expect(try rows.prefix(2).map { try $0.decode(Int8?.self, at: 0) } == [1, nil])
        #expect(throws: DBAPIError.self) { try rows[2].decode(Int8?.self, at: 0) }
        #expect(try rows.map { try $0.decode(String?.self, at: 1) } == ["a", nil, "c"])
        #expect(try rows.map { try $0.decode(Double?.self, at: 0) } == [1, nil, 300])
        #expect(throws: DBAPIError.self) { try rows[0].decode(Bool?.self, at: 1) }
        #expect(try rows.map { try $0.decode(Cents?.self, at: 0) } == [Cents(1), nil, Cents(300)])
        #expect(try rows[1].decode(Int??.self, at: 0) == .none, "a null is the outer nil, as before")
    }
}

extension DecodeIfPresentTests.Cents {
    init(_ value: Int64) { self.value = value }
}
