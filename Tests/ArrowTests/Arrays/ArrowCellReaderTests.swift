import Arrow
import Foundation
import Testing

/// `ArrowCellReader` must read exactly what the array's own typed accessors read, for every
/// index (including outside the array), null pattern and offset.
@Suite struct ArrowCellReaderTests {
    /// A column of `type` with a null every third slot, built from `values(row)`.
    func column(_ type: ArrowType, count: Int = 23, _ value: (Int) -> ArrowValue) throws -> ArrowArray {
        var builder = try ArrowArrayBuilder(type: type, name: "c")
        for row in 0..<count {
            if row % 3 == 1 { builder.appendNull() } else { try builder.append(value(row)) }
        }
        return try builder.finish()
    }

    /// `array`'s buffers viewed from `offset` for `count` slots, as a producer slicing a
    /// batch sends them.
    func slice(_ array: ArrowArray, offset: Int, count: Int) throws -> ArrowArray {
        let nulls = (offset..<offset + count).filter { array.isNull($0) }.count
        return try ArrowArray(
            field: array.field, count: count, nullCount: nulls, offset: array.offset + offset, buffers: array.buffers)
    }

    /// Every read of `reader` against the array's accessor, over and around its range.
    func expectSameReads(_ array: ArrowArray, sourceLocation: SourceLocation = #_sourceLocation) {
        let reader = array.cellReader
        #expect(reader.isSupported, "\(array.type)", sourceLocation: sourceLocation)
        for index in -2..<(array.count + 2) {
            #expect(reader.isNull(index) == array.isNull(index), "\(array.type) [\(index)]", sourceLocation: sourceLocation)
            #expect(reader.int64(at: index) == array.int64(at: index), "\(array.type) [\(index)]", sourceLocation: sourceLocation)
            #expect(reader.uint64(at: index) == array.uint64(at: index), "\(array.type) [\(index)]", sourceLocation: sourceLocation)
            #expect(
                reader.double(at: index)?.bitPattern == array.double(at: index)?.bitPattern, "\(array.type) [\(index)]",
                sourceLocation: sourceLocation)
            #expect(reader.bool(at: index) == array.bool(at: index), "\(array.type) [\(index)]", sourceLocation: sourceLocation)
            #expect(
                reader.bytes(at: index).map { Data($0) } == array.data(at: index), "\(array.type) [\(index)]",
                sourceLocation: sourceLocation)
        }
    }

    /// The array, and slices of it at several offsets, with and without nulls in range.
    func expectSameReadsSliced(_ array: ArrowArray, sourceLocation: SourceLocation = #_sourceLocation) throws {
        expectSameReads(array, sourceLocation: sourceLocation)
        for (offset, count) in [(1, 1), (2, 1), (3, 9), (5, 17), (7, 0), (8, 15)] {
            let sliced = try slice(array, offset: offset, count: count)
            expectSameReads(sliced, sourceLocation: sourceLocation)
            // Slicing a slice: offsets add up.
            if count > 2 { expectSameReads(try slice(sliced, offset: 1, count: count - 2), sourceLocation: sourceLocation) }
        }
    }

    @Test("every integer width reads like int64(at:)/uint64(at:)/double(at:), extremes included")
    func integers() throws {
        let signed: [(ArrowType, Int64, Int64)] = [
            (.int8, Int64(Int8.min), Int64(Int8.max)), (.int16, Int64(Int16.min), Int64(Int16.max)),
            (.int32, Int64(Int32.min), Int64(Int32.max)), (.int64, .min, .max),
        ]
        for (type, low, high) in signed {
            try expectSameReadsSliced(try column(type) { row in
                .int(row % 5 == 0 ? low : row % 5 == 2 ? high : Int64(row) - 10)
            })
        }
        let unsigned: [(ArrowType, UInt64)] = [(.uint8, UInt64(UInt8.max)), (.uint16, UInt64(UInt16.max)), (.uint32, UInt64(UInt32.max)), (.uint64, .max)]
        for (type, high) in unsigned {
            try expectSameReadsSliced(try column(type) { row in
                .uint(row % 4 == 0 ? high : row % 4 == 2 ? high - 1 : UInt64(row))
            })
        }
        // Values past Int64.max do not fit int64(at:), either way.
        let big = try column(.uint64, count: 3) { _ in .uint(UInt64(Int64.max) + 1) }
        #expect(big.cellReader.int64(at: 0) == nil)
        #expect(big.cellReader.uint64(at: 0) == UInt64(Int64.max) + 1)
        // Temporal types stored as integers read their raw counts, as the array does.
        try expectSameReadsSliced(try column(.timestamp(.microsecond, timeZone: "UTC")) { .timestamp(Int64($0) * 1_000_003, .microsecond, timeZone: "UTC") })
    }

    @Test("float32, float64 and bool read like the array")
    func floatsAndBools() throws {
        try expectSameReadsSliced(try column(.float32) { .float32(Float($0) * -1.25) })
        try expectSameReadsSliced(try column(.float64) { .float64($0 == 4 ? .nan : Double($0) / 3) })
        try expectSameReadsSliced(try column(.bool) { .bool($0 % 2 == 0) })
    }

    @Test("utf8, large_utf8, binary and large_binary read the same bytes, empty and invalid UTF-8 included")
    func variableWidth() throws {
        func text(_ row: Int) -> String { row % 4 == 0 ? "" : String(repeating: "fès\(row)", count: row % 7) }
        try expectSameReadsSliced(try column(.utf8) { .string(text($0)) })
        try expectSameReadsSliced(try column(.largeUTF8) { .string(text($0)) })
        try expectSameReadsSliced(try column(.binary) { .binary(Data([0xFF, 0xFE]) + Data(text($0).utf8)) })
        try expectSameReadsSliced(try column(.largeBinary) { .binary(Data(text($0).utf8)) })
    }

    @Test("layouts the reader does not cover say so and read nothing")
    func unsupported() throws {
        let cases: [ArrowArray] = [
            try column(.float16) { .float16(Float($0)) },
            try column(.utf8View) { .string(String(repeating: "long string \($0)", count: 2)) },
            try column(.binaryView) { .binary(Data(repeating: UInt8($0), count: $0)) },
            try column(.fixedSizeBinary(byteWidth: 2)) { .binary(Data([UInt8($0), 1])) },
            try column(.null) { _ in .null },
        ]
        var dictionary = try ArrowArrayBuilder(
            field: Field(name: "d", type: .utf8, dictionary: DictionaryEncoding(id: 1, indexType: .int32, isOrdered: false)))
        for row in 0..<6 { try dictionary.append(string: "v\(row % 2)") }
        for array in cases + [try dictionary.finish()] {
            let reader = array.cellReader
            #expect(!reader.isSupported, "\(array.type)")
            for index in 0..<array.count {
                #expect(reader.int64(at: index) == nil && reader.double(at: index) == nil && reader.bool(at: index) == nil)
                #expect(reader.bytes(at: index) == nil)
            }
        }
    }
}
