import Foundation

/// A decoded IPC message that callers see: dictionary batches are absorbed by the decoder.
public enum ArrowIPCMessage: Sendable {
    /// The stream's schema.
    case schema(Schema)
    /// A record batch; dictionary-encoded columns refer to the dictionaries current when it arrived.
    case recordBatch(RecordBatch)
}

/// Decodes IPC messages given as separate FlatBuffer header and body (the way Flight's
/// `FlightData` carries them), keeping the schema and dictionaries between messages.
public struct ArrowIPCMessageDecoder: Sendable {
    /// The bounds applied to untrusted input.
    public let limits: ArrowIPCLimits
    /// The schema, once a schema message (or the initializer) has provided it.
    public private(set) var schema: Schema?
    /// The `custom_metadata` of the last message decoded.
    public private(set) var lastMessageMetadata: [KeyValue] = []
    /// The header bytes of the last message decoded (kept for callers that forward or log them).
    public private(set) var lastHeader = Data()
    /// Current dictionary values by id.
    private var dictionaries: [Int64: ArrowArray] = [:]
    /// The value field (without dictionary encoding) of each dictionary id.
    private var dictionaryFields: [Int64: Field] = [:]

    /// Creates a decoder that expects a schema message first.
    public init(limits: ArrowIPCLimits = .default) {
        self.limits = limits
    }

    /// Creates a decoder for messages of a known schema (e.g. from a file footer).
    public init(schema: Schema, limits: ArrowIPCLimits = .default) throws(ArrowError) {
        self.limits = limits
        try setSchema(schema)
    }

    /// Decodes one message. Returns `.schema` or `.recordBatch`; returns nil for a dictionary
    /// batch (absorbed into the decoder's state) and for an empty header (a Flight keep-alive).
    public mutating func decode(header: Data, body: Data) throws(ArrowError) -> ArrowIPCMessage? {
        guard !header.isEmpty else { return nil }
        lastHeader = header
        let message = try MessageDecoding.message(FlatBuffer(header), limits: limits)
        guard message.bodyLength <= Int64(body.count) else {
            throw ArrowError(.truncated, "body has \(body.count) bytes, message declares \(message.bodyLength)")
        }
        let bodyBuffer = ArrowBuffer(body.prefix(Int(message.bodyLength)))
        return try decode(message, body: bodyBuffer)
    }

    /// Decodes a parsed message whose body is already in an ``ArrowBuffer`` (no copy).
    mutating func decode(_ message: MessageHeader, body: ArrowBuffer) throws(ArrowError) -> ArrowIPCMessage? {
        lastMessageMetadata = message.metadata
        // V1-V3 predate the stable format; V4 and V5 are read.
        guard message.version >= 3 else {
            throw ArrowError(.unsupported, "metadata version V\(message.version + 1) is not supported")
        }
        switch message.content {
        case .schema(let schema):
            try setSchema(schema)
            return .schema(schema)
        case .recordBatch(let header):
            guard let schema else { throw ArrowError(.invalidIPC, "record batch before schema") }
            var loader = BatchLoader(
                header: header, body: body, version: message.version, bigEndian: schema.endianness == .big,
                limits: limits, dictionaries: dictionaries)
            let columns = try loader.load(schema.fields)
            guard header.length <= Int64(limits.maxArrayLength) else {
                throw ArrowError(.limitExceeded, "record batch of \(header.length) rows exceeds \(limits.maxArrayLength)")
            }
            return .recordBatch(try RecordBatch(
                schema: schema, rowCount: Int(header.length), columns: columns, metadata: message.metadata))
        case .dictionaryBatch(let id, let isDelta, let header):
            guard let schema else { throw ArrowError(.invalidIPC, "dictionary batch before schema") }
            guard let field = dictionaryFields[id] else {
                throw ArrowError(.invalidIPC, "dictionary batch for unknown id \(id)")
            }
            var loader = BatchLoader(
                header: header, body: body, version: message.version, bigEndian: schema.endianness == .big,
                limits: limits, dictionaries: dictionaries)
            let values = try loader.load([field])[0]
            if isDelta, let existing = dictionaries[id] {
                // Appending is logical: the old chunks are kept and the new one added, no copy.
                var chunks: [ArrowArray] = []
                if case .chunked = existing.layout { chunks = existing.children } else { chunks = [existing] }
                guard chunks.count <= limits.maxDictionaryDeltas else {
                    throw ArrowError(.limitExceeded, "more than \(limits.maxDictionaryDeltas) deltas for dictionary \(id)")
                }
                chunks.append(values)
                dictionaries[id] = try ArrowArray(concatenating: chunks, field: field)
            } else {
                dictionaries[id] = values
            }
            return nil
        }
    }

    private mutating func setSchema(_ schema: Schema) throws(ArrowError) {
        var fields: [Int64: Field] = [:]
        func collect(_ field: Field) {
            if let encoding = field.dictionary, fields[encoding.id] == nil {
                var values = field
                values.dictionary = nil
                fields[encoding.id] = values
            }
            for child in field.type.childFields { collect(child) }
        }
        for field in schema.fields { collect(field) }
        self.schema = schema
        self.dictionaryFields = fields
        self.dictionaries = [:]
    }
}
