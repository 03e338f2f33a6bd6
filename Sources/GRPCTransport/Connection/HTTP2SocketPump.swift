import CNGHTTP2
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why a ``HTTP2SocketPump`` stopped, for its driver to word: the client and the server
/// describe the same event differently ("the server closed…" / "the client closed…").
enum SocketPumpFailure {
    /// The peer closed the TCP connection (`recv` returned 0).
    case peerClosed
    /// The peer ended the TLS session (close_notify).
    case tlsClosed
    /// `recv` failed with this errno.
    case readFailed(errno: Int32)
    /// `send` failed with this errno.
    case writeFailed(errno: Int32)
    /// `poll` failed with this errno.
    case pollFailed(errno: Int32)
    /// nghttp2 could not produce frames (its error code).
    case http2SendFailed(Int32)
    /// nghttp2 rejected received bytes as a protocol error (its error code).
    case http2ReceiveFailed(Int32)

    /// Which end of the connection words the failure.
    enum Side {
        /// The client; `closeContext` says what is known about why the server closed.
        case client(closeContext: String)
        /// The server.
        case server
    }

    /// The `unavailable` (or, for nghttp2's own failures, `internal`) status that ends a
    /// connection with `peer` for this failure, worded from `side`'s point of view.
    func status(peer: String, side: Side) -> GRPCStatus {
        let closer: String, link: String, context: String
        switch side {
        case .client(let closeContext):
            (closer, link, context) = ("the server \(peer)", "connection to \(peer)", closeContext)
        case .server:
            (closer, link, context) = (peer, "connection from \(peer)", "")
        }
        switch self {
        case .peerClosed:
            return GRPCStatus(code: .unavailable, message: "\(closer) closed the connection\(context)")
        case .tlsClosed:
            return GRPCStatus(code: .unavailable, message: "\(closer) closed the TLS session\(context)")
        case .readFailed(let code):
            var reason = Self.text(code)
            if case .client = side, code == ECONNRESET { reason = "connection reset by the server" }
            return GRPCStatus(code: .unavailable, message: "\(link) lost: \(reason)\(context)")
        case .writeFailed(let code):
            return GRPCStatus(code: .unavailable, message: "\(link) lost while writing: \(Self.text(code))")
        case .pollFailed(let code):
            return GRPCStatus(code: .unavailable, message: "poll() failed: \(Self.text(code))")
        case .http2SendFailed(let code):
            return GRPCStatus(code: .internal, message: "HTTP/2 error: \(String(cString: nghttp2_strerror(code)))")
        case .http2ReceiveFailed(let code):
            let on: String
            if case .server = side { on = "from \(peer)" } else { on = "on the connection to \(peer)" }
            return GRPCStatus(code: .unavailable, message: "HTTP/2 protocol error \(on): \(String(cString: nghttp2_strerror(code)))")
        }
    }

    /// `strerror` of an errno.
    static func text(_ code: Int32) -> String { String(cString: strerror(code)) }
}

/// The side-specific part of a connection's I/O loop (``ConnectionIO`` for the client,
/// ``ServerConnectionIO`` for the server); ``HTTP2SocketPump/run(_:)`` calls these in
/// every turn.
protocol HTTP2LoopDriver: AnyObject {
    /// Executes the commands other threads queued.
    func processCommands()
    /// Called after frames were flushed: whether the loop is done (`flushed` says nothing
    /// waits for the socket). Throws to end the connection with that status.
    func shouldStop(flushed: Bool) throws(GRPCStatus) -> Bool
    /// How long `poll()` may wait, in ms (-1: no limit). Throws when a setup deadline passed.
    func pollTimeout() throws(GRPCStatus) -> Int32
    /// After `poll()` returned and the socket was served: timers (call deadlines,
    /// keepalive). Throws to end the connection.
    func afterPoll() throws(GRPCStatus)
    /// Whether to stop reading for this turn (the connection is already failing).
    var stopsReading: Bool { get }
    /// The status that ends the connection for `failure`.
    func status(for failure: SocketPumpFailure) -> GRPCStatus
    /// How many bytes wait for the socket after a flush (the server's statistics).
    func observeOutboundBuffer(_ count: Int)
}

