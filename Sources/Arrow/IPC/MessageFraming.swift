import Foundation

/// Reading encapsulated messages (`0xFFFFFFFF`, int32 length, FlatBuffer, body) from a
/// contiguous buffer; also the legacy pre-0.15 framing without the continuation marker.
enum MessageFraming {
    /// One framed message: its parsed header and its body.
    struct Framed {
        var header: MessageHeader
        var body: ArrowBuffer
        /// Position after the message.
        var end: Int
    }

    /// Reads the message starting at `position` of `data`; nil at an end-of-stream marker
    /// or at the end of the data.
    static func read(
        _ data: ArrowBuffer, at position: Int, limit: Int, limits: ArrowIPCLimits
    ) throws(ArrowError) -> Framed? {
        guard let (header, cursor) = try readHeader(data, at: position, limit: limit, limits: limits) else {
            return nil
        }
        guard header.bodyLength <= Int64(limit - cursor),
            let body = data.slice(offset: cursor, count: Int(header.bodyLength))
        else {
            throw ArrowError(.truncated, "message body of \(header.bodyLength) bytes, \(limit - cursor) left")
        }
        return Framed(header: header, body: body, end: cursor + body.count)
    }

    /// Reads the prefix and FlatBuffer header at `position`; returns the header and the
    /// position after it, or nil at an end-of-stream marker or the end of the data.
    static func readHeader(
        _ data: ArrowBuffer, at position: Int, limit: Int, limits: ArrowIPCLimits
    ) throws(ArrowError) -> (MessageHeader, Int)? {
        var cursor = position
        guard limit <= data.count, cursor <= limit else { throw ArrowError(.truncated, "message outside data") }
        if limit - cursor < 4 {
            // A stream may simply end without an end-of-stream marker.
            if cursor == limit { return nil }
            throw ArrowError(.truncated, "partial message prefix")
        }
        var length = Int(data.load(at: cursor, as: Int32.self))
        cursor += 4
        if data.load(at: cursor - 4, as: UInt32.self) == 0xFFFF_FFFF {
            guard limit - cursor >= 4 else {
                if limit == cursor { return nil }
                throw ArrowError(.truncated, "partial message length")
            }
            length = Int(data.load(at: cursor, as: Int32.self))
            cursor += 4
        }
        if length == 0 { return nil }
        guard length > 0 else { throw ArrowError(.invalidIPC, "negative message length \(length)") }
        guard length <= limit - cursor else {
            throw ArrowError(.truncated, "message header of \(length) bytes, \(limit - cursor) left")
        }
        let bytes = [UInt8](UnsafeRawBufferPointer(start: data.base + cursor, count: length))
        cursor += length
        return (try MessageDecoding.message(FlatBuffer(bytes: bytes), limits: limits), cursor)
    }
}
