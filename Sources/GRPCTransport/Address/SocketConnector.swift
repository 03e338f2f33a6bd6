import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Opens a non-blocking TCP connection to a host and port, trying every address
/// `getaddrinfo` returns until one accepts. Blocking; runs on a connection's I/O thread.
enum SocketConnector {
    /// Connects before `deadline`; returns the connected, non-blocking socket.
    /// Throws an `unavailable` status naming every address tried and why it failed.
    static func connect(host: String, port: Int, deadline: ContinuousClock.Instant) throws(GRPCStatus) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        hints.ai_flags = AI_ADDRCONFIG | (GRPCTarget.isIPv4Literal(host) || GRPCTarget.isIPv6Literal(host) ? AI_NUMERICHOST : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        if rc != 0 || list == nil {
            // AI_ADDRCONFIG hides ::1 on hosts without a global IPv6 address; retry without it.
            hints.ai_flags &= ~AI_ADDRCONFIG
            let retry = getaddrinfo(host, String(port), &hints, &list)
            if retry != 0 || list == nil {
                throw GRPCStatus(code: .unavailable, message: "cannot resolve host \"\(host)\": \(String(cString: gai_strerror(retry)))")
            }
        }
        defer { freeaddrinfo(list) }
        var failures: [String] = []
        var entry = list
        while let info = entry {
            entry = info.pointee.ai_next
            let address = describe(info.pointee.ai_addr, length: info.pointee.ai_addrlen)
            do throws(GRPCStatus) {
                return try connect(info.pointee, deadline: deadline)
            } catch {
                failures.append("\(address): \(error.message)")
            }
        }
        let tried = failures.isEmpty ? "no addresses" : failures.joined(separator: "; ")
        throw GRPCStatus(code: .unavailable, message: "cannot connect to \(host):\(port): \(tried)")
    }

    private static func connect(_ info: addrinfo, deadline: ContinuousClock.Instant) throws(GRPCStatus) -> Int32 {
        let fd = socket(info.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), info.ai_protocol)
        guard fd >= 0 else { throw GRPCStatus(code: .unavailable, message: "socket(): \(errnoText())") }
        var ok = false
        defer { if !ok { close(fd) } }
        var one: Int32 = 1
        // Small HTTP/2 frames (headers, window updates, pings) must not wait for Nagle.
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        if Glibc.connect(fd, info.ai_addr, info.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else { throw GRPCStatus(code: .unavailable, message: errnoText()) }
            guard try waitWritable(fd, deadline: deadline) else {
                throw GRPCStatus(code: .unavailable, message: "connection timed out")
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else { throw GRPCStatus(code: .unavailable, message: String(cString: strerror(error))) }
        }
        ok = true
        return fd
    }

    /// Waits until `fd` is writable; `false` if the deadline passed first.
    private static func waitWritable(_ fd: Int32, deadline: ContinuousClock.Instant) throws(GRPCStatus) -> Bool {
        while true {
            let timeout = milliseconds(until: deadline)
            if timeout == 0 { return false }
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let n = poll(&pfd, 1, timeout)
            if n > 0 { return true }
            if n < 0, errno != EINTR { throw GRPCStatus(code: .unavailable, message: "poll(): \(errnoText())") }
        }
    }

    /// Milliseconds until `deadline` (at least 1 while it is in the future, 0 after),
    /// capped so that poll's Int32 cannot overflow.
    static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1
        return Int32(min(ms, 3_600_000))
    }

    /// `strerror(errno)`.
    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// A NUL-terminated C string held in an array.
    static func cText(_ chars: [CChar]) -> String {
        String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func describe(_ address: UnsafeMutablePointer<sockaddr>?, length: socklen_t) -> String {
        guard let address else { return "?" }
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        guard getnameinfo(address, length, &host, socklen_t(host.count), &service, socklen_t(service.count), NI_NUMERICHOST | NI_NUMERICSERV) == 0 else {
            return "?"
        }
        let hostText = cText(host)
        return hostText.contains(":") ? "[\(hostText)]:\(cText(service))" : "\(hostText):\(cText(service))"
    }
}
