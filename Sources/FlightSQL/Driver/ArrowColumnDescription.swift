import Arrow
import DBAPI

/// Builds PEP 249 column descriptions from Arrow fields.
public enum ArrowColumnDescription: Sendable {
    /// The description of one result column: PEP 249's seven items from the Arrow field
    /// (name, a type code in the right PEP 249 group, display size, byte width of fixed-width
    /// types, precision and scale of decimals, nullability), the readable Arrow type as
    /// `nativeType` and the field itself as `driverInfo`.
    public static func describe(_ field: Field) -> ColumnDescription {
        let type = storageType(of: field)
        let (precision, scale): (Int?, Int?) =
            if case .decimal(_, let precision, let scale) = type { (precision, scale) } else { (nil, nil) }
        return ColumnDescription(
            name: field.name,
            typeCode: typeCode(of: type),
            displaySize: displaySize(of: type),
            internalSize: byteWidth(of: type),
            precision: precision,
            scale: scale,
            nullOK: field.isNullable,
            nativeType: nativeTypeName(of: field),
            driverInfo: field)
    }

    /// Every field of `schema`, described.
    public static func describe(_ schema: Schema) -> [ColumnDescription] {
        schema.fields.map(describe)
    }

    /// The type whose values the column holds: run-end encoding is a storage detail.
    static func storageType(of field: Field) -> ArrowType {
        if case .runEndEncoded(_, let values) = field.type { return values.type }
        return field.type
    }

    /// The PEP 249 type code of an Arrow type.
    public static func typeCode(of type: ArrowType) -> TypeCode {
        switch type {
        case .null: .null
        case .bool: .boolean
        case .int8, .int16, .int32, .int64: .integer
        case .uint8, .uint16, .uint32, .uint64: .unsignedInteger
        case .float16, .float32, .float64: .float
        case .decimal: .decimal
        case .utf8, .largeUTF8, .utf8View: .string
        case .binary, .largeBinary, .binaryView, .fixedSizeBinary: .binary
        case .date32, .date64: .date
        case .time32, .time64: .time
        case .timestamp: .timestamp
        case .duration: .duration
        case .interval: .interval
        case .list, .largeList, .listView, .largeListView, .fixedSizeList: .list
        case .struct: .struct
        case .map: .map
        case .runEndEncoded(_, let values): typeCode(of: values.type)
        case .union: .other
        }
    }

    /// The size in bytes of one value of a fixed-width type; nil for variable-width, nested
    /// and bit-packed (bool) types.
    public static func byteWidth(of type: ArrowType) -> Int? {
        switch type {
        case .int8, .uint8: 1
        case .int16, .uint16, .float16: 2
        case .int32, .uint32, .float32, .date32, .time32: 4
        case .int64, .uint64, .float64, .date64, .time64, .timestamp, .duration: 8
        case .decimal(let bitWidth, _, _): bitWidth / 8
        case .fixedSizeBinary(let byteWidth): byteWidth
        case .interval(.yearMonth): 4
        case .interval(.dayTime): 8
        case .interval(.monthDayNano): 16
        default: nil
        }
    }

    /// The most characters a value's usual text form takes, where that is bounded.
    public static func displaySize(of type: ArrowType) -> Int? {
        switch type {
        case .bool: 5
        case .int8: 4
        case .int16: 6
        case .int32: 11
        case .int64: 20
        case .uint8: 3
        case .uint16: 5
        case .uint32: 10
        case .uint64: 20
        case .decimal(_, let precision, let scale): decimalDisplaySize(precision: precision, scale: scale)
        case .date32, .date64: 10
        case .time32(let unit), .time64(let unit): 8 + (unit == .second ? 0 : unit.fractionDigits + 1)
        case .timestamp(let unit, nil): 19 + (unit == .second ? 0 : unit.fractionDigits + 1)
        case .fixedSizeBinary(let byteWidth): byteWidth
        default: nil
        }
    }

    /// A sign, the integer digits (at least one), a point and the fraction digits; a
    /// negative scale appends zeros.
    static func decimalDisplaySize(precision: Int, scale: Int) -> Int {
        if scale <= 0 { return 1 + precision - scale }
        return 1 + max(precision - scale, 1) + 1 + scale
    }

