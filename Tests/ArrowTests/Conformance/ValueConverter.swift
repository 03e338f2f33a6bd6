@testable import Arrow  // ArrowType.childFields, the reader's own walk over nested fields
import Foundation

/// Converts integration-JSON columns into the ``ArrowValue``s they describe (test-only).
struct ValueConverter {
    private let dictionariesJSON: [Int64: [String: Any]]
    private let dictionaryFields: [Int64: Field]
    private var dictionaryValues: [Int64: [ArrowValue]] = [:]

    init(dictionaries: [[String: Any]], schema: Schema) {
        var json: [Int64: [String: Any]] = [:]
        for entry in dictionaries {
            if let id = IntegrationJSON.int(entry["id"]), let data = entry["data"] as? [String: Any],
                let column = (data["columns"] as? [[String: Any]])?.first
            {
                json[Int64(id)] = column
            }
        }
        var fields: [Int64: Field] = [:]
        func collect(_ field: Field) {
            if let encoding = field.dictionary, fields[encoding.id] == nil {
                var values = field
                values.dictionary = nil
                fields[encoding.id] = values
            }
            for child in field.type.childFields { collect(child) }
        }
        schema.fields.forEach(collect)
        dictionariesJSON = json
        dictionaryFields = fields
    }

    private mutating func dictionary(_ id: Int64) throws -> [ArrowValue] {
        if let values = dictionaryValues[id] { return values }
        guard let json = dictionariesJSON[id], let field = dictionaryFields[id] else {
            throw IntegrationJSONError("dictionary \(id) missing in JSON")
        }
        let values = try self.values(of: json, field: field)
        dictionaryValues[id] = values
        return values
    }

    /// The values of one column.
    mutating func values(of column: [String: Any], field: Field) throws -> [ArrowValue] {
        let count = IntegrationJSON.int(column["count"]) ?? 0
        let validity = (column["VALIDITY"] as? [Any])?.map { IntegrationJSON.int($0) == 1 }
        func valid(_ row: Int) -> Bool { validity.map { row < $0.count && $0[row] } ?? true }
        if let encoding = field.dictionary {
            let dictionary = try self.dictionary(encoding.id)
            let data = column["DATA"] as? [Any] ?? []
            return try (0..<count).map { row in
                guard valid(row) else { return .null }
                guard let index = IntegrationJSON.int(data[row]), index >= 0, index < dictionary.count else {
                    throw IntegrationJSONError("bad dictionary index")
                }
                return dictionary[index]
            }
        }
        let childrenJSON = column["children"] as? [[String: Any]] ?? []
        let childFields = field.type.childFields
        var children: [[ArrowValue]] = []
        for (child, json) in zip(childFields, childrenJSON) { children.append(try values(of: json, field: child)) }
        let offsets = (column["OFFSET"] as? [Any] ?? []).map { IntegrationJSON.int($0) ?? 0 }
        let sizes = (column["SIZE"] as? [Any] ?? []).map { IntegrationJSON.int($0) ?? 0 }
        switch field.type {
        case .null:
            return Array(repeating: .null, count: count)
        case .list, .largeList, .listView, .largeListView, .fixedSizeList:
            return (0..<count).map { row in
                guard valid(row) else { return .null }
                let range: Range<Int>
                switch field.type {
                case .listView, .largeListView: range = offsets[row]..<(offsets[row] + sizes[row])
                case .fixedSizeList(_, let size): range = (row * size)..<(row * size + size)
                default: range = offsets[row]..<offsets[row + 1]
                }
                return .list(Array(children[0][range]))
            }
        case .struct(let fields):
            return (0..<count).map { row in
                guard valid(row) else { return .null }
                return .struct(zip(fields, children).map { .init(name: $0.name, value: $1[row]) })
            }
        case .map:
            return try (0..<count).map { row in
                guard valid(row) else { return .null }
                return .map(try (offsets[row]..<offsets[row + 1]).map { entry in
                    guard case .struct(let pair) = children[0][entry], pair.count == 2 else {
                        throw IntegrationJSONError("map entry is not a key/value struct")
                    }
                    return .init(key: pair[0].value, value: pair[1].value)
                })
            }
        case .union(let mode, _, let typeIDs):
            let types = (column["TYPE_ID"] as? [Any] ?? []).map { Int32(IntegrationJSON.int($0) ?? -1) }
            return try (0..<count).map { row in
                guard let child = typeIDs.firstIndex(of: types[row]) else { throw IntegrationJSONError("bad type id") }
                return children[child][mode == .dense ? offsets[row] : row]
            }
        case .runEndEncoded:
            let ends = children[0].map { value -> Int in
                if case .int(let end) = value { return Int(end) }
                return 0
            }
            return (0..<count).map { row in
                let run = ends.firstIndex { $0 > row } ?? 0
                return children[1][run]
            }
        case .utf8View, .binaryView:
            let views = column["VIEWS"] as? [[String: Any]] ?? []
            let buffers = (column["VARIADIC_DATA_BUFFERS"] as? [String] ?? []).map(Self.hex)
            let isText = field.type == .utf8View
            return try (0..<count).map { row in
                guard valid(row) else { return .null }
                let view = views[row]
                let size = IntegrationJSON.int(view["SIZE"]) ?? 0
                if let inlined = view["INLINED"] as? String {
                    return isText ? .string(inlined) : .binary(Self.hex(inlined))
                }
                guard let index = IntegrationJSON.int(view["BUFFER_INDEX"]),
                    let start = IntegrationJSON.int(view["OFFSET"]), index < buffers.count,
                    start + size <= buffers[index].count
                else { throw IntegrationJSONError("bad view") }
                let bytes = buffers[index].subdata(in: start..<(start + size))
                return isText ? .string(String(decoding: bytes, as: UTF8.self)) : .binary(bytes)
            }
        default:
            let data = column["DATA"] as? [Any] ?? []
            return try (0..<count).map { row in
                guard valid(row) else { return .null }
                return try Self.scalar(data[row], type: field.type)
            }
        }
    }

