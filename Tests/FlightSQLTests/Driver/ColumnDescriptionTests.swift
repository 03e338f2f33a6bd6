import Arrow
import DBAPI
import FlightSQL
import Testing

@Suite struct ColumnDescriptionTests {
    typealias D = ArrowColumnDescription

    @Test("native type names follow pyarrow's notation")
    func names() {
        let item = Field(name: "item", type: .int32)
        let cases: [(ArrowType, String)] = [
            (.null, "null"), (.bool, "bool"), (.int8, "int8"), (.int16, "int16"), (.int32, "int32"), (.int64, "int64"),
            (.uint8, "uint8"), (.uint16, "uint16"), (.uint32, "uint32"), (.uint64, "uint64"),
            (.float16, "float16"), (.float32, "float32"), (.float64, "float64"),
            (.decimal(bitWidth: 128, precision: 38, scale: 10), "decimal128(38, 10)"),
            (.decimal(bitWidth: 256, precision: 76, scale: -2), "decimal256(76, -2)"),
            (.decimal(bitWidth: 32, precision: 9, scale: 2), "decimal32(9, 2)"),
            (.utf8, "utf8"), (.largeUTF8, "large_utf8"), (.utf8View, "utf8_view"),
            (.binary, "binary"), (.largeBinary, "large_binary"), (.binaryView, "binary_view"),
            (.fixedSizeBinary(byteWidth: 16), "fixed_size_binary[16]"),
            (.date32, "date32"), (.date64, "date64"), (.time32(.second), "time32[s]"), (.time32(.millisecond), "time32[ms]"),
            (.time64(.microsecond), "time64[us]"), (.time64(.nanosecond), "time64[ns]"),
            (.timestamp(.microsecond, timeZone: "UTC"), "timestamp[us, tz=UTC]"), (.timestamp(.second, timeZone: nil), "timestamp[s]"),
            (.timestamp(.nanosecond, timeZone: "America/New_York"), "timestamp[ns, tz=America/New_York]"),
            (.duration(.millisecond), "duration[ms]"),
            (.interval(.yearMonth), "interval[year_month]"), (.interval(.dayTime), "interval[day_time]"),
            (.interval(.monthDayNano), "interval[month_day_nano]"),
            (.list(item), "list<int32>"), (.largeList(item), "large_list<int32>"), (.listView(item), "list_view<int32>"),
            (.largeListView(item), "large_list_view<int32>"), (.fixedSizeList(Field(name: "x", type: .float64), listSize: 3), "fixed_size_list<float64>[3]"),
            (.struct([Field(name: "a", type: .int64), Field(name: "b", type: .utf8), Field(name: "c", type: .list(Field(name: "item", type: .int16)))]),
             "struct<a: int64, b: utf8, c: list<int16>>"),
            (.map(entries: Field(name: "entries", type: .struct([Field(name: "key", type: .utf8, isNullable: false), Field(name: "value", type: .int32)]), isNullable: false), keysSorted: false),
             "map<utf8, int32>"),
            (.union(.dense, children: [Field(name: "i", type: .int32), Field(name: "s", type: .utf8)], typeIDs: [0, 1]), "dense_union<i: int32, s: utf8>"),
            (.union(.sparse, children: [Field(name: "b", type: .bool)], typeIDs: [3]), "sparse_union<b: bool>"),
            (.runEndEncoded(runEnds: Field(name: "run_ends", type: .int32, isNullable: false), values: Field(name: "values", type: .utf8)),
             "run_end_encoded<run_ends=int32, values=utf8>"),
        ]
        for (type, name) in cases {
            #expect(D.nativeTypeName(of: Field(name: "c", type: type)) == name)
            #expect(D.describe(Field(name: "c", type: type)).nativeType == name)
        }
    }

    @Test("dictionary and extension fields show the encoding and the extension name")
    func dictionaryAndExtension() {
        let dictionary = Field(name: "c", type: .utf8, dictionary: DictionaryEncoding(id: 0, indexType: .int32, isOrdered: false))
        #expect(D.nativeTypeName(of: dictionary) == "dictionary<values=utf8, indices=int32>")
        #expect(D.describe(dictionary).typeCode == .string, "a dictionary column has its values' code")
        let uuid = Field(name: "u", type: .fixedSizeBinary(byteWidth: 16), metadata: [KeyValue(key: "ARROW:extension:name", value: "arrow.uuid")])
        #expect(D.nativeTypeName(of: uuid) == "extension<arrow.uuid: fixed_size_binary[16]>")
        #expect(D.describe(uuid).typeCode == DBAPITypeObject.BINARY)
    }

