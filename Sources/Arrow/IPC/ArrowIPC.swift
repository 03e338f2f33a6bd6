import Foundation

/// Reading whole IPC payloads whose format is not known in advance.
public enum ArrowIPC {
    /// Reads a file (starts with `ARROW1`) or a stream, returning the schema and all batches.
    public static func read(
        _ data: Data, limits: ArrowIPCLimits = .default
    ) throws(ArrowError) -> (schema: Schema, batches: [RecordBatch]) {
        if data.count >= 6, data.prefix(6).elementsEqual(ArrowFileReader.magic) {
            let reader = try ArrowFileReader(data: data, limits: limits)
            return (reader.schema, try reader.readAll())
        }
        var reader = try ArrowStreamReader(data: data, limits: limits)
        return (reader.schema, try reader.readAll())
    }

    /// Decodes a schema sent on its own, as in Flight's `FlightInfo.schema` and
    /// `SchemaResult.schema`: an encapsulated message (with or without the continuation
    /// marker) or a bare `Message` FlatBuffer.
    public static func schema(fromMessage data: Data, limits: ArrowIPCLimits = .default) throws(ArrowError) -> Schema {
        let buffer = ArrowBuffer(data)
        let header: MessageHeader
        if let framed = try? MessageFraming.readHeader(buffer, at: 0, limit: buffer.count, limits: limits) {
            header = framed.0
        } else {
            header = try MessageDecoding.message(FlatBuffer(data), limits: limits)
        }
        guard case .schema(let schema) = header.content else {
            throw ArrowError(.invalidIPC, "message is not a schema")
        }
        return schema
    }
}
