import Foundation

/// What an encoded IPC message holds.
public enum ArrowIPCMessageKind: String, Sendable, Hashable {
    /// A `Schema` message (no body).
    case schema
    /// A `DictionaryBatch` message (a dictionary or a delta to one).
    case dictionaryBatch
    /// A `RecordBatch` message.
    case recordBatch
}

/// One encoded IPC message as Flight's `FlightData` carries it: the FlatBuffer `Message`
/// (`data_header`) and the body (`data_body`), whose buffers are each padded to 8 bytes.
public struct ArrowIPCEncodedMessage: Sendable, Hashable {
    /// The FlatBuffer `Message` bytes.
    public var header: Data
    /// The message body (empty for a schema).
    public var body: Data
    /// What the message holds (so that a Flight server can, e.g., attach `app_metadata`
    /// to record batches only).
    public var kind: ArrowIPCMessageKind

    /// Creates a message from its parts.
    public init(header: Data, body: Data, kind: ArrowIPCMessageKind) {
        self.header = header
        self.body = body
        self.kind = kind
    }

    /// The message in the encapsulated format of IPC streams and files: the `0xFFFFFFFF`
    /// continuation marker, the int32 length of the header plus padding, the header padded
    /// so that the body starts 8-byte aligned, then the body.
    public var encapsulated: Data {
        var data = Data(capacity: 8 + BodyBuilder.padded(header.count) + body.count)
        appendEncapsulated(to: &data)
        return data
    }

    /// Appends the encapsulated form to `data` (the stream and file writers' output) without
    /// an intermediate copy.
    func appendEncapsulated(to data: inout Data) {
        let paddedHeader = BodyBuilder.padded(header.count)
        withUnsafeBytes(of: UInt32(0xFFFF_FFFF).littleEndian) { data.append(contentsOf: $0) }
        withUnsafeBytes(of: Int32(truncatingIfNeeded: paddedHeader).littleEndian) { data.append(contentsOf: $0) }
        data.append(header)
        data.append(contentsOf: repeatElement(0, count: paddedHeader - header.count))
        data.append(body)
    }
}

/// Options of the IPC writers.
public struct ArrowIPCWriteOptions: Sendable, Hashable {
    /// Compress record batch and dictionary batch bodies with this codec (nil: uncompressed).
    public var compression: ArrowIPCCompression?

    /// Creates options.
    public init(compression: ArrowIPCCompression? = nil) {
        self.compression = compression
    }
}

/// Encodes a schema, record batches and dictionary batches as IPC messages (separate header
/// and body, the way Flight's `FlightData` carries them); the counterpart of
/// ``ArrowIPCMessageDecoder``.
///
/// The encoder remembers which dictionaries it has sent: ``encode(_:)`` emits a dictionary
/// batch before a record batch whenever a dictionary-encoded column refers to a dictionary
/// not sent yet, and a delta batch when the dictionary extends the one sent (as the
/// dictionaries ``ArrowIPCMessageDecoder`` builds from delta batches do). Dictionaries are
/// compared by identity, so a batch that reuses the previous batch's dictionary costs nothing.
public struct ArrowIPCMessageEncoder: Sendable {
    /// The schema of the stream.
    public let schema: Schema
    /// The options in effect.
    public let options: ArrowIPCWriteOptions
    /// Whether a dictionary may be replaced by a different one (not in the file format).
    let allowsReplacement: Bool
    /// The value field of each dictionary id.
    private let dictionaryFields: [Int64: Field]
    /// The dictionary chunks sent per id (a delta adds a chunk).
    private var sent: [Int64: [ArrowArray]] = [:]

    /// Creates an encoder; fails when two dictionary-encoded fields share an id but not a value type.
    public init(schema: Schema, options: ArrowIPCWriteOptions = ArrowIPCWriteOptions()) throws(ArrowError) {
        try self.init(schema: schema, options: options, allowsReplacement: true)
    }

    init(schema: Schema, options: ArrowIPCWriteOptions, allowsReplacement: Bool) throws(ArrowError) {
        var fields: [Int64: Field] = [:]
        func collect(_ field: Field) throws(ArrowError) {
            if let encoding = field.dictionary {
                guard Self.integerTypes.contains(encoding.indexType) else {
                    throw ArrowError(.invalidArray, "field '\(field.name)': dictionary index type must be an integer")
                }
                var values = field
                values.dictionary = nil
                if let existing = fields[encoding.id], existing.type != values.type {
                    throw ArrowError(.invalidArray, "dictionary id \(encoding.id) is used with two value types")
                }
                fields[encoding.id] = values
            }
            for child in field.type.childFields { try collect(child) }
        }
        for field in schema.fields { try collect(field) }
        self.schema = schema
        self.options = options
        self.allowsReplacement = allowsReplacement
        self.dictionaryFields = fields
    }

    static let integerTypes: [ArrowType] = [.int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64]

    /// The schema message.
    public func encodeSchema() -> ArrowIPCEncodedMessage {
        ArrowIPCEncodedMessage(header: MessageEncoding.schemaMessage(schema), body: Data(), kind: .schema)
    }

    /// `schema` as one encapsulated IPC message, the form of Flight's `FlightInfo.schema`
    /// and `SchemaResult.schema`.
    public static func encapsulatedSchema(_ schema: Schema) -> Data {
        ArrowIPCEncodedMessage(header: MessageEncoding.schemaMessage(schema), body: Data(), kind: .schema).encapsulated
    }

