import Foundation
import Synchronization
import Testing

@testable import Arrow

@Suite struct StreamFileWriterTests {
    static func sample(rows: Int = 100, seed: UInt64 = 1) throws -> RecordBatch {
        let schema = Schema(fields: [
            Field(name: "id", type: .int64, isNullable: false), Field(name: "name", type: .utf8),
            Field(name: "score", type: .float64),
        ])
        var builder = try RecordBatchBuilder(schema: schema)
        var state = seed
        for row in 0..<rows {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            try builder.columns[0].append(int64: Int64(row))
            try builder.columns[1].append(string: row % 7 == 3 ? nil : "name-\(state % 1000)")
            try builder.columns[2].append(double: row % 5 == 0 ? nil : Double(state % 10_000) / 7)
        }
        return try builder.finish()
    }

    @Test("a stream has the schema, the batches and an end-of-stream marker")
    func streamLayout() throws {
        let batch = try Self.sample()
        let data = try ArrowStreamWriter.encode(schema: batch.schema, batches: [batch, batch])
        #expect(Array(data.suffix(8)) == [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])
        #expect(data.count % 8 == 0)
        var reader = try ArrowStreamReader(data: data)
        let batches = try reader.readAll()
        #expect(batches.count == 2)
        #expect(WriterTestSupport.difference(batch, batches[1]) == nil)
    }

    @Test("the sink receives each encapsulated message as it is written")
    func sink() throws {
        let batch = try Self.sample()
        let chunks = Mutex<[Data]>([])
        var writer = try ArrowStreamWriter(schema: batch.schema) { data in chunks.withLock { $0.append(data) } }
        try writer.write(batch)
        #expect(chunks.withLock { $0.count } == 2)
        let returned = try writer.finish()
        #expect(returned.isEmpty)
        let all = chunks.withLock { $0 }
        #expect(all.count == 3)
        let joined = all.reduce(Data(), +)
        #expect(joined == (try ArrowStreamWriter.encode(schema: batch.schema, batches: [batch])))
        #expect(throws: (any Error).self) { try writer.write(batch) }
    }

    @Test("an error thrown by the sink reaches the caller")
    func sinkError() throws {
        struct Full: Error {}
        #expect(throws: Full.self) {
            _ = try ArrowStreamWriter(schema: Schema(fields: [])) { _ in throw Full() }
        }
    }

    @Test("a file has magic at both ends, a footer and random access to batches")
    func fileLayout() throws {
        let batches = [try Self.sample(rows: 10, seed: 1), try Self.sample(rows: 20, seed: 2), try Self.sample(rows: 0)]
        let data = try ArrowFileWriter.encode(schema: batches[0].schema, batches: batches)
        #expect(Array(data.prefix(8)) == Array("ARROW1".utf8) + [0, 0])
        #expect(Array(data.suffix(6)) == Array("ARROW1".utf8))
        let reader = try ArrowFileReader(data: data)
        #expect(reader.batchCount == 3)
        #expect(WriterTestSupport.difference(batches[1], try reader.recordBatch(at: 1)) == nil)
        #expect(try reader.recordBatch(at: 2).rowCount == 0)
        // The file also reads as a stream after the magic, which is how the format is defined.
        var stream = try ArrowStreamReader(data: data.subdata(in: 8..<data.count))
        #expect(try stream.readAll().count == 3)
    }

    @Test("a file without batches is still a valid file")
    func emptyFile() throws {
        let schema = Schema(fields: [Field(name: "a", type: .utf8)])
        let data = try ArrowFileWriter.encode(schema: schema, batches: [])
        let reader = try ArrowFileReader(data: data)
        #expect(reader.schema == schema)
        #expect(reader.batchCount == 0)
    }

    @Test("compressed bodies round-trip and shrink compressible data", arguments: ArrowIPCCompression.allCases)
    func compression(codec: ArrowIPCCompression) throws {
        var builder = try Int64Builder(name: "n")
        for index in 0..<10_000 { builder.append(Int64(index % 4)) }
        let compressible = try builder.finish()
        var random = try BinaryBuilder(name: "r")
        var state: UInt64 = 42
        for _ in 0..<10_000 {
            var bytes = Data(count: 8)
            state = state &* 6_364_136_223_846_793_005 &+ 1
            bytes.withUnsafeMutableBytes { $0.storeBytes(of: state, as: UInt64.self) }
            try random.append(bytes)
        }
        let incompressible = try random.finish()
        let batch = try RecordBatch(
            schema: Schema(fields: [compressible.field, incompressible.field]), columns: [compressible, incompressible])
        let plain = try ArrowIPCMessageEncoder(schema: batch.schema).encodeRecordBatch(batch)
        let packed = try ArrowIPCMessageEncoder(schema: batch.schema, options: .init(compression: codec)).encodeRecordBatch(batch)
        #expect(packed.body.count < plain.body.count)
        let message = try MessageDecoding.message(FlatBuffer(packed.header), limits: .default)
        guard case .recordBatch(let header) = message.content else {
            Issue.record("not a batch")
            return
        }
        #expect(header.compression != nil)
        // The random data buffer did not shrink, so it is stored raw behind a -1 prefix.
        let dataBuffer = header.buffers[4]
        let prefix = packed.body.subdata(in: Int(dataBuffer.offset)..<Int(dataBuffer.offset + 8))
            .withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
        #expect(prefix == -1)
        let decoded = try WriterTestSupport.messageRoundTrip(batch, options: .init(compression: codec))
        #expect(WriterTestSupport.difference(batch, decoded) == nil)
    }

    @Test("writing after finish fails and finishing twice returns the same file")
    func finishTwice() throws {
        let batch = try Self.sample(rows: 3)
        var writer = try ArrowFileWriter(schema: batch.schema)
        try writer.write(batch)
        let first = try writer.finish()
        #expect(try writer.finish() == first)
        #expect(throws: ArrowError.self) { try writer.write(batch) }
    }
}