extension HTTP2LoopDriver {
    var stopsReading: Bool { false }
    func observeOutboundBuffer(_ count: Int) {}
}

/// One connection's socket, TLS session and nghttp2 session, and the `poll()` loop that
/// moves bytes between them, shared by the client and the server I/O threads.
///
/// Not thread-safe: owned and used only by one connection's I/O thread (nghttp2 callbacks
/// run inside its calls, on that thread).
final class HTTP2SocketPump {
    /// Stop pulling frames from nghttp2 while this many bytes wait for the socket: a peer
    /// that does not read keeps our memory bounded.
    static let outboundLimit = 256 * 1024

    /// The wake-up pipe other threads write to (see ``WakePipe``).
    let wakeReadFD: Int32
    let wakeWriteFD: Int32
    /// The connected, non-blocking socket; -1 until connected.
    var socketFD: Int32
    /// The TLS session once its handshake is done, for TLS connections.
    var tls: TLSSession?
    /// The nghttp2 session, once created.
    var session: OpaquePointer?

    /// Bytes waiting to be written to the socket (ciphertext under TLS).
    private var outbound: [UInt8] = []
    private var outboundOffset = 0
    /// Frames gathered for one TLS encryption (see ``flush(_:)``).
    private var tlsBatch: [UInt8] = []
    /// TLS records produced while decrypting (post-handshake answers), kept apart from
    /// ``outbound`` because a flush may run from inside decryption.
    private var decryptOutput: [UInt8] = []
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    /// A pump for `socketFD` (or -1 until connected), woken through the given pipe.
    init(wakeReadFD: Int32, wakeWriteFD: Int32, socketFD: Int32 = -1) {
        self.wakeReadFD = wakeReadFD
        self.wakeWriteFD = wakeWriteFD
        self.socketFD = socketFD
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Whether bytes wait for the socket.
    var hasPendingOutput: Bool { outboundOffset < outbound.count }

    // MARK: Loop

    /// Serves the connection until the driver says it is done or something fails.
    func run(_ driver: some HTTP2LoopDriver) throws(GRPCStatus) {
        guard session != nil else { return }
        while true {
            driver.processCommands()
            try flush(driver)
            if try driver.shouldStop(flushed: !hasPendingOutput) { return }
            let timeout = try driver.pollTimeout()
            var fds = [
                pollfd(fd: socketFD, events: Int16(POLLIN) | (hasPendingOutput ? Int16(POLLOUT) : 0), revents: 0),
                pollfd(fd: wakeReadFD, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, timeout)
            if ready < 0, errno != EINTR {
                throw driver.status(for: .pollFailed(errno: errno))
            }
            if fds[1].revents != 0 { WakePipe.drain(wakeReadFD) }
            if fds[0].revents & Int16(POLLOUT) != 0 { try writeSocket(driver) }
            if fds[0].revents & (Int16(POLLIN) | Int16(POLLHUP) | Int16(POLLERR)) != 0 { try readSocket(driver) }
            try driver.afterPoll()
        }
    }

    // MARK: Writing

    /// Moves frames from nghttp2 to the socket, pausing while ``outboundLimit`` bytes are
    /// unwritten. Returns only when nghttp2 has nothing more to send or the socket is full:
    /// stopping at the buffer limit while the socket could take more would leave frames
    /// unsent until some unrelated event woke the loop (the poll waits for POLLOUT only
    /// with bytes pending).
    func flush(_ driver: some HTTP2LoopDriver) throws(GRPCStatus) {
        while true {
            var drained = false
            // Under TLS the frames are gathered and encrypted together, so that records are
            // full 16 KiB ones rather than one per frame plus a 9-byte one for each frame
            // header that spills over (which some peers, grpc-core among them, read slowly).
            let plaintextStart = outbound.count
            while outbound.count - outboundOffset < Self.outboundLimit {
                var data: UnsafePointer<UInt8>?
                let n = nghttp2_session_mem_send(session, &data)
                if n < 0 { throw driver.status(for: .http2SendFailed(Int32(n))) }
                guard n > 0, let data else {
                    drained = true
                    break
                }
                outbound.append(contentsOf: UnsafeBufferPointer(start: data, count: n))
            }
            if let tls, outbound.count > plaintextStart {
                tlsBatch.removeAll(keepingCapacity: true)
                tlsBatch.append(contentsOf: outbound[plaintextStart...])
                outbound.removeSubrange(plaintextStart...)
                let batch = UnsafeMutableRawBufferPointer.allocate(byteCount: tlsBatch.count, alignment: 1)
                defer { batch.deallocate() }
                tlsBatch.withUnsafeBytes { batch.copyMemory(from: $0) }
                try tls.encrypt(UnsafeRawBufferPointer(batch), into: &outbound)
            }
            driver.observeOutboundBuffer(outbound.count - outboundOffset)
            try writeSocket(driver)
            if drained || hasPendingOutput { return }
        }
    }

    private func writeSocket(_ driver: some HTTP2LoopDriver) throws(GRPCStatus) {
        while outboundOffset < outbound.count {
            let n = outbound.withUnsafeBytes { send(socketFD, $0.baseAddress!.advanced(by: outboundOffset), $0.count - outboundOffset, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                outboundOffset += n
            } else if n < 0, errno == EINTR {
                continue
            } else if n < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                break
            } else {
                throw driver.status(for: .writeFailed(errno: errno))
            }
        }
        if outboundOffset >= outbound.count {
            outbound.removeAll(keepingCapacity: outbound.capacity <= 1 << 20)
            outboundOffset = 0
        } else if outboundOffset > 1 << 20 {
            outbound.removeFirst(outboundOffset)
            outboundOffset = 0
        }
    }

    // MARK: Reading

    /// Reads what the socket has (bounded per turn, so writes and commands are not starved).
    private func readSocket(_ driver: some HTTP2LoopDriver) throws(GRPCStatus) {
        for _ in 0..<64 {
            let n = recv(socketFD, readBuffer.baseAddress, readBuffer.count, 0)
            if n > 0 {
                let bytes = UnsafeRawBufferPointer(rebasing: readBuffer[0..<n])
                if tls != nil {
                    try decrypt(bytes, driver)
                } else {
                    try feed(bytes, driver)
                }
                if driver.stopsReading { return }
            } else if n == 0 {
                throw driver.status(for: .peerClosed)
            } else if errno == EINTR {
                continue
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return
            } else {
                throw driver.status(for: .readFailed(errno: errno))
            }
        }
    }

    /// Feeds ciphertext through TLS to nghttp2. With no bytes, it processes what the TLS
    /// handshake already read past its end: a TLS 1.3 peer may send its HTTP/2 preface
    /// (and first request) right after its Finished message, and the socket will not
    /// signal those bytes again.
    func decrypt(_ ciphertext: UnsafeRawBufferPointer, _ driver: some HTTP2LoopDriver) throws(GRPCStatus) {
        guard let tls else { return }
        let open = try tls.decrypt(ciphertext, output: &decryptOutput) { plaintext throws(GRPCStatus) in
            try self.feed(plaintext, driver)
        }
        if !decryptOutput.isEmpty {
            outbound.append(contentsOf: decryptOutput)
            decryptOutput.removeAll(keepingCapacity: true)
        }
        if !open { throw driver.status(for: .tlsClosed) }
    }

    private func feed(_ bytes: UnsafeRawBufferPointer, _ driver: some HTTP2LoopDriver) throws(GRPCStatus) {
        guard bytes.count > 0 else { return }
        let rv = nghttp2_session_mem_recv(session, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes.count)
        if rv < 0 { throw driver.status(for: .http2ReceiveFailed(Int32(rv))) }
    }

    // MARK: End

    /// Deletes the session, ends TLS and closes the socket and the pipe.
    func close() {
        if let session { nghttp2_session_del(session) }
        session = nil
        tls = nil
        if socketFD >= 0 { Glibc.close(socketFD) }
        socketFD = -1
        Glibc.close(wakeReadFD)
        Glibc.close(wakeWriteFD)
    }
}
