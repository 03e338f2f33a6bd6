import Foundation
import Synchronization
@testable import GRPCTransport
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Blocking TCP helpers for fault injection: a listener on a free loopback port, and
/// reading and writing whole buffers.
enum TestTCP {
    /// A blocking listening socket on 127.0.0.1 and its port.
    static func listen() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw GRPCStatus(code: .internal, message: "socket: \(SocketConnector.errnoText())") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 16) == 0 else {
            close(fd)
            throw GRPCStatus(code: .internal, message: "bind/listen: \(SocketConnector.errnoText())")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A blocking connection to 127.0.0.1:`port`.
    static func connect(port: Int) throws -> Int32 {
        let fd = try SocketConnector.connect(host: "127.0.0.1", port: port, deadline: .now + .seconds(5))
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return fd
    }

    /// Reads exactly `count` bytes; `nil` if the peer closed first.
    static func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let n = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress!.advanced(by: offset), count - offset, 0) }
            if n <= 0 { return nil }
            offset += n
        }
        return bytes
    }
}

/// A TCP proxy to a local port whose existing connections can be frozen: from then on it
/// still reads from both sides but forwards nothing, like a peer or network that silently
/// died (nothing real does this on demand, hence the injection). Connections made after
/// ``freeze()`` are forwarded normally.
final class FreezingProxy: @unchecked Sendable {
    /// The port clients connect to.
    let port: Int
    private let listenFD: Int32
    private let upstreamPort: Int
    /// Connections by generation; `frozenBelow` freezes every connection accepted before it.
    private let state = Mutex<(generation: Int, frozenBelow: Int, fds: [Int32])>((0, 0, []))

    /// Starts proxying 127.0.0.1:`port` to 127.0.0.1:`upstreamPort`.
    init(upstreamPort: Int) throws {
        (listenFD, port) = try TestTCP.listen()
        self.upstreamPort = upstreamPort
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops forwarding on every connection open now.
    func freeze() {
        state.withLock { $0.frozenBelow = $0.generation + 1 }
    }

    /// Stops the proxy: the listener and every connection are shut down (their threads
    /// then end and close the descriptors).
    func close() {
        state.withLock { state in
            _ = shutdown(listenFD, Int32(SHUT_RDWR))
            for fd in state.fds { _ = shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop() {
        defer { Glibc.close(listenFD) }
        while true {
            let client = accept(listenFD, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return  // shut down
            }
            guard let upstream = try? TestTCP.connect(port: upstreamPort) else {
                Glibc.close(client)
                continue
            }
            let generation = state.withLock { state in
                state.generation += 1
                state.fds += [client, upstream]
                return state.generation
            }
            let open = Atomic<Int>(2)
            for (from, to) in [(client, upstream), (upstream, client)] {
                let thread = Thread { [self] in
                    forward(from: from, to: to, generation: generation)
                    // The second direction to end closes both descriptors.
                    if open.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
                        state.withLock { $0.fds.removeAll { $0 == client || $0 == upstream } }
                        Glibc.close(client)
                        Glibc.close(upstream)
                    }
                }
                thread.start()
            }
        }
    }

    private func forward(from: Int32, to: Int32, generation: Int) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(from, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            if state.withLock({ generation < $0.frozenBelow }) { continue }  // swallowed
            let delivered = buffer.withUnsafeBytes { RawSockets.writeAll(to, UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            if !delivered { break }
        }
        _ = shutdown(to, Int32(SHUT_WR))
        _ = shutdown(from, Int32(SHUT_RD))
    }
}

/// A one-connection HTTP/2 server that answers the first request with scripted frames, for
/// responses our own server never sends (a compressed message, an unknown `grpc-encoding`).
final class ScriptedHTTP2Server: @unchecked Sendable {
    /// The port to connect to.
    let port: Int
    private let listenFD: Int32

    /// Serves one connection: after the client preface sends an empty SETTINGS and a
    /// SETTINGS ACK, reads frames until the first HEADERS, sends `response`, and reads
    /// until the client closes.
    init(response: Data) throws {
        (listenFD, port) = try TestTCP.listen()
        let listenFD = self.listenFD
        let thread = Thread {
            defer { Glibc.close(listenFD) }
            let fd = accept(listenFD, nil, nil)
            guard fd >= 0 else { return }
            defer { Glibc.close(fd) }
            guard TestTCP.readExactly(fd, 24) != nil else { return }
            // The client starts calls only after the server's SETTINGS.
            let settings = Self.frame(type: 0x4, flags: 0, stream: 0, []) + Self.frame(type: 0x4, flags: 0x1, stream: 0, [])
            RawSockets.writeAll(fd, settings)
            while let header = TestTCP.readExactly(fd, 9) {
                let length = Int(header[0]) << 16 | Int(header[1]) << 8 | Int(header[2])
                guard TestTCP.readExactly(fd, length) != nil else { return }
                if header[3] == 0x1 { break }  // HEADERS: the request started
            }
            RawSockets.writeAll(fd, response)
            var sink = [UInt8](repeating: 0, count: 4096)
            while sink.withUnsafeMutableBytes({ recv(fd, $0.baseAddress, $0.count, 0) }) > 0 {}
        }
        thread.start()
    }

    /// Stops waiting for a connection (when the test never made one).
    func close() {
        _ = shutdown(listenFD, Int32(SHUT_RDWR))
    }

    /// An HTTP/2 frame.
    static func frame(type: UInt8, flags: UInt8, stream: UInt32, _ payload: [UInt8]) -> Data {
        ServerRobustnessTests.frame(type: type, flags: flags, stream: stream, payload)
    }

    /// A HEADERS frame on stream 1 with these fields (HPACK literals, no Huffman).
    static func headers(_ fields: [(String, String)], endStream: Bool) -> Data {
        let block = fields.flatMap { ServerRobustnessTests.literal($0.0, $0.1) }
        return frame(type: 0x1, flags: 0x4 | (endStream ? 0x1 : 0), stream: 1, block)
    }

    /// A DATA frame on stream 1 holding one gRPC message with the given compressed flag.
    static func message(_ payload: [UInt8], compressed: Bool) -> Data {
        let length = payload.count
        let prefix: [UInt8] = [compressed ? 1 : 0, UInt8(length >> 24 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        return frame(type: 0x0, flags: 0, stream: 1, prefix + payload)
    }
}