    @Test("type codes fall into PEP 249's groups")
    func groups() {
        let number: [ArrowType] = [.int8, .int64, .uint32, .float16, .float64, .decimal(bitWidth: 128, precision: 10, scale: 2)]
        for type in number { #expect(D.typeCode(of: type) == DBAPITypeObject.NUMBER, "\(type)") }
        for type: ArrowType in [.utf8, .largeUTF8, .utf8View] { #expect(D.typeCode(of: type) == DBAPITypeObject.STRING) }
        for type: ArrowType in [.binary, .largeBinary, .binaryView, .fixedSizeBinary(byteWidth: 4)] { #expect(D.typeCode(of: type) == DBAPITypeObject.BINARY) }
        let temporal: [ArrowType] = [.date32, .date64, .time32(.second), .time64(.nanosecond), .timestamp(.millisecond, timeZone: nil), .duration(.second), .interval(.monthDayNano)]
        for type in temporal { #expect(D.typeCode(of: type) == DBAPITypeObject.DATETIME, "\(type)") }
        #expect(D.typeCode(of: .bool) == .boolean)
        #expect(D.typeCode(of: .null) == .null)
        #expect(D.typeCode(of: .int32) == .integer)
        #expect(D.typeCode(of: .uint8) == .unsignedInteger)
        #expect(D.typeCode(of: .list(Field(name: "i", type: .int8))) == .list)
        #expect(D.typeCode(of: .struct([])) == .struct)
        #expect(D.typeCode(of: .union(.dense, children: [], typeIDs: [])) == .other)
        let ree = ArrowType.runEndEncoded(runEnds: Field(name: "r", type: .int16), values: Field(name: "v", type: .float32))
        #expect(D.typeCode(of: ree) == .float)
    }

    @Test("internal size is the byte width of fixed-width types; precision and scale come from decimals")
    func sizes() {
        let widths: [(ArrowType, Int?)] = [
            (.int8, 1), (.uint16, 2), (.float16, 2), (.int32, 4), (.float32, 4), (.date32, 4), (.time32(.millisecond), 4),
            (.int64, 8), (.float64, 8), (.date64, 8), (.time64(.microsecond), 8), (.timestamp(.second, timeZone: "UTC"), 8),
            (.duration(.nanosecond), 8), (.decimal(bitWidth: 128, precision: 38, scale: 0), 16), (.decimal(bitWidth: 256, precision: 76, scale: 0), 32),
            (.decimal(bitWidth: 32, precision: 9, scale: 0), 4), (.fixedSizeBinary(byteWidth: 7), 7), (.interval(.yearMonth), 4),
            (.interval(.dayTime), 8), (.interval(.monthDayNano), 16), (.bool, nil), (.utf8, nil), (.binary, nil), (.list(Field(name: "i", type: .int8)), nil),
        ]
        for (type, width) in widths { #expect(D.describe(Field(name: "c", type: type)).internalSize == width, "\(type)") }
        let decimal = D.describe(Field(name: "d", type: .decimal(bitWidth: 128, precision: 10, scale: 2), isNullable: false))
        #expect(decimal.precision == 10)
        #expect(decimal.scale == 2)
        #expect(decimal.nullOK == false)
        #expect(decimal.displaySize == 12, "-99999999.99")
        let plain = D.describe(Field(name: "i", type: .int64))
        #expect(plain.precision == nil)
        #expect(plain.scale == nil)
        #expect(plain.nullOK == true)
        #expect(plain.displaySize == 20)
        #expect(plain.name == "i")
        #expect((plain.driverInfo as? Field)?.type == .int64)
    }

    @Test("display sizes of decimals, dates and times count every character")
    func displaySizes() {
        #expect(D.describe(Field(name: "c", type: .decimal(bitWidth: 128, precision: 5, scale: 0))).displaySize == 6)
        #expect(D.describe(Field(name: "c", type: .decimal(bitWidth: 128, precision: 3, scale: 5))).displaySize == 8, "-0.00123")
        #expect(D.describe(Field(name: "c", type: .decimal(bitWidth: 128, precision: 2, scale: -3))).displaySize == 6, "-12000")
        #expect(D.describe(Field(name: "c", type: .date32)).displaySize == 10)
        #expect(D.describe(Field(name: "c", type: .time64(.nanosecond))).displaySize == 18)
        #expect(D.describe(Field(name: "c", type: .timestamp(.microsecond, timeZone: nil))).displaySize == 26)
        #expect(D.describe(Field(name: "c", type: .utf8)).displaySize == nil)
    }
}
