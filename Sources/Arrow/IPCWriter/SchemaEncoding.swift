/// Encoding of the model types as `Schema.fbs` tables.
///
/// Field ids follow `Schema.fbs`; a union field occupies two ids (its type tag, then its
/// value). Every scalar is written explicitly, even when it equals the schema default, so
/// readers never depend on defaults that changed between format versions.
enum SchemaEncoding {
    typealias Offset = FlatBufferBuilder.Offset

    /// A `Schema` table. The endianness is always little: the writer emits the in-memory
    /// (little-endian) buffers whatever byte order the schema was originally read in.
    static func schema(_ schema: Schema, into builder: inout FlatBufferBuilder) -> Offset {
        var fields: [Offset] = []
        fields.reserveCapacity(schema.fields.count)
        for field in schema.fields { fields.append(self.field(field, into: &builder)) }
        let fieldVector = builder.createVector(offsets: fields)
        let metadata = self.metadata(schema.metadata, into: &builder)
        builder.startTable()
        builder.add(0, Int16(0))
        builder.add(1, offset: fieldVector)
        if let metadata { builder.add(2, offset: metadata) }
        return builder.endTable()
    }

    /// A `[KeyValue]` vector, or nil when there is no metadata (the field is then omitted).
    static func metadata(_ entries: [KeyValue], into builder: inout FlatBufferBuilder) -> Offset? {
        guard !entries.isEmpty else { return nil }
        var tables: [Offset] = []
        for entry in entries {
            let key = builder.createString(entry.key)
            let value = builder.createString(entry.value)
            builder.startTable()
            builder.add(0, offset: key)
            builder.add(1, offset: value)
            tables.append(builder.endTable())
        }
        return builder.createVector(offsets: tables)
    }

    static func field(_ field: Field, into builder: inout FlatBufferBuilder) -> Offset {
        var children: [Offset] = []
        for child in field.type.childFields { children.append(self.field(child, into: &builder)) }
        let childVector = builder.createVector(offsets: children)
        let name = builder.createString(field.name)
        let (tag, typeTable) = type(field.type, into: &builder)
        let dictionary = field.dictionary.map { encoding(of: $0, into: &builder) }
        let metadata = self.metadata(field.metadata, into: &builder)
        builder.startTable()
        builder.add(0, offset: name)
        builder.add(1, field.isNullable)
        builder.add(2, tag)
        builder.add(3, offset: typeTable)
        if let dictionary { builder.add(4, offset: dictionary) }
        builder.add(5, offset: childVector)
        if let metadata { builder.add(6, offset: metadata) }
        return builder.endTable()
    }

    private static func encoding(of dictionary: DictionaryEncoding, into builder: inout FlatBufferBuilder) -> Offset {
        let indexType = intTable(dictionary.indexType, into: &builder)
        builder.startTable()
        builder.add(0, dictionary.id)
        if let indexType { builder.add(1, offset: indexType) }
        builder.add(2, dictionary.isOrdered)
        builder.add(3, Int16(0))  // DictionaryKind.DenseArray
        return builder.endTable()
    }

    /// An `Int` type table, or nil for a non-integer type.
    private static func intTable(_ type: ArrowType, into builder: inout FlatBufferBuilder) -> Offset? {
        let parameters: (Int32, Bool)
        switch type {
        case .int8: parameters = (8, true)
        case .int16: parameters = (16, true)
        case .int32: parameters = (32, true)
        case .int64: parameters = (64, true)
        case .uint8: parameters = (8, false)
        case .uint16: parameters = (16, false)
        case .uint32: parameters = (32, false)
        case .uint64: parameters = (64, false)
        default: return nil
        }
        builder.startTable()
        builder.add(0, parameters.0)
        builder.add(1, parameters.1)
        return builder.endTable()
    }

    private static func timeUnit(_ unit: TimeUnit) -> Int16 {
        switch unit {
        case .second: 0
        case .millisecond: 1
        case .microsecond: 2
        case .nanosecond: 3
        }
    }

    /// A table with no fields (the parameterless types).
    private static func emptyTable(_ builder: inout FlatBufferBuilder) -> Offset {
        builder.startTable()
        return builder.endTable()
    }

    /// A table of one scalar field 0.
    private static func table<T: FixedWidthInteger>(_ value: T, _ builder: inout FlatBufferBuilder) -> Offset {
        builder.startTable()
        builder.add(0, value)
        return builder.endTable()
    }

    /// The `Type` union tag and value table of `type`.
    // swiftlint:disable:next cyclomatic_complexity function_body_length
    static func type(_ type: ArrowType, into builder: inout FlatBufferBuilder) -> (UInt8, Offset) {
        switch type {
        case .null: return (1, emptyTable(&builder))
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64:
            return (2, intTable(type, into: &builder) ?? emptyTable(&builder))
        case .float16: return (3, table(Int16(0), &builder))
        case .float32: return (3, table(Int16(1), &builder))
        case .float64: return (3, table(Int16(2), &builder))
        case .binary: return (4, emptyTable(&builder))
        case .utf8: return (5, emptyTable(&builder))
        case .bool: return (6, emptyTable(&builder))
        case .decimal(let bitWidth, let precision, let scale):
            builder.startTable()
            builder.add(0, Int32(truncatingIfNeeded: precision))
            builder.add(1, Int32(truncatingIfNeeded: scale))
            builder.add(2, Int32(truncatingIfNeeded: bitWidth))
            return (7, builder.endTable())
        case .date32: return (8, table(Int16(0), &builder))
        case .date64: return (8, table(Int16(1), &builder))
        case .time32(let unit), .time64(let unit):
            let bitWidth: Int32
            if case .time32 = type { bitWidth = 32 } else { bitWidth = 64 }
            builder.startTable()
            builder.add(0, timeUnit(unit))
            builder.add(1, bitWidth)
            return (9, builder.endTable())
        case .timestamp(let unit, let zone):
            let zoneString = zone.map { builder.createString($0) }
            builder.startTable()
            builder.add(0, timeUnit(unit))
            if let zoneString { builder.add(1, offset: zoneString) }
            return (10, builder.endTable())
        case .interval(let unit):
            let raw: Int16
            switch unit {
            case .yearMonth: raw = 0
            case .dayTime: raw = 1
            case .monthDayNano: raw = 2
            }
            return (11, table(raw, &builder))
        case .list: return (12, emptyTable(&builder))
        case .struct: return (13, emptyTable(&builder))
        case .union(let mode, _, let typeIDs):
            let ids = builder.createVector(typeIDs)
            builder.startTable()
            builder.add(0, Int16(mode == .sparse ? 0 : 1))
            builder.add(1, offset: ids)
            return (14, builder.endTable())
        case .fixedSizeBinary(let width): return (15, table(Int32(truncatingIfNeeded: width), &builder))
        case .fixedSizeList(_, let size): return (16, table(Int32(truncatingIfNeeded: size), &builder))
        case .map(_, let keysSorted):
            builder.startTable()
            builder.add(0, keysSorted)
            return (17, builder.endTable())
        case .duration(let unit): return (18, table(timeUnit(unit), &builder))
        case .largeBinary: return (19, emptyTable(&builder))
        case .largeUTF8: return (20, emptyTable(&builder))
        case .largeList: return (21, emptyTable(&builder))
        case .runEndEncoded: return (22, emptyTable(&builder))
        case .binaryView: return (23, emptyTable(&builder))
        case .utf8View: return (24, emptyTable(&builder))
        case .listView: return (25, emptyTable(&builder))
        case .largeListView: return (26, emptyTable(&builder))
        }
    }
}
