import Foundation
import Testing

@testable import Arrow

@Suite struct DictionaryWriterTests {
    static let colorField = Field(
        name: "color", type: .utf8, dictionary: DictionaryEncoding(id: 1, indexType: .int8, isOrdered: false))

    /// The dictionary id and delta flag of an encoded dictionary batch, or nil for another message.
    static func dictionaryInfo(_ message: ArrowIPCEncodedMessage) throws -> (id: Int64, isDelta: Bool, count: Int64)? {
        let decoded = try MessageDecoding.message(FlatBuffer(message.header), limits: .default)
        guard case .dictionaryBatch(let id, let isDelta, let data) = decoded.content else { return nil }
        return (id, isDelta, data.length)
    }

    @Test("a builder's growing dictionary is sent once, then as deltas")
    func deltas() throws {
        let schema = Schema(fields: [Self.colorField])
        var builder = try RecordBatchBuilder(schema: schema)
        for color in ["red", "green", "red"] { try builder.append(row: [.string(color)]) }
        let first = try builder.finish()
        for color in ["blue", "red", nil] as [String?] { try builder.append(row: [color.map { .string($0) } ?? .null]) }
        let second = try builder.finish()
        try builder.append(row: [.string("green")])
        let third = try builder.finish()

        var encoder = try ArrowIPCMessageEncoder(schema: schema)
        let firstMessages = try encoder.encode(first)
        #expect(firstMessages.map(\.kind) == [.dictionaryBatch, .recordBatch])
        let firstInfo = try Self.dictionaryInfo(firstMessages[0])
        #expect(firstInfo?.id == 1)
        #expect(firstInfo?.isDelta == false)
        #expect(firstInfo?.count == 2)
        let secondMessages = try encoder.encode(second)
        #expect(secondMessages.count == 2)
        let secondInfo = try Self.dictionaryInfo(secondMessages[0])
        #expect(secondInfo?.isDelta == true)
        #expect(secondInfo?.count == 1)
        // Nothing new in the third batch: no dictionary message at all.
        let thirdMessages = try encoder.encode(third)
        #expect(thirdMessages.count == 1)

        var decoder = ArrowIPCMessageDecoder()
        _ = try decoder.decode(header: encoder.encodeSchema().header, body: Data())
        var decoded: [[ArrowValue]] = []
        for message in firstMessages + secondMessages + thirdMessages {
            if case .recordBatch(let batch) = try decoder.decode(header: message.header, body: message.body) {
                decoded.append(batch.columns[0].values)
            }
        }
        #expect(decoded == [
            [.string("red"), .string("green"), .string("red")],
            [.string("blue"), .string("red"), .null],
            [.string("green")],
        ])
    }

    @Test("deltas are allowed in the file format and read back")
    func fileWithDeltas() throws {
        let schema = Schema(fields: [Self.colorField])
        var builder = try RecordBatchBuilder(schema: schema)
        try builder.append(row: [.string("a")])
        let first = try builder.finish()
        try builder.append(row: [.string("b")])
        try builder.append(row: [.string("a")])
        let second = try builder.finish()
        let (_, batches) = try WriterTestSupport.fileRoundTrip(schema, [first, second])
        #expect(batches.map { $0.columns[0].values } == [[.string("a")], [.string("b"), .string("a")]])
    }

    @Test("a different dictionary replaces the old one in a stream and is refused by the file writer")
    func replacement() throws {
        let schema = Schema(fields: [Self.colorField])
        let first = try RecordBatch(schema: schema, rows: [[.string("x")]])
        let second = try RecordBatch(schema: schema, rows: [[.string("y")], [.string("y")]])
        var encoder = try ArrowIPCMessageEncoder(schema: schema)
        _ = try encoder.encode(first)
        let messages = try encoder.encode(second)
        #expect(try Self.dictionaryInfo(messages[0])?.isDelta == false)
        let (_, batches) = try WriterTestSupport.streamRoundTrip(schema, [first, second])
        #expect(batches.map { $0.columns[0].values } == [[.string("x")], [.string("y"), .string("y")]])

        var file = try ArrowFileWriter(schema: schema)
        try file.write(first)
        #expect(throws: ArrowError.self) { try file.write(second) }
    }

    @Test("explicit dictionary batches, including deltas, feed the decoder")
    func explicitDictionaries() throws {
        let schema = Schema(fields: [Self.colorField])
        var encoder = try ArrowIPCMessageEncoder(schema: schema)
        var decoder = ArrowIPCMessageDecoder()
        _ = try decoder.decode(header: encoder.encodeSchema().header, body: Data())
        let values = try WriterTestSupport.array(.utf8, [.string("p"), .string("q")], name: "color")
        let delta = try WriterTestSupport.array(.utf8, [.string("r")], name: "color")
        for message in [
            try encoder.encodeDictionary(id: 1, values: values), try encoder.encodeDictionary(id: 1, values: delta, isDelta: true),
        ] {
            #expect(try decoder.decode(header: message.header, body: message.body) == nil)
        }
        var indices = try Int8Builder(name: "color")
        for index: Int8 in [2, 0, 1] { indices.append(index) }
        let raw = try indices.finish()
        let dictionary = try ArrowArray(concatenating: [values, delta], field: values.field)
        let column = try ArrowArray(
            field: Self.colorField, count: 3, nullCount: 0, buffers: raw.buffers, dictionary: dictionary)
        let batchMessage = try encoder.encodeRecordBatch(try RecordBatch(schema: schema, columns: [column]))
        guard case .recordBatch(let batch) = try decoder.decode(header: batchMessage.header, body: batchMessage.body) else {
            Issue.record("no batch")
            return
        }
        #expect(batch.columns[0].values == [.string("r"), .string("p"), .string("q")])
        #expect(throws: ArrowError.self) { try encoder.encodeDictionary(id: 99, values: values) }
    }

    @Test("nested dictionaries are sent inner first")
    func nestedDictionaries() throws {
        let inner = Field(name: "item", type: .utf8, dictionary: DictionaryEncoding(id: 2, indexType: .int16, isOrdered: false))
        let outer = Field(
            name: "lists", type: .list(inner), dictionary: DictionaryEncoding(id: 3, indexType: .int32, isOrdered: false))
        let schema = Schema(fields: [outer, Field(name: "plain", type: .list(inner))])
        let rows: [[ArrowValue]] = [
            [.list([.string("a"), .string("b")]), .list([.string("b")])],
            [.null, .list([.string("c"), .null])],
            [.list([.string("a"), .string("b")]), .null],
        ]
        let batch = try RecordBatch(schema: schema, rows: rows)
        var encoder = try ArrowIPCMessageEncoder(schema: schema)
        let messages = try encoder.encode(batch)
        let ids = try messages.compactMap { try Self.dictionaryInfo($0)?.id }
        #expect(ids.first == 2)
        #expect(ids.contains(3))
        let (_, batches) = try WriterTestSupport.streamRoundTrip(schema, [batch])
        #expect(batches.count == 1)
        #expect(batches.first?.columns[0].values == rows.map { $0[0] })
        #expect(batches.first?.columns[1].values == rows.map { $0[1] })
    }
}

