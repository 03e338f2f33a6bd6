import Foundation
import Testing

@testable import Arrow

@Suite struct MessageEncoderTests {
    /// A slice of `array` sharing its buffers (the way a reader or a producer slices).
    static func slice(_ array: ArrowArray, offset: Int, count: Int) throws -> ArrowArray {
        var nulls = 0
        if array.validity != nil {
            for index in 0..<count where !array.bitmapValid(array.offset + offset + index) { nulls += 1 }
        }
        return try ArrowArray(
            field: array.field, count: count, nullCount: nulls, offset: array.offset + offset,
            buffers: array.buffers, children: array.children, dictionary: array.dictionary)
    }

    @Test("every type round-trips through the message encoder and decoder, with nulls")
    func everyType() throws {
        for (name, type, values) in TypeSamples.all() {
            let array = try WriterTestSupport.array(type, values, name: name)
            #expect(array.values == values, "\(name) built")
            let decoded = try WriterTestSupport.messageRoundTrip(try WriterTestSupport.batch(array))
            #expect(decoded.schema.fields == [array.field], "\(name) schema")
            #expect(decoded.columns[0].values == values, "\(name) values")
            #expect(decoded.columns[0].nullCount == array.nullCount, "\(name) null count")
        }
    }

    @Test("slices with a nonzero offset are written as their own values")
    func slices() throws {
        for (name, type, values) in TypeSamples.all() {
            let array = try WriterTestSupport.array(type, values, name: name)
            for (offset, count) in [(1, values.count - 1), (1, 2), (values.count - 1, 1), (2, 0), (3, values.count - 3)]
            where count >= 0 && offset + count <= values.count {
                let sliced = try Self.slice(array, offset: offset, count: count)
                let expected = Array(values[offset..<(offset + count)])
                #expect(sliced.values == expected, "\(name) slice read")
                let decoded = try WriterTestSupport.messageRoundTrip(try WriterTestSupport.batch(sliced))
                #expect(decoded.columns[0].values == expected, "\(name) slice \(offset)+\(count)")
                #expect(decoded.columns[0].offset == 0)
            }
        }
    }

    @Test("slices of slices in nested children are re-based")
    func nestedSlices() throws {
        let child = try WriterTestSupport.array(.int32, (0..<20).map { $0 % 5 == 0 ? .null : .int(Int64($0)) })
        let childSlice = try Self.slice(child, offset: 3, count: 12)
        let offsets = ArrowBuffer(Data([0, 2, 5, 5, 9, 12].flatMap { withUnsafeBytes(of: Int32($0).littleEndian, Array.init) }))
        let list = try ArrowArray(
            field: Field(name: "l", type: .list(Field(name: "c", type: .int32))), count: 5, nullCount: 0,
            buffers: [.empty, offsets], children: [childSlice])
        let sliced = try Self.slice(list, offset: 2, count: 3)
        let decoded = try WriterTestSupport.messageRoundTrip(try WriterTestSupport.batch(sliced))
        #expect(decoded.columns[0].values == sliced.values)
        #expect(decoded.columns[0].values == [.list([]), .list([.int(8), .int(9), .null, .int(11)]), .list([.int(12), .int(13), .int(14)])])
    }

    @Test("body buffers are 8-byte aligned, inside the body, and bodyLength is the body size")
    func bodyLayout() throws {
        let array = try WriterTestSupport.array(.utf8, TypeSamples.utf8Strings)
        var encoder = try ArrowIPCMessageEncoder(schema: Schema(fields: [array.field]))
        let messages = try encoder.encode(try WriterTestSupport.batch(array))
        #expect(messages.count == 1)
        let message = try MessageDecoding.message(FlatBuffer(messages[0].header), limits: .default)
        #expect(message.version == 4)
        #expect(message.bodyLength == Int64(messages[0].body.count))
        guard case .recordBatch(let header) = message.content else {
            Issue.record("not a record batch")
            return
        }
        #expect(header.length == Int64(TypeSamples.utf8Strings.count))
        #expect(header.nodes.count == 1)
        #expect(header.nodes[0].nullCount == 2)
        #expect(header.buffers.count == 3)
        for buffer in header.buffers {
            #expect(buffer.offset % 8 == 0)
            #expect(buffer.offset + buffer.length <= message.bodyLength)
        }
        // The offsets buffer holds count + 1 int32s.
        #expect(header.buffers[1].length == Int64(4 * (TypeSamples.utf8Strings.count + 1)))
    }

    @Test("a column without nulls is written without a validity bitmap")
    func noValidityWhenNoNulls() throws {
        var builder = try Int64Builder()
        for value in 0..<10 { builder.append(Int64(value)) }
        let array = try builder.finish()
        var encoder = try ArrowIPCMessageEncoder(schema: Schema(fields: [array.field]))
        let message = try MessageDecoding.message(FlatBuffer(try encoder.encode(try WriterTestSupport.batch(array))[0].header), limits: .default)
        guard case .recordBatch(let header) = message.content else {
            Issue.record("not a record batch")
            return
        }
        #expect(header.buffers[0].length == 0)
        #expect(header.buffers[1].length == 80)
    }

