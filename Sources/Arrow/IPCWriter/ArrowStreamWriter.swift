import Foundation

/// Writes the Arrow IPC stream format: the schema message, dictionary and record batch
/// messages (each encapsulated: continuation marker, length, header padded to 8 bytes,
/// body), then the end-of-stream marker.
///
/// The bytes are either collected (``finish()`` returns them) or handed to a sink closure
/// message by message, so a large stream need not be held in memory.
public struct ArrowStreamWriter: Sendable {
    private var encoder: ArrowIPCMessageEncoder
    private var output = Data()
    private let sink: (@Sendable (Data) throws -> Void)?
    private var finished = false

    /// The end-of-stream marker: continuation marker and a zero length.
    static let endOfStream = Data([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])

    /// Creates a writer that collects the stream in memory; the schema message is written at once.
    public init(schema: Schema, options: ArrowIPCWriteOptions = ArrowIPCWriteOptions()) throws(ArrowError) {
        encoder = try ArrowIPCMessageEncoder(schema: schema, options: options)
        sink = nil
        output = encoder.encodeSchema().encapsulated
    }

    /// Creates a writer that passes each encapsulated message to `sink` as soon as it is
    /// encoded (the schema message during this initializer). Errors of the sink propagate.
    public init(
        schema: Schema, options: ArrowIPCWriteOptions = ArrowIPCWriteOptions(),
        sink: @escaping @Sendable (Data) throws -> Void
    ) throws {
        encoder = try ArrowIPCMessageEncoder(schema: schema, options: options)
        self.sink = sink
        try sink(encoder.encodeSchema().encapsulated)
    }

    /// The schema being written.
    public var schema: Schema { encoder.schema }

    /// Writes `batch`, preceded by the dictionary batches it needs.
    public mutating func write(_ batch: RecordBatch) throws {
        guard !finished else { throw ArrowError(.invalidIPC, "the stream has been finished") }
        for message in try encoder.encode(batch) {
            if sink == nil {
                message.appendEncapsulated(to: &output)
            } else {
                try emit(message.encapsulated)
            }
        }
    }

    /// Writes the end-of-stream marker; returns the collected stream (empty when writing to a sink).
    @discardableResult
    public mutating func finish() throws -> Data {
        guard !finished else { return sink == nil ? output : Data() }
        finished = true
        try emit(Self.endOfStream)
        return sink == nil ? output : Data()
    }

    private mutating func emit(_ data: Data) throws {
        if let sink { try sink(data) } else { output.append(data) }
    }

    /// Encodes `batches` of `schema` as a complete stream.
    public static func encode(
        schema: Schema, batches: [RecordBatch], options: ArrowIPCWriteOptions = ArrowIPCWriteOptions()
    ) throws -> Data {
        var writer = try ArrowStreamWriter(schema: schema, options: options)
        for batch in batches { try writer.write(batch) }
        return try writer.finish()
    }
}