extension DictionaryWriterTests {
    @Test("a dictionary extended by deltas can itself be written as a column")
    func chunkedColumn() throws {
        let schema = Schema(fields: [Self.colorField])
        var builder = try RecordBatchBuilder(schema: schema)
        try builder.append(row: [.string("a")])
        _ = try builder.finish()
        try builder.append(row: [.string("b")])
        try builder.append(row: [.null])
        let second = try builder.finish()
        let chunked = try #require(second.columns[0].dictionary)
        #expect(chunked.children.count == 2)  // two chunks: the delta is logical
        let column = try WriterTestSupport.batch(chunked)
        let decoded = try WriterTestSupport.messageRoundTrip(column)
        #expect(decoded.columns[0].values == [.string("a"), .string("b")])
    }
}

extension DictionaryWriterTests {
    @Test("after resetDictionary the next batch carries a fresh dictionary, sent as a replacement")
    func resetDictionary() throws {
        let schema = Schema(fields: [Self.colorField])
        var builder = try RecordBatchBuilder(schema: schema)
        try builder.append(row: [.string("old")])
        let first = try builder.finish()
        builder.columns[0].resetDictionary()
        try builder.append(row: [.string("new")])
        let second = try builder.finish()
        #expect(second.columns[0].dictionary?.count == 1)
        var encoder = try ArrowIPCMessageEncoder(schema: schema)
        _ = try encoder.encode(first)
        let messages = try encoder.encode(second)
        #expect(try Self.dictionaryInfo(messages[0])?.isDelta == false)
        let (_, batches) = try WriterTestSupport.streamRoundTrip(schema, [first, second])
        #expect(batches.map { $0.columns[0].values } == [[.string("old")], [.string("new")]])
    }
}
