/// Decoding of `Schema.fbs` tables into the model types.
///
/// Field ids follow `Schema.fbs`; a union field occupies two ids (its type tag, then its value).
struct SchemaDecoder {
    /// Maximum nesting of fields; deeper schemas are rejected rather than recursed into.
    let maxDepth: Int
    /// Maximum total number of fields; bounds work on schemas whose vectors share sub-tables.
    let maxFields: Int
    private var decodedFields = 0

    init(maxDepth: Int, maxFields: Int) {
        self.maxDepth = maxDepth
        self.maxFields = maxFields
    }

    mutating func schema(_ table: FBTable) throws(ArrowError) -> Schema {
        let endianness: Endianness = try table.scalar(0, default: Int16(0)) == 1 ? .big : .little
        var fields: [Field] = []
        if let vector = try table.vector(1, elementSize: 4) {
            fields.reserveCapacity(vector.count)
            for index in 0..<vector.count {
                fields.append(try field(vector.table(index), depth: 1))
            }
        }
        let metadata = try Self.metadata(table, id: 2)
        return Schema(fields: fields, metadata: metadata, endianness: endianness)
    }

    static func metadata(_ table: FBTable, id: Int) throws(ArrowError) -> [KeyValue] {
        guard let vector = try table.vector(id, elementSize: 4) else { return [] }
        var result: [KeyValue] = []
        result.reserveCapacity(vector.count)
        for index in 0..<vector.count {
            let entry = try vector.table(index)
            result.append(KeyValue(key: try entry.string(0) ?? "", value: try entry.string(1) ?? ""))
        }
        return result
    }

    mutating func field(_ table: FBTable, depth: Int) throws(ArrowError) -> Field {
        guard depth <= maxDepth else {
            throw ArrowError(.limitExceeded, "schema nesting deeper than \(maxDepth)")
        }
        decodedFields += 1
        guard decodedFields <= maxFields else {
            throw ArrowError(.limitExceeded, "schema has more than \(maxFields) fields")
        }
        let name = try table.string(0) ?? ""
        let nullable = try table.bool(1)
        var children: [Field] = []
        if let vector = try table.vector(5, elementSize: 4) {
            children.reserveCapacity(vector.count)
            for index in 0..<vector.count {
                children.append(try field(vector.table(index), depth: depth + 1))
            }
        }
        let (tag, typeTable) = try table.union(typeField: 2, valueField: 3)
        let type = try Self.type(tag: tag, table: typeTable, children: children, fieldName: name)
        var dictionary: DictionaryEncoding?
        if let encoding = try table.table(4) {
            dictionary = try Self.dictionary(encoding)
        }
        return Field(
            name: name, type: type, isNullable: nullable, dictionary: dictionary,
            metadata: try Self.metadata(table, id: 6))
    }

    static func dictionary(_ table: FBTable) throws(ArrowError) -> DictionaryEncoding {
        let id = try table.scalar(0, default: Int64(0))
        var indexType = ArrowType.int32
        if let intTable = try table.table(1) {
            indexType = try integerType(intTable)
        }
        return DictionaryEncoding(id: id, indexType: indexType, isOrdered: try table.bool(2))
    }

    static func integerType(_ table: FBTable) throws(ArrowError) -> ArrowType {
        let bitWidth = try table.scalar(0, default: Int32(0))
        let signed = try table.bool(1)
        switch (bitWidth, signed) {
        case (8, true): return .int8
        case (16, true): return .int16
        case (32, true): return .int32
        case (64, true): return .int64
        case (8, false): return .uint8
        case (16, false): return .uint16
        case (32, false): return .uint32
        case (64, false): return .uint64
        default: throw ArrowError(.invalidFlatbuffer, "integer bit width \(bitWidth) is invalid")
        }
    }

    static func timeUnit(_ raw: Int16) throws(ArrowError) -> TimeUnit {
        switch raw {
        case 0: return .second
        case 1: return .millisecond
        case 2: return .microsecond
        case 3: return .nanosecond
        default: throw ArrowError(.invalidFlatbuffer, "time unit \(raw) is invalid")
        }
    }

