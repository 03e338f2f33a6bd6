import Arrow
import Foundation
import Testing
import TestSupport

@Suite struct ArrowReaderTests {
    typealias M = TestMessages

    static let field = M.field("n", typeTag: 2, type: M.intType(16))

    static func batch(_ values: [Int16]) -> (Data, Data) {
        let body = M.Body([Data(), M.bytes(values)])
        return (M.recordBatch(length: values.count, nodes: [(values.count, 0)], body: body), body.data)
    }

    static func stream(legacy: Bool, endMarker: Bool) -> Data {
        var data = M.framed(M.schema([field]), body: Data(), legacy: legacy)
        for values in [[Int16(1), 2], [3]] {
            let (header, body) = batch(values)
            data += M.framed(header, body: body, legacy: legacy)
        }
        if endMarker { data += legacy ? Data(count: 4) : M.bytes([UInt32(0xFFFF_FFFF), 0]) }
        return data
    }

    @Test("streams with and without continuation markers and end-of-stream marker",
          arguments: [(false, true), (false, false), (true, true), (true, false)])
    func streams(legacy: Bool, endMarker: Bool) throws {
        let data = Self.stream(legacy: legacy, endMarker: endMarker)
        var reader = try ArrowStreamReader(data: data)
        #expect(reader.schema.fields == [Field(name: "n", type: .int16)])
        let batches = try reader.readAll()
        #expect(batches.map { $0.columns[0].values } == [[.int(1), .int(2)], [.int(3)]])
        #expect(try ArrowIPC.read(data).batches.count == 2)
    }

    @Test("data after the end-of-stream marker is not read")
    func afterEnd() throws {
        var data = Self.stream(legacy: false, endMarker: true)
        data += Data(repeating: 0xEE, count: 7)
        var reader = try ArrowStreamReader(data: data)
        #expect(try reader.readAll().count == 2)
    }

    @Test("every truncation of a stream gives batches or an error")
    func truncations() {
        let data = Self.stream(legacy: false, endMarker: true)
        var errors = 0
        for length in 0..<data.count {
            do {
                var reader = try ArrowStreamReader(data: data.prefix(length))
                _ = try reader.readAll()
            } catch {
                errors += 1
            }
        }
        #expect(errors > 0)
        #expect(errors < data.count, "clean message boundaries still read")
    }

    @Test("a schema alone decodes from framed, legacy-framed and bare messages")
    func schemaFromMessage() throws {
        let header = M.schema([Self.field])
        let expected = Schema(fields: [Field(name: "n", type: .int16)])
        #expect(try ArrowIPC.schema(fromMessage: M.framed(header, body: Data())) == expected)
        #expect(try ArrowIPC.schema(fromMessage: M.framed(header, body: Data(), legacy: true)) == expected)
        #expect(try ArrowIPC.schema(fromMessage: header) == expected)
        let (batch, _) = Self.batch([1])
        #expect(throws: ArrowError.self) { try ArrowIPC.schema(fromMessage: batch) }
        #expect(throws: ArrowError.self) { try ArrowIPC.schema(fromMessage: Data([1, 2, 3])) }
    }

    @Test("a stream that does not start with a schema is rejected")
    func noSchema() {
        let (header, body) = Self.batch([1])
        #expect(throws: ArrowError.self) { try ArrowStreamReader(data: M.framed(header, body: body)) }
        #expect(throws: ArrowError.self) { try ArrowStreamReader(data: Data()) }
    }

    static var goldFile: URL {
        TestEnvironment.sharedTestData.appendingPathComponent("arrow-golden/cpp-21.0.0/generated_dictionary.arrow_file")
    }

    @Test("the file reader reads footer, dictionaries and batches by index")
    func fileReader() throws {
        let data = try Data(contentsOf: Self.goldFile)
        let reader = try ArrowFileReader(data: data)
        #expect(reader.batchCount > 0)
        let first = try reader.recordBatch(at: 0)
        #expect(first.columns.count == reader.schema.fields.count)
        #expect(first.columns[0].field.dictionary != nil)
        #expect(throws: ArrowError.self) { try reader.recordBatch(at: reader.batchCount) }
        #expect(throws: ArrowError.self) { try reader.recordBatch(at: -1) }
    }

    @Test("files with broken magic, footer length or truncation are rejected")
    func brokenFiles() throws {
        let data = try Data(contentsOf: Self.goldFile)
        var badMagic = data
        badMagic[data.count - 1] = 0
        #expect(throws: ArrowError.self) { try ArrowFileReader(data: badMagic) }
        var badFooter = data
        badFooter.replaceSubrange((data.count - 10)..<(data.count - 6), with: M.bytes([Int32.max]))
        #expect(throws: ArrowError.self) { try ArrowFileReader(data: badFooter) }
        #expect(throws: ArrowError.self) { try ArrowFileReader(data: data.prefix(data.count / 2)) }
    }

    /// xorshift64*: deterministic mutations, reproducible from the seed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
    }

    @Test("random byte mutations of gold files give data or an ArrowError",
          arguments: ["generated_nested", "generated_union", "generated_dictionary", "generated_binary_view",
                      "generated_run_end_encoded", "generated_list_view", "generated_map",
                      "../2.0.0-compression/generated_lz4", "../2.0.0-compression/generated_zstd",
                      "../1.0.0-bigendian/generated_nested", "../0.14.1/generated_nested"])
    func mutations(name: String) throws {
        let folder = TestEnvironment.sharedTestData.appendingPathComponent("arrow-golden/cpp-21.0.0")
        // ARROW_FUZZ_ITERATIONS raises the count for a longer local soak.
        let iterations = TestEnvironment.value("ARROW_FUZZ_ITERATIONS").flatMap { Int($0) } ?? 300
        let seed = TestEnvironment.value("ARROW_FUZZ_SEED").flatMap { UInt64($0) } ?? 0x9E37_79B9_7F4A_7C15
        var random = Random(state: seed ^ UInt64(name.utf8.count))
        var decoded = 0
        var failed = 0
        for ext in ["stream", "arrow_file"] {
            let original = try Data(contentsOf: folder.appendingPathComponent("\(name).\(ext)"))
            for _ in 0..<iterations {
                var data = original
                for _ in 0..<(1 + Int(random.next() % 4)) {
                    let index = Int(random.next() % UInt64(data.count))
                    data[index] = UInt8(truncatingIfNeeded: random.next())
                }
                do {
                    let (_, batches) = try ArrowIPC.read(data)
                    for batch in batches {
                        for column in batch.columns {
                            for row in 0..<min(column.count, 1_000) { _ = column.value(at: row) }
                        }
                    }
                    decoded += 1
                } catch {
                    failed += 1
                }
            }
        }
        #expect(decoded + failed == 2 * iterations)
    }
}
