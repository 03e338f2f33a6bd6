import Arrow
import DBAPI
import FlightSQL
import Foundation
import Testing

@Suite struct ArrowRowBatchTests {
    typealias A = ArrowTestArrays

    func sample() throws -> ArrowRowBatch {
        let ids = try A.primitive(.int64, A.bytes([Int64(1), 2, -3]), count: 3, nulls: [false, false, true], name: "id")
        let big = try A.primitive(.uint64, A.bytes([UInt64.max, 7, 0]), count: 3, name: "big")
        let fares = try A.primitive(.float32, A.bytes([Float(1.5).bitPattern, Float(-2).bitPattern, 0]), count: 3, name: "fare")
        let flags = try A.bools([true, nil, false], name: "flag")
        let cities = try A.variable(.utf8, [Data("Oslo".utf8), nil, Data("Fès".utf8)], name: "city")
        let blobs = try A.variable(.binary, [Data([1, 2]), Data(), nil], name: "blob")
        let stamps = try A.primitive(.timestamp(.microsecond, timeZone: "UTC"), A.bytes([Int64(1_000_000), 0, -1]), count: 3, name: "ts")
        let days = try A.primitive(.date64, A.bytes([Int64(86_400_000), 0, 1]), count: 3, name: "d")
        return ArrowRowBatch(try A.batch([ids, big, fares, flags, cities, blobs, stamps, days]))
    }

    @Test("columns are described from the batch; values are lossless")
    func values() throws {
        let batch = try sample()
        #expect(batch.rowCount == 3)
        #expect(batch.columns.map(\.name) == ["id", "big", "fare", "flag", "city", "blob", "ts", "d"])
        #expect(batch.columns.map(\.nativeType) == ["int64", "uint64", "float32", "bool", "utf8", "binary", "timestamp[us, tz=UTC]", "date64"])
        #expect(batch.value(row: 0, column: 0) == .int(1))
        #expect(batch.value(row: 2, column: 0) == .null)
        #expect(batch.value(row: 0, column: 1) == .uint(.max))
        #expect(batch.value(row: 0, column: 2) == .float(1.5))
        #expect(batch.value(row: 2, column: 4) == .string("Fès"))
        #expect(batch.value(row: 0, column: 6) == .timestamp(1_000_000, .microsecond, timeZone: "UTC"))
        #expect(batch.value(row: 2, column: 7) == .dateMilliseconds(1), "date64 keeps its milliseconds")
    }

    @Test("fast accessors read their own kind only, and nil for nulls")
    func accessors() throws {
        let batch = try sample()
        #expect(batch.int64(row: 1, column: 0) == 2)
        #expect(batch.int64(row: 2, column: 0) == nil)
        #expect(batch.isNull(row: 2, column: 0))
        #expect(!batch.isNull(row: 0, column: 0))
        #expect(batch.int64(row: 0, column: 1) == nil, "UInt64.max does not fit")
        #expect(batch.int64(row: 1, column: 1) == 7)
        #expect(batch.double(row: 1, column: 2) == -2)
        #expect(batch.double(row: 0, column: 0) == nil, "an integer column is not a float cell")
        #expect(batch.bool(row: 0, column: 3) == true)
        #expect(batch.bool(row: 1, column: 3) == nil)
        #expect(batch.string(row: 0, column: 4) == "Oslo")
        #expect(batch.string(row: 0, column: 5) == nil, "binary is not text")
        #expect(batch.data(row: 0, column: 5) == Data([1, 2]))
        #expect(batch.data(row: 1, column: 5) == Data())
        #expect(batch.data(row: 0, column: 4) == nil, "text is not binary")
        #expect(batch.int64(row: 0, column: 6) == nil, "a timestamp is not an integer cell")
        #expect(batch.int64(row: 0, column: 7) == nil)
    }

    @Test("rows decode through the fast paths and fall back for conversions")
    func rows() throws {
        let batch = try sample()
        let row = Row(batch: batch, rowIndex: 0)
        #expect(try row.decode(Int.self, at: 0) == 1)
        #expect(try row.decode(String.self, named: "city") == "Oslo")
        #expect(try row.decode(Double.self, named: "fare") == 1.5)
        #expect(try row.decode(Date.self, named: "ts") == Date(timeIntervalSince1970: 1))
        #expect(try row.decode(Date.self, named: "d") == Date(timeIntervalSince1970: 86_400))
        let (id, big, fare) = try row.decode((Int64, UInt64, Float).self)
        #expect(id == 1 && big == .max && fare == 1.5)
        let null = Row(batch: batch, rowIndex: 2)
        #expect(try null.decode(Int?.self, at: 0) == nil)
        let error = try #require(throws: DBAPIError.self) { try null.decode(Int.self, at: 0) }
        #expect(error.kind == .dataError)
        let overflow = try #require(throws: DBAPIError.self) { try row.decode(Int64.self, named: "big") }
        #expect(overflow.kind == .dataError)
    }

    @Test("a batch whose column count differs from the result's is refused, not trapped on")
    func mismatch() throws {
        let batch = try A.batch([try A.primitive(.int32, A.bytes([Int32(1)]), count: 1)])
        let two = ArrowColumnDescription.describe(Schema(fields: [Field(name: "a", type: .int32), Field(name: "b", type: .int32)]))
        #expect(ArrowRowBatch(batch, columns: two) == nil)
        #expect(ArrowRowBatch(batch, columns: Array(two.prefix(1))) != nil)
    }