    /// A readable name of the field's Arrow type, in pyarrow's notation where it has one:
    /// `int64`, `decimal128(38, 10)`, `timestamp[us, tz=UTC]`, `list<int32>`,
    /// `struct<a: int64, b: utf8>`, `map<utf8, int32>`, `dictionary<values=utf8, indices=int32>`;
    /// extension types as `extension<name: storage>`.
    public static func nativeTypeName(of field: Field) -> String {
        var name = typeName(field.type)
        if let dictionary = field.dictionary {
            name = "dictionary<values=\(name), indices=\(typeName(dictionary.indexType))\(dictionary.isOrdered ? ", ordered" : "")>"
        }
        if let extensionName = field.extensionName { name = "extension<\(extensionName): \(name)>" }
        return name
    }

    /// The name of an Arrow type (see ``nativeTypeName(of:)``).
    public static func typeName(_ type: ArrowType) -> String {
        switch type {
        case .null: "null"
        case .bool: "bool"
        case .int8: "int8"
        case .int16: "int16"
        case .int32: "int32"
        case .int64: "int64"
        case .uint8: "uint8"
        case .uint16: "uint16"
        case .uint32: "uint32"
        case .uint64: "uint64"
        case .float16: "float16"
        case .float32: "float32"
        case .float64: "float64"
        case .decimal(let bitWidth, let precision, let scale): "decimal\(bitWidth)(\(precision), \(scale))"
        case .utf8: "utf8"
        case .largeUTF8: "large_utf8"
        case .utf8View: "utf8_view"
        case .binary: "binary"
        case .largeBinary: "large_binary"
        case .binaryView: "binary_view"
        case .fixedSizeBinary(let byteWidth): "fixed_size_binary[\(byteWidth)]"
        case .date32: "date32"
        case .date64: "date64"
        case .time32(let unit): "time32[\(unitName(unit))]"
        case .time64(let unit): "time64[\(unitName(unit))]"
        case .timestamp(let unit, nil): "timestamp[\(unitName(unit))]"
        case .timestamp(let unit, let zone?): "timestamp[\(unitName(unit)), tz=\(zone)]"
        case .duration(let unit): "duration[\(unitName(unit))]"
        case .interval(.yearMonth): "interval[year_month]"
        case .interval(.dayTime): "interval[day_time]"
        case .interval(.monthDayNano): "interval[month_day_nano]"
        case .list(let child): "list<\(childName(child))>"
        case .largeList(let child): "large_list<\(childName(child))>"
        case .listView(let child): "list_view<\(childName(child))>"
        case .largeListView(let child): "large_list_view<\(childName(child))>"
        case .fixedSizeList(let child, let size): "fixed_size_list<\(childName(child))>[\(size)]"
        case .struct(let fields): "struct<" + fields.map { "\($0.name): \(nativeTypeName(of: $0))" }.joined(separator: ", ") + ">"
        case .map(let entries, let keysSorted):
            mapName(entries) + (keysSorted ? " (keys sorted)" : "")
        case .union(let mode, let children, _):
            "\(mode.rawValue)_union<" + children.map { "\($0.name): \(nativeTypeName(of: $0))" }.joined(separator: ", ") + ">"
        case .runEndEncoded(let runEnds, let values):
            "run_end_encoded<run_ends=\(typeName(runEnds.type)), values=\(nativeTypeName(of: values))>"
        }
    }

    /// A list's element type; its field name is left out (it is nearly always `item` or `element`).
    private static func childName(_ child: Field) -> String { nativeTypeName(of: child) }

    private static func mapName(_ entries: Field) -> String {
        guard case .struct(let children) = entries.type, children.count == 2 else {
            return "map<\(nativeTypeName(of: entries))>"
        }
        return "map<\(nativeTypeName(of: children[0])), \(nativeTypeName(of: children[1]))>"
    }

    static func unitName(_ unit: TimeUnit) -> String {
        switch unit {
        case .second: "s"
        case .millisecond: "ms"
        case .microsecond: "us"
        case .nanosecond: "ns"
        }
    }
}
