import Foundation

/// Reads the Arrow IPC stream format from memory: a schema message, then dictionary and
/// record batch messages, then an optional end-of-stream marker.
public struct ArrowStreamReader: Sendable {
    /// The stream's schema.
    public let schema: Schema
    private var decoder: ArrowIPCMessageDecoder
    private let data: ArrowBuffer
    private var position: Int
    private var finished = false

    /// Reads the schema; batches are decoded as `next()` is called.
    public init(data: Data, limits: ArrowIPCLimits = .default) throws(ArrowError) {
        self.data = ArrowBuffer(data)
        self.decoder = ArrowIPCMessageDecoder(limits: limits)
        self.position = 0
        guard let first = try MessageFraming.read(self.data, at: 0, limit: self.data.count, limits: limits) else {
            throw ArrowError(.invalidIPC, "stream has no schema")
        }
        guard case .schema(let schema) = first.header.content else {
            throw ArrowError(.invalidIPC, "stream does not start with a schema")
        }
        _ = try decoder.decode(first.header, body: first.body)
        self.schema = schema
        self.position = first.end
    }

    /// The next record batch, or nil at the end of the stream.
    public mutating func next() throws(ArrowError) -> RecordBatch? {
        while !finished {
            guard let message = try MessageFraming.read(data, at: position, limit: data.count, limits: decoder.limits)
            else {
                finished = true
                return nil
            }
            position = message.end
            switch try decoder.decode(message.header, body: message.body) {
            case .recordBatch(let batch): return batch
            case .schema: throw ArrowError(.invalidIPC, "second schema in stream")
            case nil: continue
            }
        }
        return nil
    }

    /// All remaining record batches.
    public mutating func readAll() throws(ArrowError) -> [RecordBatch] {
        var batches: [RecordBatch] = []
        while let batch = try next() { batches.append(batch) }
        return batches
    }
}