    /// The messages that carry `batch`: dictionary batches for dictionaries not sent yet
    /// (inner dictionaries before the ones whose values refer to them), then the record batch.
    public mutating func encode(_ batch: RecordBatch) throws(ArrowError) -> [ArrowIPCEncodedMessage] {
        try checkColumns(batch)
        var messages: [ArrowIPCEncodedMessage] = []
        for column in batch.columns { try collectDictionaries(column, into: &messages) }
        messages.append(try encodeRecordBatch(batch))
        return messages
    }

    /// The record batch message alone; the dictionaries it refers to must have been sent
    /// (by ``encode(_:)`` or ``encodeDictionary(id:values:isDelta:)``).
    public func encodeRecordBatch(_ batch: RecordBatch) throws(ArrowError) -> ArrowIPCEncodedMessage {
        try checkColumns(batch)
        var writer = ArrayBodyWriter()
        for column in batch.columns { try writer.write(column) }
        let (layout, body) = try writer.body.assemble(length: batch.rowCount, compression: options.compression)
        let header = MessageEncoding.recordBatchMessage(layout, bodyLength: Int64(body.count), metadata: batch.metadata)
        return ArrowIPCEncodedMessage(header: header, body: body, kind: .recordBatch)
    }

    /// A dictionary batch for dictionary `id`: the complete dictionary, or with `isDelta`
    /// values to append to it. The encoder records it as sent.
    public mutating func encodeDictionary(
        id: Int64, values: ArrowArray, isDelta: Bool = false
    ) throws(ArrowError) -> ArrowIPCEncodedMessage {
        guard dictionaryFields[id] != nil else { throw ArrowError(.invalidArray, "the schema has no dictionary \(id)") }
        if isDelta {
            sent[id, default: []].append(values)
        } else {
            if let previous = sent[id], !allowsReplacement, !(previous.count == 1 && previous[0] === values) {
                throw ArrowError(.unsupported, "the IPC file format cannot replace dictionary \(id)")
            }
            sent[id] = [values]
        }
        return try dictionaryMessage(id: id, values: values, isDelta: isDelta)
    }

    private func checkColumns(_ batch: RecordBatch) throws(ArrowError) {
        guard batch.columns.count == schema.fields.count else {
            throw ArrowError(.invalidArray, "batch has \(batch.columns.count) columns, schema \(schema.fields.count)")
        }
        for (column, field) in zip(batch.columns, schema.fields)
        where column.field.type != field.type || column.field.dictionary != field.dictionary {
            throw ArrowError(.invalidArray, "column '\(column.field.name)' does not match schema field '\(field.name)'")
        }
    }

    private func dictionaryMessage(id: Int64, values: ArrowArray, isDelta: Bool) throws(ArrowError) -> ArrowIPCEncodedMessage {
        guard let field = dictionaryFields[id], field.type == values.type, values.field.dictionary == nil else {
            throw ArrowError(.invalidArray, "values do not match the value type of dictionary \(id)")
        }
        var writer = ArrayBodyWriter()
        if case .chunked = values.layout {
            // One message holds one array: concatenate the chunks by value.
            var builder = try ArrowArrayBuilder(field: values.field)
            for index in 0..<values.count { try builder.append(values.value(at: index)) }
            try writer.write(try builder.finish())
        } else {
            try writer.write(values)
        }
        let (layout, body) = try writer.body.assemble(length: values.count, compression: options.compression)
        let header = MessageEncoding.dictionaryBatchMessage(
            id: id, isDelta: isDelta, layout: layout, bodyLength: Int64(body.count))
        return ArrowIPCEncodedMessage(header: header, body: body, kind: .dictionaryBatch)
    }

    /// Emits the dictionary batches `array` needs that have not been sent yet.
    private mutating func collectDictionaries(
        _ array: ArrowArray, into messages: inout [ArrowIPCEncodedMessage]
    ) throws(ArrowError) {
        guard let encoding = array.field.dictionary, let dictionary = array.dictionary else {
            if case .chunked = array.layout {
                for chunk in array.children { try collectDictionaries(chunk, into: &messages) }
                return
            }
            for child in array.children { try collectDictionaries(child, into: &messages) }
            return
        }
        let chunks: [ArrowArray]
        if case .chunked = dictionary.layout { chunks = dictionary.children } else { chunks = [dictionary] }
        // Dictionaries that the values refer to go first.
        for chunk in chunks { try collectDictionaries(chunk, into: &messages) }
        let previous = sent[encoding.id] ?? []
        let extendsPrevious = previous.count <= chunks.count && zip(previous, chunks).allSatisfy { $0 === $1 }
        if extendsPrevious && previous.count == chunks.count { return }
        let firstNew: Int
        if extendsPrevious {
            firstNew = previous.count
        } else {
            guard allowsReplacement || previous.isEmpty else {
                throw ArrowError(.unsupported, "the IPC file format cannot replace dictionary \(encoding.id)")
            }
            firstNew = 0
        }
        for index in firstNew..<chunks.count {
            messages.append(try dictionaryMessage(id: encoding.id, values: chunks[index], isDelta: index > 0))
        }
        sent[encoding.id] = chunks
    }
}