    /// The most decimal digits a two's-complement integer of `bitWidth` bits always holds
    /// (decimal32: 9, decimal64: 18, decimal128: 38, decimal256: 76), as Arrow defines them.
    static func maximumDecimalDigits(bitWidth: Int) -> Int {
        switch bitWidth {
        case 32: 9
        case 64: 18
        case 128: 38
        default: 76
        }
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    static func type(tag: UInt8, table: FBTable?, children: [Field], fieldName: String) throws(ArrowError) -> ArrowType {
        func need(_ count: Int) throws(ArrowError) {
            guard children.count == count else {
                throw ArrowError(.invalidFlatbuffer, "field '\(fieldName)' needs \(count) children, has \(children.count)")
            }
        }
        // Tables of parameterless types may be omitted; parameterised ones read defaults then.
        func int32(_ id: Int, _ value: Int32) throws(ArrowError) -> Int32 {
            try table?.scalar(id, default: value) ?? value
        }
        func int16(_ id: Int, _ value: Int16) throws(ArrowError) -> Int16 {
            try table?.scalar(id, default: value) ?? value
        }
        switch tag {
        case 1: return .null
        case 2:
            guard let table else { throw ArrowError(.invalidFlatbuffer, "Int type without parameters") }
            return try integerType(table)
        case 3:
            switch try int16(0, 0) {
            case 0: return .float16
            case 1: return .float32
            case 2: return .float64
            case let other: throw ArrowError(.invalidFlatbuffer, "float precision \(other) is invalid")
            }
        case 4: return .binary
        case 5: return .utf8
        case 6: return .bool
        case 7:
            let bitWidth = Int(try int32(2, 128))
            guard [32, 64, 128, 256].contains(bitWidth) else {
                throw ArrowError(.invalidFlatbuffer, "decimal bit width \(bitWidth) is invalid")
            }
            // Both come from the peer: an unchecked scale of 2^31 would make every value's text
            // two billion zeros long (see `ArrowDecimal.description`).
            let maxDigits = Self.maximumDecimalDigits(bitWidth: bitWidth)
            let precision = Int(try int32(0, 0))
            guard (1...maxDigits).contains(precision) else {
                throw ArrowError(.invalidFlatbuffer, "decimal\(bitWidth) precision \(precision) is outside 1...\(maxDigits)")
            }
            // Arrow allows a negative scale (the value times a power of ten); a scale beyond the
            // width's digits in either direction describes no value any producer writes.
            let scale = Int(try int32(1, 0))
            guard (-maxDigits...maxDigits).contains(scale) else {
                throw ArrowError(.invalidFlatbuffer, "decimal\(bitWidth) scale \(scale) is outside -\(maxDigits)...\(maxDigits)")
            }
            return .decimal(bitWidth: bitWidth, precision: precision, scale: scale)
        case 8:
            switch try int16(0, 1) {
            case 0: return .date32
            case 1: return .date64
            case let other: throw ArrowError(.invalidFlatbuffer, "date unit \(other) is invalid")
            }
        case 9:
            let unit = try timeUnit(try int16(0, 1))
            let bitWidth = try int32(1, 32)
            switch (unit, bitWidth) {
            case (.second, 32), (.millisecond, 32): return .time32(unit)
            case (.microsecond, 64), (.nanosecond, 64): return .time64(unit)
            default: throw ArrowError(.invalidFlatbuffer, "time of \(bitWidth) bits in \(unit) is invalid")
            }
        case 10:
            // Arrow reads an empty zone as no zone: keeping `""` would make a naive timestamp
            // look zoned (and be printed as UTC).
            let zone = try table?.string(1)
            return .timestamp(try timeUnit(try int16(0, 0)), timeZone: zone?.isEmpty == true ? nil : zone)
        case 11:
            switch try int16(0, 0) {
            case 0: return .interval(.yearMonth)
            case 1: return .interval(.dayTime)
            case 2: return .interval(.monthDayNano)
            case let other: throw ArrowError(.invalidFlatbuffer, "interval unit \(other) is invalid")
            }
        case 12: try need(1); return .list(children[0])
        case 13: return .struct(children)
        case 14:
            let mode: UnionMode
            switch try int16(0, 0) {
            case 0: mode = .sparse
            case 1: mode = .dense
            case let other: throw ArrowError(.invalidFlatbuffer, "union mode \(other) is invalid")
            }
            var typeIDs: [Int32] = Array(0..<Int32(clamping: children.count))
            if let vector = try table?.vector(1, elementSize: 4) {
                guard vector.count == children.count else {
                    throw ArrowError(.invalidFlatbuffer, "union has \(vector.count) type ids for \(children.count) children")
                }
                typeIDs = []
                for index in 0..<vector.count {
                    let id = try vector.scalar(index, as: Int32.self)
                    guard (0..<128).contains(id), !typeIDs.contains(id) else {
                        throw ArrowError(.invalidFlatbuffer, "union type id \(id) is invalid or repeated")
                    }
                    typeIDs.append(id)
                }
            }
            guard children.count <= 128 else { throw ArrowError(.invalidFlatbuffer, "union has too many children") }
            return .union(mode, children: children, typeIDs: typeIDs)
        case 15:
            let width = try int32(0, 0)
            guard width >= 0 else { throw ArrowError(.invalidFlatbuffer, "fixed-size binary width \(width) is negative") }
            return .fixedSizeBinary(byteWidth: Int(width))
        case 16:
            try need(1)
            let size = try int32(0, 0)
            guard size >= 0 else { throw ArrowError(.invalidFlatbuffer, "fixed-size list size \(size) is negative") }
            return .fixedSizeList(children[0], listSize: Int(size))
        case 17:
            try need(1)
            guard case .struct(let entries) = children[0].type, entries.count == 2 else {
                throw ArrowError(.invalidFlatbuffer, "map '\(fieldName)' entries must be a struct of key and value")
            }
            return .map(entries: children[0], keysSorted: try table?.bool(0) ?? false)
        case 18: return .duration(try timeUnit(try int16(0, 1)))
        case 19: return .largeBinary
        case 20: return .largeUTF8
        case 21: try need(1); return .largeList(children[0])
        case 22:
            try need(2)
            guard [.int16, .int32, .int64].contains(children[0].type), children[0].dictionary == nil else {
                throw ArrowError(.invalidFlatbuffer, "run ends of '\(fieldName)' must be int16, int32 or int64")
            }
            return .runEndEncoded(runEnds: children[0], values: children[1])
        case 23: return .binaryView
        case 24: return .utf8View
        case 25: try need(1); return .listView(children[0])
        case 26: try need(1); return .largeListView(children[0])
        default:
            throw ArrowError(.unsupported, "type tag \(tag) of field '\(fieldName)' is not supported")
        }
    }
}
