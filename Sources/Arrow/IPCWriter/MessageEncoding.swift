import Foundation

/// The flatbuffer description of one encoded record batch body (shared by record batch and
/// dictionary batch messages).
struct EncodedBatchLayout: Sendable {
    /// `(length, null_count)` per array, in pre-order.
    var nodes: [(length: Int64, nullCount: Int64)] = []
    /// `(offset, length)` per buffer, relative to the body start.
    var buffers: [(offset: Int64, length: Int64)] = []
    /// The number of data buffers of each view array, in pre-order.
    var variadicBufferCounts: [Int64] = []
    /// The row count.
    var length: Int64 = 0
    var compression: ArrowIPCCompression?
}

/// One block of a file footer: where a message starts, the size of its prefix + header +
/// padding, and its body size.
struct EncodedBlock: Sendable {
    var offset: Int64
    var metadataLength: Int32
    var bodyLength: Int64
}

/// Encoding of `Message.fbs` and `File.fbs` tables.
enum MessageEncoding {
    typealias Offset = FlatBufferBuilder.Offset

    /// `MetadataVersion.V5`.
    static let version: Int16 = 4

    /// A `Message` holding a `Schema`.
    static func schemaMessage(_ schema: Schema) -> Data {
        var builder = FlatBufferBuilder()
        let header = SchemaEncoding.schema(schema, into: &builder)
        return message(tag: 1, header: header, bodyLength: 0, metadata: [], builder: &builder)
    }

    /// A `Message` holding a `RecordBatch`.
    static func recordBatchMessage(_ layout: EncodedBatchLayout, bodyLength: Int64, metadata: [KeyValue]) -> Data {
        var builder = FlatBufferBuilder()
        let header = recordBatch(layout, into: &builder)
        return message(tag: 3, header: header, bodyLength: bodyLength, metadata: metadata, builder: &builder)
    }

    /// A `Message` holding a `DictionaryBatch`.
    static func dictionaryBatchMessage(
        id: Int64, isDelta: Bool, layout: EncodedBatchLayout, bodyLength: Int64
    ) -> Data {
        var builder = FlatBufferBuilder()
        let data = recordBatch(layout, into: &builder)
        builder.startTable()
        builder.add(0, id)
        builder.add(1, offset: data)
        builder.add(2, isDelta)
        let header = builder.endTable()
        return message(tag: 2, header: header, bodyLength: bodyLength, metadata: [], builder: &builder)
    }

    private static func message(
        tag: UInt8, header: Offset, bodyLength: Int64, metadata: [KeyValue], builder: inout FlatBufferBuilder
    ) -> Data {
        let metadataVector = SchemaEncoding.metadata(metadata, into: &builder)
        builder.startTable()
        builder.add(0, version)
        builder.add(1, tag)
        builder.add(2, offset: header)
        builder.add(3, bodyLength)
        if let metadataVector { builder.add(4, offset: metadataVector) }
        return builder.finish(root: builder.endTable())
    }

    private static func recordBatch(_ layout: EncodedBatchLayout, into builder: inout FlatBufferBuilder) -> Offset {
        let nodes = builder.createStructVector(count: layout.nodes.count, elementSize: 16, alignment: 8) { builder, index in
            builder.put(layout.nodes[index].nullCount)
            builder.put(layout.nodes[index].length)
        }
        let buffers = builder.createStructVector(count: layout.buffers.count, elementSize: 16, alignment: 8) {
            builder, index in
            builder.put(layout.buffers[index].length)
            builder.put(layout.buffers[index].offset)
        }
        var compression: Offset?
        if let codec = layout.compression {
            builder.startTable()
            builder.add(0, Int8(codec == .lz4Frame ? 0 : 1))
            builder.add(1, Int8(0))  // BodyCompressionMethod.BUFFER
            compression = builder.endTable()
        }
        let variadic = layout.variadicBufferCounts.isEmpty ? nil : builder.createVector(layout.variadicBufferCounts)
        builder.startTable()
        builder.add(0, layout.length)
        builder.add(1, offset: nodes)
        builder.add(2, offset: buffers)
        if let compression { builder.add(3, offset: compression) }
        if let variadic { builder.add(4, offset: variadic) }
        return builder.endTable()
    }

    /// A file `Footer`.
    static func footer(schema: Schema, dictionaries: [EncodedBlock], recordBatches: [EncodedBlock]) -> Data {
        var builder = FlatBufferBuilder()
        let schemaTable = SchemaEncoding.schema(schema, into: &builder)
        func blocks(_ blocks: [EncodedBlock]) -> Offset {
            builder.createStructVector(count: blocks.count, elementSize: 24, alignment: 8) { builder, index in
                builder.put(blocks[index].bodyLength)
                builder.put(Int32(0))  // padding before bodyLength
                builder.put(blocks[index].metadataLength)
                builder.put(blocks[index].offset)
            }
        }
        let dictionaryBlocks = blocks(dictionaries)
        let batchBlocks = blocks(recordBatches)
        builder.startTable()
        builder.add(0, version)
        builder.add(1, offset: schemaTable)
        builder.add(2, offset: dictionaryBlocks)
        builder.add(3, offset: batchBlocks)
        return builder.finish(root: builder.endTable())
    }
}