    // swiftlint:disable:next cyclomatic_complexity
    static func scalar(_ json: Any, type: ArrowType) throws -> ArrowValue {
        func int64() throws -> Int64 {
            if let text = json as? String, let value = Int64(text) { return value }
            if let number = json as? NSNumber { return number.int64Value }
            throw IntegrationJSONError("not an integer: \(json)")
        }
        func object(_ key: String) throws -> Int64 {
            guard let dict = json as? [String: Any], let value = dict[key] else {
                throw IntegrationJSONError("interval lacks \(key)")
            }
            if let text = value as? String, let number = Int64(text) { return number }
            return (value as? NSNumber)?.int64Value ?? 0
        }
        switch type {
        case .bool: return .bool((json as? NSNumber)?.boolValue ?? false)
        case .int8, .int16, .int32, .int64: return .int(try int64())
        case .uint8, .uint16, .uint32, .uint64:
            if let text = json as? String, let value = UInt64(text) { return .uint(value) }
            return .uint((json as? NSNumber)?.uint64Value ?? 0)
        case .float16: return .float16(Float((json as? NSNumber)?.doubleValue ?? .nan))
        case .float32: return .float32(Float((json as? NSNumber)?.doubleValue ?? .nan))
        case .float64: return .float64((json as? NSNumber)?.doubleValue ?? .nan)
        case .decimal(_, let precision, let scale):
            guard let text = json as? String, let words = decimalWords(text) else {
                throw IntegrationJSONError("bad decimal \(json)")
            }
            return .decimal(ArrowDecimal(words: words, precision: precision, scale: scale))
        case .utf8, .largeUTF8: return .string(json as? String ?? "")
        case .binary, .largeBinary, .fixedSizeBinary: return .binary(hex(json as? String ?? ""))
        case .date32: return .date32(Int32(try int64()))
        case .date64: return .date64(try int64())
        case .time32(let unit), .time64(let unit): return .time(try int64(), unit)
        case .timestamp(let unit, let zone): return .timestamp(try int64(), unit, timeZone: zone)
        case .duration(let unit): return .duration(try int64(), unit)
        case .interval(.yearMonth): return .intervalYearMonth(months: Int32(try int64()))
        case .interval(.dayTime):
            return .intervalDayTime(days: Int32(try object("days")), milliseconds: Int32(try object("milliseconds")))
        case .interval(.monthDayNano):
            return .intervalMonthDayNano(
                months: Int32(try object("months")), days: Int32(try object("days")),
                nanoseconds: try object("nanoseconds"))
        default: throw IntegrationJSONError("no scalar conversion for \(type)")
        }
    }

    static func hex(_ text: String) -> Data {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        func nibble(_ byte: UInt8) -> UInt8 {
            switch byte {
            case 48...57: byte - 48
            case 65...70: byte - 55
            case 97...102: byte - 87
            default: 0
            }
        }
        while let high = iterator.next(), let low = iterator.next() { bytes.append(nibble(high) << 4 | nibble(low)) }
        return Data(bytes)
    }

    /// A decimal integer string as four little-endian words of 256-bit two's complement.
    static func decimalWords(_ text: String) -> [UInt64]? {
        let negative = text.hasPrefix("-")
        var words = [UInt64](repeating: 0, count: 4)
        for character in text.utf8.dropFirst(negative ? 1 : 0) {
            guard (48...57).contains(character) else { return nil }
            var carry = UInt64(character - 48)
            for index in words.indices {
                let product = words[index].multipliedFullWidth(by: 10)
                let (low, overflow) = product.low.addingReportingOverflow(carry)
                words[index] = low
                carry = product.high + (overflow ? 1 : 0)
            }
        }
        if negative {
            words = words.map { ~$0 }
            var carry: UInt64 = 1
            for index in words.indices {
                let (sum, overflow) = words[index].addingReportingOverflow(carry)
                words[index] = sum
                carry = overflow ? 1 : 0
            }
        }
        return words
    }
}
