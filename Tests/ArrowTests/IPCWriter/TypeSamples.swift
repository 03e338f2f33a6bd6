import Foundation

@testable import Arrow

/// One column of every type the reader supports, with nulls, as (type, values).
enum TypeSamples {
    static func decimal(_ unscaled: Int64, _ bitWidth: Int) -> ArrowValue {
        .decimal(ArrowDecimal(unscaled: unscaled, precision: bitWidth == 32 ? 9 : 18, scale: 2))
    }

    static let utf8Strings: [ArrowValue] = [
        .string("a"), .null, .string(""), .string("a string longer than twelve bytes"), .string("héllo wörld"),
        .null, .string("twelve bytes"), .string("thirteen byte"), .string("z"),
    ]

    static let binaries: [ArrowValue] = [
        .binary(Data([1, 2, 3])), .null, .binary(Data()), .binary(Data(repeating: 7, count: 40)), .binary(Data([0xFF])),
        .null, .binary(Data(repeating: 1, count: 13)),
    ]

    static let entries = Field(
        name: "entries",
        type: .struct([Field(name: "key", type: .utf8, isNullable: false), Field(name: "value", type: .int64)]),
        isNullable: false)

    // swiftlint:disable:next function_body_length
    static func all() -> [(String, ArrowType, [ArrowValue])] {
        let ints: [ArrowValue] = [.int(1), .int(-2), .null, .int(3), .int(0), .null, .int(100), .int(-100), .int(7), .int(8)]
        let uints: [ArrowValue] = [.uint(1), .uint(2), .null, .uint(255), .uint(0), .null, .uint(9), .uint(10), .uint(11)]
        var samples: [(String, ArrowType, [ArrowValue])] = [
            ("null", .null, [.null, .null, .null, .null]),
            ("bool", .bool, [.bool(true), .bool(false), .null, .bool(true), .bool(true), .null, .bool(false),
                             .bool(true), .bool(false), .bool(true), .bool(true)]),
            ("int8", .int8, ints + [.int(-128), .int(127)]),
            ("int16", .int16, ints + [.int(-32768)]),
            ("int32", .int32, ints + [.int(Int64(Int32.min))]),
            ("int64", .int64, ints + [.int(.min), .int(.max)]),
            ("uint8", .uint8, uints),
            ("uint16", .uint16, uints + [.uint(65535)]),
            ("uint32", .uint32, uints + [.uint(UInt64(UInt32.max))]),
            ("uint64", .uint64, uints + [.uint(.max)]),
            ("float16", .float16, [.float16(1.5), .float16(-0.0), .null, .float16(65504), .float16(0.099975586), .null, .float16(-3)]),
            ("float32", .float32, [.float32(1.25), .null, .float32(-.infinity), .float32(3.4e38), .float32(0), .float32(Float(bitPattern: 1))]),
            ("float64", .float64, [.float64(1.25), .null, .float64(.infinity), .float64(-1e308), .float64(0.1), .null]),
            ("date32", .date32, [.date32(0), .null, .date32(-719_162), .date32(19_000), .date32(1)]),
            ("date64", .date64, [.date64(86_400_000), .null, .date64(-86_400_000), .date64(0)]),
            ("time32s", .time32(.second), [.time(1, .second), .null, .time(86_399, .second)]),
            ("time32ms", .time32(.millisecond), [.time(1, .millisecond), .null, .time(86_399_999, .millisecond)]),
            ("time64us", .time64(.microsecond), [.time(1, .microsecond), .null, .time(86_399_999_999, .microsecond)]),
            ("time64ns", .time64(.nanosecond), [.time(5, .nanosecond), .null, .time(86_399_999_999_999, .nanosecond)]),
            ("timestamp", .timestamp(.nanosecond, timeZone: nil),
             [.timestamp(1, .nanosecond, timeZone: nil), .null, .timestamp(-1, .nanosecond, timeZone: nil)]),
            ("timestampTZ", .timestamp(.second, timeZone: "Europe/Paris"),
             [.timestamp(1_700_000_000, .second, timeZone: "Europe/Paris"), .null]),
            ("duration", .duration(.millisecond), [.duration(5, .millisecond), .null, .duration(-5, .millisecond)]),
            ("yearMonth", .interval(.yearMonth), [.intervalYearMonth(months: 13), .null, .intervalYearMonth(months: -1)]),
            ("dayTime", .interval(.dayTime), [.intervalDayTime(days: 2, milliseconds: -3), .null,
                                              .intervalDayTime(days: -1, milliseconds: 1)]),
            ("monthDayNano", .interval(.monthDayNano),
             [.intervalMonthDayNano(months: 1, days: 2, nanoseconds: 3), .null,
              .intervalMonthDayNano(months: -1, days: 0, nanoseconds: .max)]),
            ("utf8", .utf8, utf8Strings),
            ("largeUTF8", .largeUTF8, utf8Strings),
            ("utf8View", .utf8View, utf8Strings),
            ("binary", .binary, binaries),
            ("largeBinary", .largeBinary, binaries),
            ("binaryView", .binaryView, binaries),
            ("fixedSizeBinary", .fixedSizeBinary(byteWidth: 3),
             [.binary(Data([1, 2, 3])), .null, .binary(Data([0, 0, 0])), .binary(Data([9, 8, 7]))]),
            ("list", .list(Field(name: "item", type: .int32)),
             [.list([.int(1), .int(2)]), .null, .list([]), .list([.null, .int(3)]), .list([.int(4)])]),
            ("largeList", .largeList(Field(name: "item", type: .utf8)),
             [.list([.string("a")]), .null, .list([.string("b"), .null, .string("ccc")]), .list([])]),
            ("listView", .listView(Field(name: "item", type: .int64)),
             [.list([.int(1)]), .list([]), .null, .list([.int(2), .int(3)]), .list([.int(5)])]),
            ("largeListView", .largeListView(Field(name: "item", type: .utf8)),
             [.list([.string("x"), .string("y")]), .null, .list([.null])]),
            ("fixedSizeList", .fixedSizeList(Field(name: "item", type: .int16), listSize: 2),
             [.list([.int(1), .int(2)]), .null, .list([.null, .int(4)]), .list([.int(5), .int(6)])]),
            ("struct", .struct([Field(name: "a", type: .int32), Field(name: "b", type: .utf8)]),
             [.struct([.init(name: "a", value: .int(1)), .init(name: "b", value: .string("x"))]), .null,
              .struct([.init(name: "a", value: .null), .init(name: "b", value: .string("y"))]),
              .struct([.init(name: "a", value: .int(3)), .init(name: "b", value: .null)])]),
            ("map", .map(entries: entries, keysSorted: false),
             [.map([.init(key: .string("a"), value: .int(1)), .init(key: .string("b"), value: .null)]), .null, .map([]),
              .map([.init(key: .string("c"), value: .int(3))])]),
            ("sparseUnion", .union(.sparse, children: [Field(name: "i", type: .int32), Field(name: "s", type: .utf8)], typeIDs: [5, 9]),
             [.int(1), .string("two"), .null, .int(4), .string("five")]),
            ("denseUnion", .union(.dense, children: [Field(name: "f", type: .float64), Field(name: "s", type: .utf8)], typeIDs: [0, 1]),
             [.float64(1.5), .string("two"), .null, .string("four"), .float64(5)]),
            ("runEndEncoded", .runEndEncoded(runEnds: Field(name: "run_ends", type: .int32, isNullable: false),
                                             values: Field(name: "values", type: .utf8)),
             [.string("a"), .string("a"), .string("b"), .null, .null, .string("c"), .string("c"), .string("c")]),
            ("nested", .list(Field(name: "item", type: .struct([Field(name: "xs", type: .list(Field(name: "item", type: .int8)))]))),
             [.list([.struct([.init(name: "xs", value: .list([.int(1), .null]))]), .null]), .null,
              .list([.struct([.init(name: "xs", value: .null)])]), .list([])]),
        ]
        for width in [32, 64, 128, 256] {
            samples.append(("decimal\(width)", .decimal(bitWidth: width, precision: width == 32 ? 9 : 18, scale: 2),
                            [decimal(12345, width), .null, decimal(-1, width), decimal(0, width), decimal(99_999_999, width)]))
        }
        return samples
    }
}
