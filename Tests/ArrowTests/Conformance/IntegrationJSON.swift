import Arrow
import Foundation
import TestSupport

/// A failure reading a gold file's JSON description (test-side only).
struct IntegrationJSONError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Arrow's integration-test JSON format: the schema, dictionaries and batches a gold file
/// must decode to.
struct IntegrationJSON {
    let schema: Schema
    /// `batches[b][c]`: the expected values of column `c` of batch `b`.
    let batches: [[[ArrowValue]]]
    /// The row count of each batch.
    let rowCounts: [Int]

    /// Reads a `.json.gz` by running `gzip -dc` (the package has no zlib dependency).
    static func load(gzipped url: URL) throws -> IntegrationJSON {
        let result = try ChildProcess.runBlocking("/bin/sh", ["-c", "exec gzip -dc \"$0\"", url.path])
        guard result.status == 0 else { throw IntegrationJSONError("gzip failed on \(url.path)") }
        return try IntegrationJSON(json: result.stdout)
    }

    init(json data: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let schemaJSON = root["schema"] as? [String: Any]
        else { throw IntegrationJSONError("no schema object") }
        let fieldsJSON = schemaJSON["fields"] as? [[String: Any]] ?? []
        let fields = try fieldsJSON.map(Self.field)
        schema = Schema(fields: fields, metadata: Self.metadata(schemaJSON["metadata"]))
        var values = ValueConverter(dictionaries: root["dictionaries"] as? [[String: Any]] ?? [], schema: schema)
        var batches: [[[ArrowValue]]] = []
        var rowCounts: [Int] = []
        for batch in root["batches"] as? [[String: Any]] ?? [] {
            let columns = batch["columns"] as? [[String: Any]] ?? []
            guard columns.count == fields.count else { throw IntegrationJSONError("column count mismatch") }
            batches.append(try zip(fields, columns).map { try values.values(of: $1, field: $0) })
            rowCounts.append(Self.int(batch["count"]) ?? -1)
        }
        self.batches = batches
        self.rowCounts = rowCounts
    }

    static func metadata(_ json: Any?) -> [KeyValue] {
        (json as? [[String: Any]] ?? []).map {
            KeyValue(key: $0["key"] as? String ?? "", value: $0["value"] as? String ?? "")
        }
    }

    static func int(_ json: Any?) -> Int? {
        if let text = json as? String { return Int(text) }
        return (json as? NSNumber)?.intValue
    }

    static func field(_ json: [String: Any]) throws -> Field {
        let children = try (json["children"] as? [[String: Any]] ?? []).map(field)
        guard let typeJSON = json["type"] as? [String: Any] else { throw IntegrationJSONError("field without type") }
        var dictionary: DictionaryEncoding?
        if let encoding = json["dictionary"] as? [String: Any] {
            let indexType = try (encoding["indexType"] as? [String: Any]).map { try type($0, children: []) } ?? .int32
            dictionary = DictionaryEncoding(
                id: Int64(int(encoding["id"]) ?? 0), indexType: indexType,
                isOrdered: (encoding["isOrdered"] as? NSNumber)?.boolValue ?? false)
        }
        return Field(
            name: json["name"] as? String ?? "", type: try type(typeJSON, children: children),
            isNullable: (json["nullable"] as? NSNumber)?.boolValue ?? true, dictionary: dictionary,
            metadata: metadata(json["metadata"]))
    }

    static func timeUnit(_ json: Any?) throws -> TimeUnit {
        switch json as? String {
        case "SECOND": .second
        case "MILLISECOND": .millisecond
        case "MICROSECOND": .microsecond
        case "NANOSECOND": .nanosecond
        default: throw IntegrationJSONError("bad time unit \(String(describing: json))")
        }
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    static func type(_ json: [String: Any], children: [Field]) throws -> ArrowType {
        let name = json["name"] as? String ?? ""
        func child(_ index: Int) throws -> Field {
            guard index < children.count else { throw IntegrationJSONError("\(name) lacks children") }
            return children[index]
        }
        switch name {
        case "null": return .null
        case "bool": return .bool
        case "int":
            let signed = (json["isSigned"] as? NSNumber)?.boolValue ?? true
            switch (int(json["bitWidth"]) ?? 0, signed) {
            case (8, true): return .int8
            case (16, true): return .int16
            case (32, true): return .int32
            case (64, true): return .int64
            case (8, false): return .uint8
            case (16, false): return .uint16
            case (32, false): return .uint32
            case (64, false): return .uint64
            default: throw IntegrationJSONError("bad int")
            }
        case "floatingpoint":
            switch json["precision"] as? String {
            case "HALF": return .float16
            case "SINGLE": return .float32
            default: return .float64
            }
        case "binary": return .binary
        case "largebinary": return .largeBinary
        case "binaryview": return .binaryView
        case "utf8": return .utf8
        case "largeutf8": return .largeUTF8
        case "utf8view": return .utf8View
        case "fixedsizebinary": return .fixedSizeBinary(byteWidth: int(json["byteWidth"]) ?? 0)
        case "decimal":
            return .decimal(
                bitWidth: int(json["bitWidth"]) ?? 128, precision: int(json["precision"]) ?? 0,
                scale: int(json["scale"]) ?? 0)
        case "date": return json["unit"] as? String == "DAY" ? .date32 : .date64
        case "time":
            let unit = try timeUnit(json["unit"])
            return (int(json["bitWidth"]) ?? 32) == 32 ? .time32(unit) : .time64(unit)
        case "timestamp": return .timestamp(try timeUnit(json["unit"]), timeZone: json["timezone"] as? String)
        case "duration": return .duration(try timeUnit(json["unit"]))
        case "interval":
            switch json["unit"] as? String {
            case "YEAR_MONTH": return .interval(.yearMonth)
            case "DAY_TIME": return .interval(.dayTime)
            default: return .interval(.monthDayNano)
            }
        case "list": return .list(try child(0))
        case "largelist": return .largeList(try child(0))
        case "listview": return .listView(try child(0))
        case "largelistview": return .largeListView(try child(0))
        case "fixedsizelist": return .fixedSizeList(try child(0), listSize: int(json["listSize"]) ?? 0)
        case "struct": return .struct(children)
        case "map": return .map(entries: try child(0), keysSorted: (json["keysSorted"] as? NSNumber)?.boolValue ?? false)
        case "union":
            var ids = (json["typeIds"] as? [Any] ?? []).map { Int32(int($0) ?? 0) }
            if json["typeIds"] == nil { ids = (0..<Int32(children.count)).map { $0 } }
            return .union(json["mode"] as? String == "DENSE" ? .dense : .sparse, children: children, typeIDs: ids)
        case "runendencoded": return .runEndEncoded(runEnds: try child(0), values: try child(1))
        default: throw IntegrationJSONError("unknown type \(name)")
        }
    }
}
