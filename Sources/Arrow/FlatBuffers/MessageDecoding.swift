/// Decoding of `Message.fbs` and `File.fbs` tables.

/// The codec of a compressed record batch body.
enum CompressionCodec: Sendable {
    case lz4Frame, zstd
}

/// One `FieldNode`: the length and null count of an array at some level of the tree.
struct FieldNodeHeader: Sendable {
    var length: Int64
    var nullCount: Int64
}

/// One `Buffer`: a byte range of the message body.
struct BufferHeader: Sendable {
    var offset: Int64
    var length: Int64
}

/// A decoded `RecordBatch` table.
struct RecordBatchHeader: Sendable {
    var length: Int64
    var nodes: [FieldNodeHeader]
    var buffers: [BufferHeader]
    var compression: CompressionCodec?
    var variadicBufferCounts: [Int64]
}

/// A decoded `Message` table.
struct MessageHeader: Sendable {
    enum Content: Sendable {
        case schema(Schema)
        case recordBatch(RecordBatchHeader)
        case dictionaryBatch(id: Int64, isDelta: Bool, data: RecordBatchHeader)
    }

    /// `MetadataVersion`: 0 = V1 … 3 = V4, 4 = V5.
    var version: Int16
    var content: Content
    var bodyLength: Int64
    var metadata: [KeyValue]
}

/// A `Block` of the file footer: where one message and its body are.
struct FileBlock: Sendable {
    var offset: Int64
    var metadataLength: Int32
    var bodyLength: Int64
}

/// A decoded `Footer` table.
struct FooterHeader: Sendable {
    var schema: Schema
    var dictionaries: [FileBlock]
    var recordBatches: [FileBlock]
}

enum MessageDecoding {
    static func message(_ buffer: FlatBuffer, limits: ArrowIPCLimits) throws(ArrowError) -> MessageHeader {
        let table = try buffer.root()
        let version = try table.scalar(0, default: Int16(0))
        let (tag, body) = try table.union(typeField: 1, valueField: 2)
        let bodyLength = try table.scalar(3, default: Int64(0))
        guard bodyLength >= 0 else { throw ArrowError(.invalidIPC, "negative body length \(bodyLength)") }
        let metadata = try SchemaDecoder.metadata(table, id: 4)
        guard let body else { throw ArrowError(.invalidIPC, "message has no header (type \(tag))") }
        let content: MessageHeader.Content
        switch tag {
        case 1:
            var decoder = SchemaDecoder(maxDepth: limits.maxNestingDepth, maxFields: limits.maxFieldCount)
            content = .schema(try decoder.schema(body))
        case 2:
            guard let data = try body.table(1) else { throw ArrowError(.invalidIPC, "dictionary batch without data") }
            content = .dictionaryBatch(
                id: try body.scalar(0, default: Int64(0)), isDelta: try body.bool(2), data: try recordBatch(data))
        case 3:
            content = .recordBatch(try recordBatch(body))
        case 4, 5:
            throw ArrowError(.unsupported, "tensor messages are not supported")
        default:
            throw ArrowError(.invalidIPC, "unknown message header type \(tag)")
        }
        return MessageHeader(version: version, content: content, bodyLength: bodyLength, metadata: metadata)
    }

    static func recordBatch(_ table: FBTable) throws(ArrowError) -> RecordBatchHeader {
        let length = try table.scalar(0, default: Int64(0))
        guard length >= 0 else { throw ArrowError(.invalidIPC, "negative record batch length \(length)") }
        var nodes: [FieldNodeHeader] = []
        if let vector = try table.vector(1, elementSize: 16) {
            nodes.reserveCapacity(vector.count)
            for index in 0..<vector.count {
                let at = vector.structPosition(index)
                nodes.append(FieldNodeHeader(
                    length: try vector.buffer.load(at, as: Int64.self),
                    nullCount: try vector.buffer.load(at + 8, as: Int64.self)))
            }
        }
        var buffers: [BufferHeader] = []
        if let vector = try table.vector(2, elementSize: 16) {
            buffers.reserveCapacity(vector.count)
            for index in 0..<vector.count {
                let at = vector.structPosition(index)
                buffers.append(BufferHeader(
                    offset: try vector.buffer.load(at, as: Int64.self),
                    length: try vector.buffer.load(at + 8, as: Int64.self)))
            }
        }
        var compression: CompressionCodec?
        if let table = try table.table(3) {
            switch try table.scalar(0, default: Int8(0)) {
            case 0: compression = .lz4Frame
            case 1: compression = .zstd
            case let other: throw ArrowError(.unsupported, "compression codec \(other) is not supported")
            }
            guard try table.scalar(1, default: Int8(0)) == 0 else {
                throw ArrowError(.unsupported, "only per-buffer body compression is supported")
            }
        }
        var variadic: [Int64] = []
        if let vector = try table.vector(4, elementSize: 8) {
            variadic.reserveCapacity(vector.count)
            for index in 0..<vector.count { variadic.append(try vector.scalar(index, as: Int64.self)) }
        }
        return RecordBatchHeader(
            length: length, nodes: nodes, buffers: buffers, compression: compression, variadicBufferCounts: variadic)
    }

    static func footer(_ buffer: FlatBuffer, limits: ArrowIPCLimits) throws(ArrowError) -> FooterHeader {
        let table = try buffer.root()
        guard let schemaTable = try table.table(1) else { throw ArrowError(.invalidIPC, "file footer has no schema") }
        var decoder = SchemaDecoder(maxDepth: limits.maxNestingDepth, maxFields: limits.maxFieldCount)
        let schema = try decoder.schema(schemaTable)
        func blocks(_ id: Int) throws(ArrowError) -> [FileBlock] {
            guard let vector = try table.vector(id, elementSize: 24) else { return [] }
            var result: [FileBlock] = []
            result.reserveCapacity(vector.count)
            for index in 0..<vector.count {
                let at = vector.structPosition(index)
                result.append(FileBlock(
                    offset: try buffer.load(at, as: Int64.self),
                    metadataLength: try buffer.load(at + 8, as: Int32.self),
                    bodyLength: try buffer.load(at + 16, as: Int64.self)))
            }
            return result
        }
        return FooterHeader(schema: schema, dictionaries: try blocks(2), recordBatches: try blocks(3))
    }
}
