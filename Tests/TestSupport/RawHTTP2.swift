import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// HTTP/2 and gRPC bytes built by hand, for fuzz tests that play a hostile client or server:
/// frames, HPACK literal header blocks (no Huffman, no dynamic table), gRPC message framing.
public enum RawHTTP2 {
    /// The client connection preface.
    public static let preface = Data("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    /// Frame types used by the fuzz scripts.
    public enum FrameType: UInt8 {
        /// DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION (RFC 9113 §6).
        case data = 0x0, headers = 0x1, rstStream = 0x3, settings = 0x4, ping = 0x6, goAway = 0x7, windowUpdate = 0x8, continuation = 0x9
    }

    /// One frame: 9-byte header and payload (payloads above 16 MiB are not representable and are cut).
    public static func frame(_ type: UInt8, flags: UInt8 = 0, stream: UInt32, _ payload: Data) -> Data {
        let length = min(payload.count, 0xFF_FFFF)
        var bytes = Data([UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), type, flags])
        bytes += [UInt8(stream >> 24 & 0x7F), UInt8(stream >> 16 & 0xFF), UInt8(stream >> 8 & 0xFF), UInt8(stream & 0xFF)]
        bytes += payload.prefix(length)
        return bytes
    }

    /// An HPACK integer with an `prefixBits`-bit prefix whose high bits are `firstByte`'s.
    public static func hpackInteger(_ value: Int, prefixBits: Int, firstByte: UInt8 = 0) -> [UInt8] {
        let limit = (1 << prefixBits) - 1
        if value < limit { return [firstByte | UInt8(value)] }
        var bytes = [firstByte | UInt8(limit)]
        var rest = value - limit
        while rest >= 128 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
        return bytes
    }

    /// "Literal header field without indexing, new name" (RFC 7541 §6.2.2), raw bytes.
    public static func literal(_ name: [UInt8], _ value: [UInt8]) -> [UInt8] {
        [0x00] + hpackInteger(name.count, prefixBits: 7) + name + hpackInteger(value.count, prefixBits: 7) + value
    }

    /// A header block of `fields` as HEADERS plus CONTINUATION frames of at most 16 KiB.
    public static func headers(_ fields: [(String, String)], stream: UInt32, endStream: Bool) -> Data {
        headers(block: Data(fields.flatMap { literal(Array($0.0.utf8), Array($0.1.utf8)) }), stream: stream, endStream: endStream)
    }

    /// A header block already encoded, split into HEADERS plus CONTINUATION frames.
    public static func headers(block: Data, stream: UInt32, endStream: Bool) -> Data {
        let chunk = 16 * 1024
        var pieces: [Data] = []
        var offset = block.startIndex
        repeat {
            let end = min(block.endIndex, offset + chunk)
            pieces.append(block[offset..<end])
            offset = end
        } while offset < block.endIndex
        var out = Data()
        for (index, piece) in pieces.enumerated() {
            let last = index == pieces.count - 1
            let flags: UInt8 = (last ? 0x4 : 0) | (index == 0 && endStream ? 0x1 : 0)
            out += frame(index == 0 ? FrameType.headers.rawValue : FrameType.continuation.rawValue, flags: flags, stream: stream, piece)
        }
        return out
    }

    /// `bytes` as DATA frames of at most 16 KiB; END_STREAM on the last if asked.
    public static func data(_ bytes: Data, stream: UInt32, endStream: Bool) -> Data {
        var out = Data()
        var offset = bytes.startIndex
        repeat {
            let end = min(bytes.endIndex, offset + 16 * 1024)
            let last = end == bytes.endIndex
            out += frame(FrameType.data.rawValue, flags: last && endStream ? 0x1 : 0, stream: stream, bytes[offset..<end])
            offset = end
        } while offset < bytes.endIndex
        return out
    }

    /// One gRPC length-prefixed message (compressed flag, 4-byte big-endian length).
    public static func grpcMessage(_ payload: Data, flag: UInt8 = 0, length: UInt32? = nil) -> Data {
        let length = length ?? UInt32(payload.count)
        return Data([flag, UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]) + payload
    }

    /// The request headers of a gRPC call to `path`.
    public static func requestHeaders(path: String, authority: String = "localhost") -> [(String, String)] {
        [(":method", "POST"), (":scheme", "http"), (":path", path), (":authority", authority),
         ("content-type", "application/grpc"), ("te", "trailers")]
    }
}

/// Blocking loopback sockets for the hostile peers of the fuzz tests.
public enum RawSockets {
    /// A listening socket on 127.0.0.1 with a free port.
    public static func listen() -> (fd: Int32, port: Int)? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 64) == 0 else {
            close(fd)
            return nil
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A blocking connection to 127.0.0.1:`port`, or nil.
    public static func connect(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Writes all of `data`; false when the peer is gone (a hostile peer expects that).
    @discardableResult
    public static func writeAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { writeAll(fd, $0) }
    }

    /// Writes all of `bytes`; false when the peer is gone.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = send(fd, bytes.baseAddress!.advanced(by: offset), bytes.count - offset, Int32(MSG_NOSIGNAL))
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Reads exactly `count` bytes within `timeout`; nil if the peer closed or time ran out.
    public static func read(_ fd: Int32, _ count: Int, timeout: Duration) -> Data? {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        let deadline = ContinuousClock.now + timeout
        while offset < count {
            guard waitReadable(fd, until: deadline) else { return nil }
            let n = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress!.advanced(by: offset), count - offset, 0) }
            if n <= 0 { return nil }
            offset += n
        }
        return Data(bytes)
    }

    /// Reads and discards until the peer closes (true) or `timeout` passes (false).
    public static func drainUntilClosed(_ fd: Int32, timeout: Duration) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let deadline = ContinuousClock.now + timeout
        while true {
            guard waitReadable(fd, until: deadline) else { return false }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return true }
        }
    }

    /// Reads what arrives within `timeout` (up to `limit` bytes), stopping early when the peer closes.
    public static func readAvailable(_ fd: Int32, timeout: Duration, limit: Int = 1 << 20) -> (data: Data, closed: Bool) {
        var out = Data()
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        let deadline = ContinuousClock.now + timeout
        while out.count < limit {
            guard waitReadable(fd, until: deadline) else { return (out, false) }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return (out, true) }
            out += buffer[0..<n]
        }
        return (out, false)
    }

    static func waitReadable(_ fd: Int32, until deadline: ContinuousClock.Instant) -> Bool {
        while true {
            let left = deadline - ContinuousClock.now
            if left <= .zero { return false }
            let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, milliseconds)
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return false }
        }
    }
}
