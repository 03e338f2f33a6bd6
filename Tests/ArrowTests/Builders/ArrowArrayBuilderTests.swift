import Foundation
import Testing

@testable import Arrow

@Suite struct ArrowArrayBuilderTests {
    @Test("every type builds from values and reads back the same, with nulls")
    func everyType() throws {
        for (name, type, values) in TypeSamples.all() {
            var builder = try ArrowArrayBuilder(type: type, name: name)
            try builder.append(contentsOf: values)
            #expect(builder.count == values.count)
            let array = try builder.finish()
            #expect(array.count == values.count, "\(name)")
            #expect(array.values == values, "\(name)")
            #expect(builder.count == 0)
            // The builder starts over after finish.
            try builder.append(contentsOf: values.reversed())
            #expect(try builder.finish().values == values.reversed(), "\(name) second array")
        }
    }

    @Test("values that do not fit throw typeMismatch and leave the builder unchanged")
    func mismatches() throws {
        let cases: [(ArrowType, ArrowValue)] = [
            (.int8, .int(300)), (.uint8, .int(-1)), (.int32, .string("1")), (.bool, .int(1)),
            (.utf8, .binary(Data([0xFF]))), (.fixedSizeBinary(byteWidth: 2), .binary(Data([1]))),
            (.decimal(bitWidth: 128, precision: 3, scale: 2), .decimal(ArrowDecimal(unscaled: 12345, precision: 5, scale: 2))),
            (.decimal(bitWidth: 128, precision: 5, scale: 2), .decimal(ArrowDecimal(unscaled: 1, precision: 5, scale: 3))),
            (.decimal(bitWidth: 32, precision: 9, scale: 0), .decimal(ArrowDecimal(unscaled: Int64(Int32.max) + 1, precision: 18, scale: 0))),
            (.time32(.second), .time(1500, .millisecond)), (.date32, .date64(0)), (.null, .int(1)),
            (.fixedSizeList(Field(name: "i", type: .int8), listSize: 2), .list([.int(1)])),
            (.list(Field(name: "i", type: .int8)), .list([.int(1), .int(1000)])),
            (.struct([Field(name: "a", type: .int8), Field(name: "b", type: .int8)]),
             .struct([.init(name: "a", value: .int(1)), .init(name: "b", value: .string("x"))])),
            (.map(entries: TypeSamples.entries, keysSorted: false), .map([.init(key: .null, value: .int(1))])),
            (.union(.dense, children: [Field(name: "i", type: .int8)], typeIDs: [0]), .string("x")),
            (.runEndEncoded(runEnds: Field(name: "r", type: .int16, isNullable: false), values: Field(name: "v", type: .int8)), .int(999)),
        ]
        for (type, value) in cases {
            var builder = try ArrowArrayBuilder(type: type)
            try builder.append(.null)
            let before = try builder.finish().values
            try builder.append(.null)
            do {
                try builder.append(value)
                Issue.record("\(type) accepted \(value)")
            } catch {
                #expect(error.code == .typeMismatch, "\(type)")
            }
            #expect(builder.count == 1, "\(type)")
            #expect(try builder.finish().values == before, "\(type) after the failed append")
        }
    }