    @Test("the schema message keeps every type, dictionary ids and all metadata")
    func schemaMessage() throws {
        var fields = TypeSamples.all().map { Field(name: $0.0, type: $0.1) }
        fields.append(Field(
            name: "ext", type: .fixedSizeBinary(byteWidth: 16), isNullable: false,
            metadata: [KeyValue(key: "ARROW:extension:name", value: "arrow.uuid"), KeyValue(key: "ARROW:extension:metadata", value: "")]))
        fields.append(Field(name: "dict", type: .utf8, dictionary: DictionaryEncoding(id: 3, indexType: .uint16, isOrdered: true),
                            metadata: [KeyValue(key: "k", value: "v"), KeyValue(key: "k", value: "again")]))
        fields.append(Field(name: "nestedDict", type: .list(Field(
            name: "item", type: .utf8, dictionary: DictionaryEncoding(id: 4, indexType: .int8, isOrdered: false)))))
        let schema = Schema(fields: fields, metadata: [KeyValue(key: "schema-key", value: "välue")])
        let encoder = try ArrowIPCMessageEncoder(schema: schema)
        var decoder = ArrowIPCMessageDecoder()
        let message = encoder.encodeSchema()
        #expect(message.body.isEmpty)
        guard case .schema(let decoded) = try decoder.decode(header: message.header, body: message.body) else {
            Issue.record("not a schema")
            return
        }
        #expect(decoded == schema)
        #expect(decoded.fields.first { $0.name == "ext" }?.extensionName == "arrow.uuid")
    }

    @Test("the encapsulated schema is one framed message a stream reader accepts")
    func encapsulatedSchema() throws {
        let schema = Schema(fields: [Field(name: "a", type: .int32)], metadata: [KeyValue(key: "x", value: "y")])
        let data = ArrowIPCMessageEncoder.encapsulatedSchema(schema)
        #expect(Array(data.prefix(4)) == [0xFF, 0xFF, 0xFF, 0xFF])
        let length = data.dropFirst(4).prefix(4).withUnsafeBytes { Int($0.loadUnaligned(as: Int32.self).littleEndian) }
        #expect(length % 8 == 0)
        #expect(data.count == 8 + length)
        let reader = try ArrowStreamReader(data: data)
        #expect(reader.schema == schema)
    }

    @Test("a batch whose columns do not match the schema is rejected")
    func mismatchedBatch() throws {
        let array = try WriterTestSupport.array(.int32, [.int(1)])
        let batch = try WriterTestSupport.batch(array)
        var encoder = try ArrowIPCMessageEncoder(schema: Schema(fields: [Field(name: "c", type: .int64)]))
        #expect(throws: ArrowError.self) { try encoder.encode(batch) }
    }

    @Test("custom batch metadata travels in the message")
    func batchMetadata() throws {
        let array = try WriterTestSupport.array(.int32, [.int(1)])
        let batch = try RecordBatch(
            schema: Schema(fields: [array.field]), rowCount: 1, columns: [array], metadata: [KeyValue(key: "m", value: "1")])
        let decoded = try WriterTestSupport.messageRoundTrip(batch)
        #expect(decoded.metadata == [KeyValue(key: "m", value: "1")])
    }
}

extension MessageEncoderTests {
    @Test("a schema using one dictionary id for two value types is rejected")
    func conflictingDictionaryIDs() {
        let schema = Schema(fields: [
            Field(name: "a", type: .utf8, dictionary: DictionaryEncoding(id: 1, indexType: .int32, isOrdered: false)),
            Field(name: "b", type: .int64, dictionary: DictionaryEncoding(id: 1, indexType: .int32, isOrdered: false)),
        ])
        #expect(throws: ArrowError.self) { try ArrowIPCMessageEncoder(schema: schema) }
        #expect(throws: ArrowError.self) { try ArrowFileWriter(schema: schema) }
    }

    @Test("big-endian input is written as little-endian data with a little-endian schema")
    func bigEndianSchemaWrittenLittle() throws {
        let array = try WriterTestSupport.array(.int32, [.int(1), .int(-2)])
        let schema = Schema(fields: [array.field], endianness: .big)
        let batch = try RecordBatch(schema: schema, columns: [array])
        let (readSchema, batches) = try WriterTestSupport.streamRoundTrip(schema, [batch])
        #expect(readSchema.endianness == .little)
        #expect(batches.first?.columns[0].values == [.int(1), .int(-2)])
    }
}

extension MessageEncoderTests {
    @Test("empty arrays of every type round-trip")
    func emptyArrays() throws {
        for (name, type, _) in TypeSamples.all() {
            var builder = try ArrowArrayBuilder(type: type, name: name)
            let array = try builder.finish()
            #expect(array.count == 0)
            for options in [ArrowIPCWriteOptions(), ArrowIPCWriteOptions(compression: .lz4Frame)] {
                let decoded = try WriterTestSupport.messageRoundTrip(try WriterTestSupport.batch(array), options: options)
                #expect(decoded.rowCount == 0, "\(name)")
                #expect(decoded.columns[0].count == 0, "\(name)")
            }
        }
    }
}
