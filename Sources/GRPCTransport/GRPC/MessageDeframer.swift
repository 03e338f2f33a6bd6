import Foundation

/// Splits a gRPC response body (a byte stream arriving in arbitrary chunks) into
/// length-prefixed messages: 1 byte compressed flag, 4 bytes big-endian length, the message.
///
/// Each byte is copied once, into the message being assembled, so a stream of any size
/// costs linear time. Malformed input is an error, never a trap: a set compressed flag
/// (this client never offers compression), a flag other than 0/1, or a length over the
/// maximum message size (checked from the prefix, before anything is buffered).
struct MessageDeframer {
    /// Bytes of the 5-byte prefix seen so far.
    private var prefix: [UInt8] = []
    /// The message being assembled, once its prefix is known.
    private var message = Data()
    /// The length of the message being assembled; `nil` while reading a prefix.
    private var expectedLength: Int?
    /// The largest message accepted.
    let maxMessageSize: Int
    /// The error for a message with the compressed flag set: the client's default says the
    /// server broke the protocol; a server passes `unimplemented` (gRPC's answer to an
    /// encoding it does not support).
    let compressedMessageStatus: GRPCStatus

    /// A deframer accepting messages up to `maxMessageSize` bytes.
    init(maxMessageSize: Int, compressedMessageStatus: GRPCStatus = GRPCStatus(code: .internal, message: "the server sent a compressed message (flag 1) without a grpc-encoding; this client accepts identity encoding only")) {
        self.maxMessageSize = maxMessageSize
        self.compressedMessageStatus = compressedMessageStatus
    }

    /// Bytes held for a message not yet complete (prefix bytes included).
    var partialByteCount: Int {
        expectedLength == nil ? prefix.count : 5 + message.count
    }

    /// Whether the input so far ends exactly at a message boundary.
    var isAtBoundary: Bool { prefix.isEmpty && expectedLength == nil }

    /// Feeds a chunk; returns the messages it completed, in order.
    mutating func append(_ chunk: UnsafeRawBufferPointer) throws(GRPCStatus) -> [Data] {
        var completed: [Data] = []
        var offset = 0
        while offset < chunk.count || (expectedLength == 0) {
            if let length = expectedLength {
                let take = min(length - message.count, chunk.count - offset)
                if take > 0, let base = chunk.baseAddress {
                    message.append(base.advanced(by: offset).assumingMemoryBound(to: UInt8.self), count: take)
                    offset += take
                }
                if message.count == length {
                    completed.append(message)
                    message = Data()
                    expectedLength = nil
                }
            } else {
                let take = min(5 - prefix.count, chunk.count - offset)
                prefix.append(contentsOf: chunk[offset..<(offset + take)])
                offset += take
                if prefix.count == 5 {
                    let length = try startMessage()
                    expectedLength = length
                    prefix.removeAll(keepingCapacity: true)
                    // Reserve for the whole message only up to a modest amount: the
                    // prefix is the peer's claim, and memory should follow real bytes.
                    message.reserveCapacity(min(length, 4 << 20))
                }
            }
        }
        return completed
    }

    /// Convenience for tests and callers holding `Data`.
    mutating func append(_ data: Data) throws(GRPCStatus) -> [Data] {
        do {
            return try data.withUnsafeBytes { buffer in try append(buffer) }
        } catch let status as GRPCStatus {
            throw status
        } catch {
            throw GRPCStatus(code: .internal, message: "\(error)")
        }
    }

    /// Validates a complete prefix and returns the message length.
    private func startMessage() throws(GRPCStatus) -> Int {
        let flag = prefix[0]
        let length = Int(prefix[1]) << 24 | Int(prefix[2]) << 16 | Int(prefix[3]) << 8 | Int(prefix[4])
        switch flag {
        case 0:
            break
        case 1:
            throw compressedMessageStatus
        default:
            throw GRPCStatus(code: .internal, message: "malformed gRPC message prefix: compressed flag is \(flag), expected 0 or 1")
        }
        guard length <= maxMessageSize else {
            throw GRPCStatus(code: .resourceExhausted, message: "received message of \(length) bytes exceeds the maximum receive message size of \(maxMessageSize) bytes")
        }
        return length
    }

    /// Frames one outgoing message: flag 0 (uncompressed), big-endian length, bytes.
    static func frame(_ message: Data) -> Data {
        var framed = Data(capacity: message.count + 5)
        let length = UInt32(truncatingIfNeeded: message.count)
        framed.append(contentsOf: [0, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)])
        framed.append(message)
        return framed
    }
}
