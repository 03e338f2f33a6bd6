import Foundation

/// Writes the Arrow IPC file format: `ARROW1` magic and padding, the stream-format messages,
/// the end-of-stream marker, then a footer (schema plus the positions of the dictionary and
/// record batch messages), its int32 length and the magic again.
///
/// The file format allows dictionary deltas but not replacements: writing a batch whose
/// dictionary differs from (and does not extend) the one already written fails.
public struct ArrowFileWriter: Sendable {
    private var encoder: ArrowIPCMessageEncoder
    private var output = Data()
    private var dictionaryBlocks: [EncodedBlock] = []
    private var batchBlocks: [EncodedBlock] = []
    private var finished = false

    /// Creates a writer; the magic and the schema message are written at once.
    public init(schema: Schema, options: ArrowIPCWriteOptions = ArrowIPCWriteOptions()) throws(ArrowError) {
        encoder = try ArrowIPCMessageEncoder(schema: schema, options: options, allowsReplacement: false)
        output.append(contentsOf: Array("ARROW1".utf8) + [0, 0])
        output.append(encoder.encodeSchema().encapsulated)
    }

    /// The schema being written.
    public var schema: Schema { encoder.schema }

    /// Writes `batch`, preceded by the dictionary batches it needs.
    public mutating func write(_ batch: RecordBatch) throws(ArrowError) {
        guard !finished else { throw ArrowError(.invalidIPC, "the file has been finished") }
        for message in try encoder.encode(batch) {
            let block = EncodedBlock(
                offset: Int64(output.count),
                metadataLength: Int32(truncatingIfNeeded: 8 + BodyBuilder.padded(message.header.count)),
                bodyLength: Int64(message.body.count))
            // The footer lists dictionary and record batch blocks separately.
            if message.kind == .dictionaryBatch {
                dictionaryBlocks.append(block)
            } else {
                batchBlocks.append(block)
            }
            message.appendEncapsulated(to: &output)
        }
    }

    /// Writes the footer and returns the complete file.
    public mutating func finish() throws(ArrowError) -> Data {
        guard !finished else { return output }
        finished = true
        output.append(ArrowStreamWriter.endOfStream)
        let footer = MessageEncoding.footer(
            schema: encoder.schema, dictionaries: dictionaryBlocks, recordBatches: batchBlocks)
        output.append(footer)
        withUnsafeBytes(of: Int32(truncatingIfNeeded: footer.count).littleEndian) { output.append(contentsOf: $0) }
        output.append(contentsOf: Array("ARROW1".utf8))
        return output
    }

    /// Encodes `batches` of `schema` as a complete file.
    public static func encode(
        schema: Schema, batches: [RecordBatch], options: ArrowIPCWriteOptions = ArrowIPCWriteOptions()
    ) throws(ArrowError) -> Data {
        var writer = try ArrowFileWriter(schema: schema, options: options)
        for batch in batches { try writer.write(batch) }
        return try writer.finish()
    }
}
