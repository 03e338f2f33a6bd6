import Foundation

/// Reads the Arrow IPC file format from memory: `ARROW1` magic, stream-format messages,
/// a footer listing the dictionary and record batch blocks, then the footer size and magic.
public struct ArrowFileReader: Sendable {
    /// The schema from the footer.
    public let schema: Schema
    /// How many record batches the footer lists.
    public var batchCount: Int { footer.recordBatches.count }
    private let footer: FooterHeader
    private let data: ArrowBuffer
    private let limits: ArrowIPCLimits
    /// A decoder that has absorbed every dictionary block.
    private let decoder: ArrowIPCMessageDecoder

    /// The 6 magic bytes at both ends of a file.
    static let magic: [UInt8] = Array("ARROW1".utf8)

    /// Reads the footer and the dictionaries.
    public init(data: Data, limits: ArrowIPCLimits = .default) throws(ArrowError) {
        let buffer = ArrowBuffer(data)
        let bytes = UnsafeRawBufferPointer(start: buffer.base, count: buffer.count)
        // Leading magic (padded to 8) plus footer length and trailing magic.
        guard bytes.count >= 8 + 10 else { throw ArrowError(.truncated, "file of \(bytes.count) bytes is too short") }
        guard Array(bytes[0..<6]) == Self.magic, Array(bytes[(bytes.count - 6)...]) == Self.magic else {
            throw ArrowError(.invalidIPC, "missing ARROW1 magic")
        }
        let footerLength = Int(buffer.load(at: bytes.count - 10, as: Int32.self))
        let footerEnd = bytes.count - 10
        guard footerLength > 0, footerLength <= footerEnd - 8 else {
            throw ArrowError(.invalidIPC, "footer length \(footerLength) is invalid")
        }
        let footerBytes = [UInt8](bytes[(footerEnd - footerLength)..<footerEnd])
        let footer = try MessageDecoding.footer(FlatBuffer(bytes: footerBytes), limits: limits)
        var decoder = try ArrowIPCMessageDecoder(schema: footer.schema, limits: limits)
        for block in footer.dictionaries {
            let message = try Self.message(buffer, block: block, limit: footerEnd, limits: limits)
            guard case .dictionaryBatch = message.header.content else {
                throw ArrowError(.invalidIPC, "dictionary block holds another message type")
            }
            _ = try decoder.decode(message.header, body: message.body)
        }
        self.schema = footer.schema
        self.footer = footer
        self.data = buffer
        self.limits = limits
        self.decoder = decoder
    }

    /// Record batch `index` (in footer order).
    public func recordBatch(at index: Int) throws(ArrowError) -> RecordBatch {
        guard index >= 0, index < footer.recordBatches.count else {
            throw ArrowError(.invalidIPC, "record batch \(index) does not exist")
        }
        let message = try Self.message(
            data, block: footer.recordBatches[index], limit: data.count - 10, limits: limits)
        guard case .recordBatch = message.header.content else {
            throw ArrowError(.invalidIPC, "record batch block holds another message type")
        }
        var decoder = self.decoder
        guard case .recordBatch(let batch) = try decoder.decode(message.header, body: message.body) else {
            throw ArrowError(.invalidIPC, "record batch block did not decode to a batch")
        }
        return batch
    }

    /// All record batches.
    public func readAll() throws(ArrowError) -> [RecordBatch] {
        var batches: [RecordBatch] = []
        for index in 0..<batchCount { batches.append(try recordBatch(at: index)) }
        return batches
    }

    private static func message(
        _ data: ArrowBuffer, block: FileBlock, limit: Int, limits: ArrowIPCLimits
    ) throws(ArrowError) -> MessageFraming.Framed {
        guard block.offset >= 0, block.offset < Int64(limit), block.metadataLength > 0,
            block.bodyLength >= 0, Int64(block.metadataLength) <= Int64(limit) - block.offset
        else {
            throw ArrowError(.invalidIPC, "block at \(block.offset) is outside the file")
        }
        let metadataEnd = Int(block.offset) + Int(block.metadataLength)
        // The block's metadata length covers prefix, header and padding; the body follows it.
        guard let (header, _) = try MessageFraming.readHeader(
            data, at: Int(block.offset), limit: metadataEnd, limits: limits),
            header.bodyLength <= block.bodyLength,
            Int64(limit - metadataEnd) >= header.bodyLength,
            let body = data.slice(offset: metadataEnd, count: Int(header.bodyLength))
        else {
            throw ArrowError(.invalidIPC, "block at \(block.offset) does not hold a message and its body")
        }
        return MessageFraming.Framed(header: header, body: body, end: metadataEnd + body.count)
    }
}
