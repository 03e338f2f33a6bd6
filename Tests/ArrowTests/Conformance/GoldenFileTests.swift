import Arrow
import Foundation
import Testing
import TestSupport

/// The Arrow gold files: each `.stream` and `.arrow_file` must decode to exactly what its
/// `.json.gz` describes.
@Suite struct GoldenFileTests {
    static var goldenRoot: URL { TestEnvironment.sharedTestData.appendingPathComponent("arrow-golden") }

    /// `"<version>/<name>.<ext>"` for every gold file.
    static let files: [String] = {
        let manager = FileManager.default
        guard let versions = try? manager.contentsOfDirectory(atPath: goldenRoot.path) else { return [] }
        var result: [String] = []
        for version in versions.sorted() {
            let folder = goldenRoot.appendingPathComponent(version)
            guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else { continue }
            for name in names.sorted() where name.hasSuffix(".stream") || name.hasSuffix(".arrow_file") {
                result.append("\(version)/\(name)")
            }
        }
        return result
    }()

    @Test("the gold files are present")
    func present() {
        #expect(Self.files.count > 100, "found \(Self.files.count) gold files under \(Self.goldenRoot.path)")
    }

    @Test("gold file decodes to its JSON", arguments: files)
    func decodes(_ file: String) throws {
        let url = Self.goldenRoot.appendingPathComponent(file)
        let jsonURL = url.deletingPathExtension().appendingPathExtension("json.gz")
        let expected = try IntegrationJSON.load(gzipped: jsonURL)
        let data = try Data(contentsOf: url)
        let (schema, batches) = try ArrowIPC.read(data)
        try Self.compare(schema: schema, expected: expected.schema, file: file)
        #expect(batches.count == expected.batches.count, "\(file): \(batches.count) batches, expected \(expected.batches.count)")
        for (batchIndex, (batch, expectedColumns)) in zip(batches, expected.batches).enumerated() {
            #expect(batch.rowCount == expected.rowCounts[batchIndex], "\(file) batch \(batchIndex): row count")
            for (column, (array, values)) in zip(batch.columns, expectedColumns).enumerated() {
                let where_ = "\(file) batch \(batchIndex) column \(column) '\(array.field.name)'"
                #expect(array.count == values.count, "\(where_): \(array.count) rows, expected \(values.count)")
                var failures = 0
                for (row, value) in values.enumerated() where failures < 5 {
                    let actual = array.value(at: row)
                    if !ValueMatching.matches(actual, value) {
                        failures += 1
                        Issue.record("\(where_) row \(row): got \(actual), expected \(value)")
                    } else if let problem = ValueMatching.typedDisagreement(array, row: row, value: value) {
                        failures += 1
                        Issue.record("\(where_) row \(row): \(problem) for \(value)")
                    }
                }
            }
        }
        // The same bytes through the explicit reader for their format.
        if file.hasSuffix(".stream") {
            var reader = try ArrowStreamReader(data: data)
            #expect(try reader.readAll().count == expected.batches.count)
        } else {
            let reader = try ArrowFileReader(data: data)
            #expect(reader.batchCount == expected.batches.count)
        }
    }

    static func compare(schema: Schema, expected: Schema, file: String) throws {
        #expect(sorted(schema.metadata) == sorted(expected.metadata), "\(file): schema metadata")
        #expect(schema.fields.count == expected.fields.count, "\(file): field count")
        let canonicalMaps = file.hasSuffix(".stream")
        for (actual, wanted) in zip(schema.fields, expected.fields) {
            let actual = normalized(actual, canonicalMaps: canonicalMaps)
            let wanted = normalized(wanted, canonicalMaps: canonicalMaps)
            #expect(actual == wanted, "\(file): field '\(wanted.name)' decoded as \(actual), expected \(wanted)")
        }
        if file.contains("bigendian") {
            #expect(schema.endianness == .big, "\(file): endianness")
        }
    }

    static func sorted(_ metadata: [KeyValue]) -> [KeyValue] {
        metadata.sorted { ($0.key, $0.value) < ($1.key, $1.value) }
    }

    /// Removes differences the gold files themselves have between JSON and IPC: the C++
    /// writer renumbers dictionary ids, orders metadata differently than the JSON lists it,
    /// and (in `.stream` files only) writes map entries with the canonical names.
    static func normalized(_ field: Field, canonicalMaps: Bool) -> Field {
        var field = field
        field.metadata = sorted(field.metadata)
        if let encoding = field.dictionary {
            field.dictionary = DictionaryEncoding(id: 0, indexType: encoding.indexType, isOrdered: encoding.isOrdered)
        }
        func map(_ children: [Field]) -> [Field] { children.map { normalized($0, canonicalMaps: canonicalMaps) } }
        switch field.type {
        case .list(let child): field.type = .list(map([child])[0])
        case .largeList(let child): field.type = .largeList(map([child])[0])
        case .listView(let child): field.type = .listView(map([child])[0])
        case .largeListView(let child): field.type = .largeListView(map([child])[0])
        case .fixedSizeList(let child, let size): field.type = .fixedSizeList(map([child])[0], listSize: size)
        case .struct(let children): field.type = .struct(map(children))
        case .union(let mode, let children, let ids): field.type = .union(mode, children: map(children), typeIDs: ids)
        case .runEndEncoded(let ends, let values):
            let children = map([ends, values])
            field.type = .runEndEncoded(runEnds: children[0], values: children[1])
        case .map(var entries, let sorted):
            entries = normalized(entries, canonicalMaps: canonicalMaps)
            if canonicalMaps, case .struct(var pair) = entries.type, pair.count == 2 {
                entries.name = "entries"
                pair[0].name = "key"
                pair[1].name = "value"
                entries.type = .struct(pair)
            }
            field.type = .map(entries: entries, keysSorted: sorted)
        default: break
        }
        return field
    }
}
