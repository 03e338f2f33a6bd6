import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A raw HTTP/2 "server" that answers every connection's first request with bytes a fuzz
/// case chose (``respond(with:closeAfterWrite:)``): whatever the script holds when the
/// request arrives is written as is, so frames, HPACK blocks and gRPC framing can be
/// arbitrarily broken. Each connection is served by its own thread.
public final class HostileHTTP2Server: Sendable {
    /// The script for the next requests.
    public struct Script: Sendable {
        /// Written after the server's SETTINGS, once the request's HEADERS arrived.
        public var response: Data
        /// Close the connection right after writing (a peer dying mid-frame) instead of
        /// waiting for the client to close.
        public var closeAfterWrite: Bool

        /// A script.
        public init(response: Data, closeAfterWrite: Bool = false) {
            self.response = response
            self.closeAfterWrite = closeAfterWrite
        }
    }

    /// The port to connect to.
    public let port: Int
    private let listenFD: Int32
    private let script = Mutex(Script(response: Data()))
    /// Connection threads still running, so the test can check none is stuck.
    private let open = Atomic<Int>(0)

    /// Starts listening on a free loopback port.
    public init() throws {
        guard let (fd, port) = RawSockets.listen() else { throw CocoaError(.fileReadUnknown) }
        self.listenFD = fd
        self.port = port
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Sets what the next requests get.
    public func respond(with response: Data, closeAfterWrite: Bool = false) {
        script.withLock { $0 = Script(response: response, closeAfterWrite: closeAfterWrite) }
    }

    /// Connections being served now.
    public var openConnections: Int { open.load(ordering: .acquiring) }

    /// Stops accepting (running connections end when their clients close).
    public func close() {
        _ = shutdown(listenFD, Int32(SHUT_RDWR))
    }

    private func acceptLoop() {
        defer { Glibc.close(listenFD) }
        while true {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            open.add(1, ordering: .acquiringAndReleasing)
            let thread = Thread { [self] in
                serve(fd)
                Glibc.close(fd)
                open.subtract(1, ordering: .acquiringAndReleasing)
            }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        guard RawSockets.read(fd, 24, timeout: .seconds(10)) != nil else { return }
        // The client starts its calls only after the server's SETTINGS.
        let settings = RawHTTP2.frame(RawHTTP2.FrameType.settings.rawValue, stream: 0, Data())
            + RawHTTP2.frame(RawHTTP2.FrameType.settings.rawValue, flags: 0x1, stream: 0, Data())
        guard RawSockets.writeAll(fd, settings) else { return }
        while let header = RawSockets.read(fd, 9, timeout: .seconds(10)) {
            let length = Int(header[0]) << 16 | Int(header[1]) << 8 | Int(header[2])
            if length > 0 { guard RawSockets.read(fd, length, timeout: .seconds(10)) != nil else { return } }
            if header[3] == RawHTTP2.FrameType.headers.rawValue { break }  // the request started
        }
        let script = script.withLock { $0 }
        guard RawSockets.writeAll(fd, script.response) else { return }
        if script.closeAfterWrite { return }
        _ = RawSockets.drainUntilClosed(fd, timeout: .seconds(30))
    }
}