    /// The ``RowBatch`` defaults: every typed accessor derived from `value(row:column:)`.
    struct ValuesOnly: RowBatch {
        let base: ArrowRowBatch
        var columns: [ColumnDescription] { base.columns }
        var rowCount: Int { base.rowCount }
        func value(row: Int, column: Int) -> Value { base.value(row: row, column: column) }
    }

    /// A column of `type` with a null every third row.
    func column(_ type: ArrowType, count: Int = 20, _ value: (Int) -> ArrowValue) throws -> ArrowArray {
        var builder = try ArrowArrayBuilder(type: type, name: "\(type)")
        for row in 0..<count {
            if row % 3 == 1 { builder.appendNull() } else { try builder.append(value(row)) }
        }
        return try builder.finish()
    }

    @Test("the cached per-column readers answer exactly as the value path, sliced, every width, and through fallbacks")
    func readersMatchValues() throws {
        var plain: [ArrowArray] = []
        let signed: [(ArrowType, Int64)] = [(.int8, Int64(Int8.min)), (.int16, Int64(Int16.min)), (.int32, Int64(Int32.min)), (.int64, .min)]
        for (type, low) in signed { plain.append(try column(type) { .int($0 % 4 == 0 ? low : Int64($0) - 7) }) }
        let unsigned: [(ArrowType, UInt64)] = [(.uint8, UInt64(UInt8.max)), (.uint16, UInt64(UInt16.max)), (.uint32, UInt64(UInt32.max)), (.uint64, .max)]
        for (type, high) in unsigned { plain.append(try column(type) { .uint($0 % 4 == 0 ? high : UInt64($0)) }) }
        plain.append(try column(.float32) { .float32(Float($0) / 4) })
        plain.append(try column(.float64) { .float64(Double($0) * -1.5) })
        plain.append(try column(.bool) { .bool($0 % 2 == 0) })
        plain.append(try column(.utf8) { .string($0 % 5 == 0 ? "" : "Fès \($0)") })
        plain.append(try column(.largeUTF8) { .string(String(repeating: "ø", count: $0)) })
        plain.append(try column(.binary) { .binary(Data(repeating: UInt8($0), count: $0 % 4)) })
        plain.append(try column(.largeBinary) { .binary(Data([0xFF, UInt8($0)])) })
        plain.append(try column(.timestamp(.millisecond, timeZone: nil)) { .timestamp(Int64($0) * 1000, .millisecond, timeZone: nil) })
        // Columns read through the Arrow arrays rather than the cached readers.
        var others: [ArrowArray] = []
        others.append(try column(.float16) { .float16(Float($0)) })
        others.append(try column(.utf8View) { .string($0 % 2 == 0 ? "short \($0)" : "a string longer than twelve bytes \($0)") })
        others.append(try column(.binaryView) { .binary(Data(repeating: 7, count: $0)) })
        others.append(try column(.fixedSizeBinary(byteWidth: 3)) { .binary(Data([UInt8($0), 0, 1])) })
        var dictionary = try ArrowArrayBuilder(
            field: Field(name: "dict", type: .utf8, dictionary: DictionaryEncoding(id: 1, indexType: .int8, isOrdered: false)))
        for row in 0..<20 { try dictionary.append(string: row % 3 == 1 ? nil : "v\(row % 4)") }
        others.append(try dictionary.finish())
        others.append(try column(.runEndEncoded(
            runEnds: Field(name: "r", type: .int32, isNullable: false), values: Field(name: "v", type: .int64))) { .int(Int64($0 / 2)) })

        func check(_ batch: ArrowRowBatch) {
            let reference = ValuesOnly(base: batch)
            for column in batch.columns.indices {
                for row in 0..<batch.rowCount {
                    let at = "\(batch.columns[column].nativeType) row \(row)"
                    #expect(batch.isNull(row: row, column: column) == reference.isNull(row: row, column: column), "\(at)")
                    #expect(batch.int64(row: row, column: column) == reference.int64(row: row, column: column), "\(at)")
                    #expect(batch.double(row: row, column: column) == reference.double(row: row, column: column), "\(at)")
                    #expect(batch.bool(row: row, column: column) == reference.bool(row: row, column: column), "\(at)")
                    #expect(batch.string(row: row, column: column) == reference.string(row: row, column: column), "\(at)")
                    #expect(batch.data(row: row, column: column) == reference.data(row: row, column: column), "\(at)")
                }
            }
        }
        check(ArrowRowBatch(try A.batch(plain + others)))
        // Slices: the same buffers read from an offset, as a producer slicing a batch sends them.
        for (offset, count) in [(1, 19), (4, 9), (7, 1), (2, 0)] {
            let sliced = try plain.map { array in
                let nulls = (offset..<offset + count).filter { array.isNull($0) }.count
                return try ArrowArray(field: array.field, count: count, nullCount: nulls, offset: array.offset + offset, buffers: array.buffers)
            }
            check(ArrowRowBatch(try A.batch(sliced)))
        }
    }
}