    @Test("temporal values convert between units when exact")
    func unitConversion() throws {
        var builder = try ArrowArrayBuilder(type: .timestamp(.microsecond, timeZone: "UTC"))
        try builder.append(.timestamp(2, .second, timeZone: nil))
        try builder.append(.date64(1))
        try builder.append(.date32(1))
        try builder.append(int64: 7)
        #expect(try builder.finish().values == [
            .timestamp(2_000_000, .microsecond, timeZone: "UTC"), .timestamp(1000, .microsecond, timeZone: "UTC"),
            .timestamp(86_400_000_000, .microsecond, timeZone: "UTC"), .timestamp(7, .microsecond, timeZone: "UTC"),
        ])
        var time = try ArrowArrayBuilder(type: .time32(.second))
        try time.append(.time(3000, .millisecond))
        #expect(try time.finish().values == [.time(3, .second)])
    }

    @Test("typed appends check ranges and fall back to conversion")
    func typedAppends() throws {
        var small = try ArrowArrayBuilder(type: .int16)
        try small.append(int64: -32768)
        #expect(throws: ArrowError.self) { try small.append(int64: 40_000) }
        try small.append(int64: nil)
        #expect(try small.finish().values == [.int(-32768), .null])

        var floats = try ArrowArrayBuilder(type: .float16)
        try floats.append(double: 0.5)
        try floats.append(int64: 3)
        try floats.append(double: 1e10)
        #expect(try floats.finish().values == [.float16(0.5), .float16(3), .float16(.infinity)])

        var strings = try ArrowArrayBuilder(type: .utf8View)
        try strings.append(string: "short")
        try strings.append(string: String(repeating: "x", count: 100))
        try strings.append(string: nil)
        #expect(try strings.finish().values == [.string("short"), .string(String(repeating: "x", count: 100)), .null])

        var fixed = try ArrowArrayBuilder(type: .fixedSizeBinary(byteWidth: 2))
        try fixed.append(bytes: Data([1, 2]))
        #expect(throws: ArrowError.self) { try fixed.append(bytes: Data([1])) }
        #expect(try fixed.finish().values == [.binary(Data([1, 2]))])

        var flags = try ArrowArrayBuilder(type: .bool)
        for index in 0..<20 { try flags.append(bool: index % 3 == 0) }
        try flags.append(bool: nil)
        let flagArray = try flags.finish()
        #expect(flagArray.nullCount == 1)
        #expect(flagArray.bool(at: 3) == true)
        #expect(flagArray.bool(at: 4) == false)

        var dictionary = try ArrowArrayBuilder(field: Field(
            name: "d", type: .int64, dictionary: DictionaryEncoding(id: 0, indexType: .uint8, isOrdered: false)))
        for value in [5, 6, 5, 5] as [Int64] { try dictionary.append(int64: value) }
        let dictionaryArray = try dictionary.finish()
        #expect(dictionaryArray.values == [.int(5), .int(6), .int(5), .int(5)])
        #expect(dictionaryArray.dictionary?.count == 2)
    }

    @Test("typed builders produce the column types they are declared with")
    func typedBuilders() throws {
        var ints = try Int32Builder(name: "d", type: .date32)
        ints.append(1)
        ints.append(nil)
        #expect(try ints.finish().values == [.date32(1), .null])
        #expect(throws: ArrowError.self) { try Int32Builder(type: .int64) }
        #expect(throws: ArrowError.self) { try DoubleBuilder(type: .int64) }

        var doubles = try DoubleBuilder()
        doubles.append(2.5)
        #expect(try doubles.finish().values == [.float64(2.5)])

        var floats = try FloatBuilder()
        floats.append(Float(1.5))
        #expect(try floats.finish().values == [.float32(1.5)])

        var unsigned = try UInt64Builder()
        unsigned.append(UInt64.max)
        #expect(try unsigned.finish().values == [.uint(.max)])

        var timestamps = try TimestampBuilder(unit: .millisecond, timeZone: "UTC")
        timestamps.append(1000)
        timestamps.appendNull()
        #expect(try timestamps.finish().values == [.timestamp(1000, .millisecond, timeZone: "UTC"), .null])

        var strings = try StringBuilder(type: .largeUTF8)
        try strings.append("a")
        try strings.append(nil)
        #expect(try strings.finish().values == [.string("a"), .null])

        var binaries = try BinaryBuilder()
        try binaries.append(Data([9]))
        #expect(try binaries.finish().values == [.binary(Data([9]))])

        var bools = try BoolBuilder()
        bools.append(true)
        bools.append(nil)
        #expect(try bools.finish().values == [.bool(true), .null])

        for width in [32, 64, 128, 256] {
            var decimals = try DecimalBuilder(precision: 9, scale: 2, bitWidth: width)
            try decimals.append(unscaled: -12345)
            try decimals.append(ArrowDecimal(unscaled: 5, precision: 9, scale: 2))
            decimals.appendNull()
            #expect(try decimals.finish().values.map { "\($0)" } == [
                "\(ArrowValue.decimal(ArrowDecimal(unscaled: -12345, precision: 9, scale: 2)))",
                "\(ArrowValue.decimal(ArrowDecimal(unscaled: 5, precision: 9, scale: 2)))", "null",
            ])
        }
    }

    @Test("a null in a union goes to its first child; run-end encoding merges equal neighbours")
    func unionAndRuns() throws {
        var runs = try ArrowArrayBuilder(type: .runEndEncoded(
            runEnds: Field(name: "r", type: .int16, isNullable: false), values: Field(name: "v", type: .utf8)))
        for value: ArrowValue in [.string("a"), .string("a"), .null, .null, .string("a")] { try runs.append(value) }
        runs.appendNull()
        let array = try runs.finish()
        #expect(array.children[0].values == [.int(2), .int(4), .int(5), .int(6)])
        #expect(array.values == [.string("a"), .string("a"), .null, .null, .string("a"), .null])

        var union = try ArrowArrayBuilder(type: .union(
            .sparse, children: [Field(name: "i", type: .int8), Field(name: "s", type: .utf8)], typeIDs: [3, 4]))
        try union.append(.string("x"))
        union.appendNull()
        let unionArray = try union.finish()
        #expect(unionArray.values == [.string("x"), .null])
        #expect(unionArray.children.allSatisfy { $0.count == 2 })
    }

    @Test("record batches from rows; a bad row leaves the builder unchanged")
    func recordBatches() throws {
        let schema = Schema(fields: [Field(name: "a", type: .int32), Field(name: "b", type: .utf8)])
        var builder = try RecordBatchBuilder(schema: schema)
        try builder.append(row: [.int(1), .string("x")])
        #expect(throws: ArrowError.self) { try builder.append(row: [.int(2), .int(3)]) }
        #expect(throws: ArrowError.self) { try builder.append(row: [.int(2)]) }
        try builder.append(row: [.null, .null])
        #expect(builder.rowCount == 2)
        let batch = try builder.finish(metadata: [KeyValue(key: "k", value: "v")])
        #expect(batch.rowCount == 2)
        #expect(batch.columns.map(\.values) == [[.int(1), .null], [.string("x"), .null]])
        #expect(batch.metadata == [KeyValue(key: "k", value: "v")])
        let same = try RecordBatch(schema: schema, rows: [[.int(1), .string("x")], [.null, .null]])
        #expect(WriterTestSupport.difference(batch, same) == nil)
        let fromColumns = try RecordBatch(schema: schema, columns: same.columns)
        #expect(fromColumns.rowCount == 2)
    }

    @Test("invalid type parameters are rejected when the builder is created")
    func invalidTypes() {
        #expect(throws: ArrowError.self) { try ArrowArrayBuilder(type: .decimal(bitWidth: 100, precision: 5, scale: 0)) }
        #expect(throws: ArrowError.self) {
            try ArrowArrayBuilder(type: .map(entries: Field(name: "e", type: .int32), keysSorted: false))
        }
        #expect(throws: ArrowError.self) {
            try ArrowArrayBuilder(type: .union(.sparse, children: [Field(name: "a", type: .int8)], typeIDs: [1, 2]))
        }
        #expect(throws: ArrowError.self) {
            try ArrowArrayBuilder(field: Field(name: "d", type: .utf8, dictionary: DictionaryEncoding(id: 0, indexType: .utf8, isOrdered: false)))
        }
    }

    @Test("float16 conversion rounds to nearest even and handles subnormals")
    func halfPrecision() {
        #expect(floatToHalf(1) == 0x3C00)
        #expect(floatToHalf(-2) == 0xC000)
        #expect(floatToHalf(65504) == 0x7BFF)
        #expect(floatToHalf(65520) == 0x7C00)
        #expect(floatToHalf(Float(bitPattern: 0x3380_0000)) == 0x0001)  // 2^-24, smallest subnormal
        #expect(floatToHalf(.nan) & 0x7E00 == 0x7E00)
        for bits in stride(from: UInt16(0), to: 0x7C00, by: 7) {
            #expect(floatToHalf(halfToFloat(bits)) == bits)
        }
    }

    @Test("copies of a builder are independent")
    func valueSemantics() throws {
        var first = try ArrowArrayBuilder(type: .utf8)
        try first.append(string: "a")
        var second = first
        try second.append(string: "b")
        try first.append(string: "c")
        #expect(try first.finish().values == [.string("a"), .string("c")])
        #expect(try second.finish().values == [.string("a"), .string("b")])
    }
}

extension ArrowArrayBuilderTests {
    @Test("ArrowArray.make builds an array from values in one call")
    func makeArray() throws {
        let array = try ArrowArray.make(type: .list(Field(name: "item", type: .int64)), name: "l", values: [.list([.int(1)]), .null])
        #expect(array.field.name == "l")
        #expect(array.values == [.list([.int(1)]), .null])
        #expect(throws: ArrowError.self) { try ArrowArray.make(type: .int8, values: [.string("x")]) }
    }
}

extension ArrowArrayBuilderTests {
    @Test("nulls beyond what int16 run ends can count make finish fail instead of wrapping")
    func runEndOverflow() throws {
        var builder = try ArrowArrayBuilder(type: .runEndEncoded(
            runEnds: Field(name: "r", type: .int16, isNullable: false), values: Field(name: "v", type: .int8)))
        for _ in 0..<Int(Int16.max) { builder.appendNull() }
        #expect(throws: ArrowError.self) { try builder.append(.null) }
        builder.appendNull()
        #expect(throws: ArrowError.self) { try builder.finish() }
    }
}
