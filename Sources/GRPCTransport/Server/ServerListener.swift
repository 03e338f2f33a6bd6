import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The listening socket of a ``GRPCServer`` and its accept thread.
///
/// `@unchecked Sendable`: `fd` and `wakeReadFD` are used only by the accept thread once it
/// runs (it closes them when it ends); other threads touch only the wake-up pipe's write
/// end, under `state`'s lock, and the lock-protected state.
final class ServerListener: @unchecked Sendable {
    /// The listening socket.
    private let fd: Int32
    /// The port actually bound (the one picked by the system for port 0).
    let port: Int
    private let wakeReadFD: Int32
    private struct State {
        var wakeWriteFD: Int32
        var stopped = false
        var ended = false
        var endWaiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state: Locked<State>

    private init(fd: Int32, port: Int, wakeReadFD: Int32, wakeWriteFD: Int32) {
        self.fd = fd
        self.port = port
        self.wakeReadFD = wakeReadFD
        state = Locked(State(wakeWriteFD: wakeWriteFD))
    }

    /// Binds and listens on `host` (an IPv4 or IPv6 literal, or a name: its first address
    /// that binds is used) and `port` (0 picks a free one). Throws `unavailable` saying why.
    static func bind(host: String, port: Int) throws(GRPCStatus) -> ServerListener {
        guard (0...65535).contains(port) else {
            throw GRPCStatus(code: .invalidArgument, message: "port \(port) is not from 0 to 65535")
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        hints.ai_flags = AI_PASSIVE | (GRPCTarget.isIPv4Literal(host) || GRPCTarget.isIPv6Literal(host) ? AI_NUMERICHOST : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, list != nil else {
            throw GRPCStatus(code: .unavailable, message: "cannot resolve host \"\(host)\" to listen on: \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var failures: [String] = []
        var entry = list
        while let info = entry {
            entry = info.pointee.ai_next
            do throws(GRPCStatus) {
                let fd = try listen(info.pointee)
                let bound = boundPort(fd)
                guard let pipe = WakePipe.make() else {
                    close(fd)
                    throw GRPCStatus(code: .internal, message: "cannot create a wake-up pipe: \(SocketConnector.errnoText())")
                }
                return ServerListener(fd: fd, port: bound, wakeReadFD: pipe.read, wakeWriteFD: pipe.write)
            } catch {
                failures.append(error.message)
            }
        }
        throw GRPCStatus(code: .unavailable, message: "cannot listen on \(host):\(port): \(failures.joined(separator: "; "))")
    }

    private static func listen(_ info: addrinfo) throws(GRPCStatus) -> Int32 {
        let fd = socket(info.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), info.ai_protocol)
        guard fd >= 0 else { throw GRPCStatus(code: .unavailable, message: "socket(): \(SocketConnector.errnoText())") }
        var one: Int32 = 1
        // A restarted server must be able to take its port back while old connections linger.
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard Glibc.bind(fd, info.ai_addr, info.ai_addrlen) == 0 else {
            let text = SocketConnector.errnoText()
            close(fd)
            throw GRPCStatus(code: .unavailable, message: "bind: \(text)")
        }
        guard Glibc.listen(fd, 512) == 0 else {
            let text = SocketConnector.errnoText()
            close(fd)
            throw GRPCStatus(code: .unavailable, message: "listen: \(text)")
        }
        return fd
    }

    private static func boundPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Self.describe(storage).port
    }

    /// The numeric host and port of a socket address.
    static func describe(_ storage: sockaddr_storage) -> (host: String, port: Int) {
        var storage = storage
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let length = socklen_t(storage.ss_family == sa_family_t(AF_INET6) ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
        let rc = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, length, &host, socklen_t(host.count), &service, socklen_t(service.count), NI_NUMERICHOST | NI_NUMERICSERV)
            }
        }
        guard rc == 0 else { return ("?", 0) }
        return (SocketConnector.cText(host), Int(SocketConnector.cText(service)) ?? 0)
    }

    /// Starts the accept thread; `accept` gets each new non-blocking socket and the
    /// client's `host:port`.
    func start(accept: @escaping @Sendable (Int32, String) -> Void) {
        let thread = Thread { [self] in
            run(accept: accept)
        }
        thread.name = "grpc-server-accept :\(port)"
        thread.start()
    }

    private func run(accept: @Sendable (Int32, String) -> Void) {
        var fds = [
            pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeReadFD, events: Int16(POLLIN), revents: 0),
        ]
        while !state.withLock({ $0.stopped }) {
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, 2, -1)
            if ready < 0, errno != EINTR { break }
            if fds[1].revents != 0 { break }
            guard fds[0].revents != 0 else { continue }
            // Accept everything pending; a burst of clients costs one poll.
            while true {
                var storage = sockaddr_storage()
                var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let client = withUnsafeMutablePointer(to: &storage) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        Glibc.accept(fd, $0, &length)
                    }
                }
                if client < 0 {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                        // Out of descriptors: back off instead of spinning on poll.
                        usleep(20_000)
                    }
                    break
                }
                WakePipe.makeNonBlocking(client)
                var one: Int32 = 1
                _ = setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                let address = Self.describe(storage)
                let peer = address.host.contains(":") ? "[\(address.host)]:\(address.port)" : "\(address.host):\(address.port)"
                accept(client, peer)
            }
        }
        close(fd)
        close(wakeReadFD)
        let waiters = state.withLock { state in
            state.ended = true
            defer { state.endWaiters.removeAll() }
            return state.endWaiters
        }
        waiters.forEach { $0.resume() }
    }

    /// Stops accepting and waits until the listening socket is closed.
    func stop() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if !state.stopped {
                    state.stopped = true
                    var byte: UInt8 = 1
                    _ = write(state.wakeWriteFD, &byte, 1)
                    close(state.wakeWriteFD)
                    state.wakeWriteFD = -1
                }
                if state.ended { return true }
                state.endWaiters.append(waiter)
                return false
            }
            if done { waiter.resume() }
        }
    }
}
