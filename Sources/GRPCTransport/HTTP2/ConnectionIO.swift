import CNGHTTP2
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One connection's I/O thread: connects (TCP, TLS), runs the nghttp2 client session and
/// a `poll()` loop over the socket and a wake-up pipe, executes callers' commands and
/// reports HTTP/2 events to the calls' ``StreamContext``s.
///
/// `@unchecked Sendable` because it is handed to its thread once at start and from then
/// on used only by that thread (including from nghttp2 callbacks, which run inside
/// nghttp2 calls made on that thread); callers reach it only through ``HTTP2Connection``.
final class ConnectionIO: @unchecked Sendable {
    let connection: HTTP2Connection
    /// The socket, TLS and nghttp2 sessions and the poll loop (shared with the server).
    let pump: HTTP2SocketPump
    /// The nghttp2 session, once connected.
    var session: OpaquePointer? { pump.session }
    /// The write end of the wake-up pipe, for ``HTTP2Connection``'s command queue.
    var wakeWriteFD: Int32 { pump.wakeWriteFD }

    /// Open streams by id, and ids by call.
    var streams: [Int32: StreamContext] = [:]
    private var streamIDs: [ObjectIdentifier: Int32] = [:]
    /// Header blocks being received.
    var headerBlocks = HeaderBlockCollector()
    /// The GOAWAY received, if any: streams above `lastStreamID` were not processed.
    var goAway: (lastStreamID: Int32, status: GRPCStatus)?
    /// Why the connection ended, once it did.
    var failure: GRPCStatus?
    /// nghttp2's description of the last protocol error, if any.
    var protocolError: String?
    private var readyReported = false
    private var shuttingDown = false
    private var shutdownDeadline: ContinuousClock.Instant?
    /// When connecting (TCP, TLS and the server's SETTINGS) must be done.
    private var connectDeadline = ContinuousClock.now
    /// Keepalive pings, when configured; starts once the connection is ready.
    private var keepalive: KeepaliveStateMachine?

    init(connection: HTTP2Connection) throws(GRPCStatus) {
        self.connection = connection
        guard let pipe = WakePipe.make() else {
            throw GRPCStatus(code: .internal, message: "cannot create a wake-up pipe: \(SocketConnector.errnoText())")
        }
        pump = HTTP2SocketPump(wakeReadFD: pipe.read, wakeWriteFD: pipe.write)
    }

    private var peer: String { connection.target.authority }

    // MARK: Thread body

    /// Connects, serves the connection until it ends, then fails what is left.
    func run() {
        connectDeadline = ContinuousClock.now + min(connection.settings.connectTimeout, .seconds(1_000_000_000))
        do throws(GRPCStatus) {
            try connect(deadline: connectDeadline)
            try pump.run(self)
        } catch {
            failure = failure ?? error
        }
        finish()
    }

    /// Throws `cancelled` if the task waiting for the connection was cancelled (checked
    /// between the blocking steps of connecting).
    private func checkConnectCancelled() throws(GRPCStatus) {
        if connection.shared.withLock({ $0.connectCancelled }) {
            throw GRPCStatus(code: .cancelled, message: "connecting to \(peer) was cancelled")
        }
    }

    private func connect(deadline: ContinuousClock.Instant) throws(GRPCStatus) {
        let target = connection.target
        // TLS settings are checked before connecting, so bad material is reported as such.
        let tls = target.security == .tls ? try TLSSession(target: target, configuration: connection.tls ?? .default) : nil
        pump.socketFD = try SocketConnector.connect(host: target.host, port: target.port, deadline: deadline)
        try checkConnectCancelled()
        if let tls {
            try tls.handshake(fd: pump.socketFD, deadline: deadline, peer: peer)
            pump.tls = tls
            try checkConnectCancelled()
        }
        pump.session = try NGHTTP2Session.makeClient(io: self, settings: connection.settings)
    }

    /// Poll timeout in ms until the earliest call deadline, or -1 for none.
    private func nextTimeout() -> Int32 {
        var earliest: ContinuousClock.Instant?
        for context in streams.values {
            if let deadline = context.deadline, earliest.map({ deadline < $0 }) ?? true { earliest = deadline }
        }
        guard let earliest else { return -1 }
        return SocketConnector.milliseconds(until: earliest)
    }

    private func expireDeadlines() {
        let now = ContinuousClock.now
        for (id, context) in streams {
            guard let deadline = context.deadline, deadline <= now else { continue }
            let timeout = context.timeout.map { " of \($0)" } ?? ""
            if context.fail(GRPCStatus(code: .deadlineExceeded, message: "deadline\(timeout) exceeded for \(context.path)")) {
                resetStream(id, errorCode: NGHTTP2_CANCEL.rawValue)
            }
        }
    }

    /// A frame arrived: the server is alive (see ``KeepaliveStateMachine``).
    func frameReceived() {
        keepalive?.receivedFrame(now: .now)
    }

    /// Sends a keepalive PING when the connection has been quiet too long, and fails the
    /// connection when the last one went unanswered.
    private func checkKeepalive() {
        guard !shuttingDown else { return }
        switch keepalive?.tick(now: .now, openCalls: streams.count) {
        case .sendPing:
            let rv = nghttp2_submit_ping(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), nil)
            if rv != 0 {
                failure = failure ?? GRPCStatus(code: .internal, message: "cannot send a keepalive ping: \(String(cString: nghttp2_strerror(rv)))")
            }
        case .fail(let status):
            failure = failure ?? GRPCStatus(code: status.code, message: "\(status.message) (\(peer))")
        case .none?, nil:
            break
        }
    }

    // MARK: Commands

    func processCommands() {
        for command in connection.shared.withLock({ $0.queue.take() }) {
            switch command {
            case .start(let context, let headers):
                startStream(context, headers: headers)
            case .resumeData(let context):
                if let id = streamIDs[ObjectIdentifier(context)] { _ = nghttp2_session_resume_data(session, id) }
            case .consume(let context, let count):
                if let id = streamIDs[ObjectIdentifier(context)] {
                    _ = nghttp2_session_consume(session, id, count)
                } else {
                    // The stream is gone, but its bytes still count against the connection.
                    _ = nghttp2_session_consume_connection(session, count)
                }
            case .reset(let context, let code):
                if let id = streamIDs[ObjectIdentifier(context)] { resetStream(id, errorCode: code) }
            case .shutdown:
                shutdown()
            }
        }
    }

    private func startStream(_ context: StreamContext, headers: [(name: String, value: [UInt8])]) {
        if shuttingDown || failure != nil {
            context.fail(GRPCStatus(code: .unavailable, message: "the transport was closed"))
            return
        }
        let id = NGHTTP2Session.submitRequest(session: session, headers: headers)
        guard id > 0 else {
            let reason = String(cString: nghttp2_strerror(id))
            let status = goAway?.status.message ?? "cannot open a new stream: \(reason)"
            context.fail(GRPCStatus(code: .unavailable, message: status))
            return
        }
        streams[id] = context
        streamIDs[ObjectIdentifier(context)] = id
    }

    func resetStream(_ id: Int32, errorCode: UInt32) {
        _ = nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), id, errorCode)
    }

    /// Forgets a closed stream (called from nghttp2's stream-close callback).
    func removeStream(_ id: Int32) -> StreamContext? {
        _ = headerBlocks.take(id)
        guard let context = streams.removeValue(forKey: id) else { return nil }
        streamIDs.removeValue(forKey: ObjectIdentifier(context))
        return context
    }

    private func shutdown() {
        shuttingDown = true
        shutdownDeadline = ContinuousClock.now + .seconds(1)
        let status = GRPCStatus(code: .unavailable, message: "the transport was closed")
        for context in streams.values { context.fail(status) }
        _ = nghttp2_session_terminate_session(session, NGHTTP2_NO_ERROR.rawValue)
    }

    /// The server's first SETTINGS arrived: the connection is usable.
    func reportReady() {
        guard !readyReported else { return }
        let (cancelled, waiter) = connection.shared.withLock { shared -> (Bool, CheckedContinuation<Void, any Error>?) in
            if shared.connectCancelled { return (true, nil) }
            shared.state.connected()
            defer { shared.readyWaiter = nil }
            return (false, shared.readyWaiter)
        }
        // A connect cancelled meanwhile is not reported ready (it would hand the caller a
        // transport already closing): its cancel queued the shutdown, and finish() fails the
        // waiter with `cancelled`.
        guard !cancelled else { return }
        readyReported = true
        if let settings = connection.settings.keepalive {
            keepalive = KeepaliveStateMachine(keepalive: settings, now: .now)
        }
        waiter?.resume()
    }

    /// What is known about why the server closed: its GOAWAY, or, before the HTTP/2 setup
    /// finished, the likely causes (it is common for a server to drop a connection whose
    /// security it does not accept without saying why).
    private var closeContext: String {
        if let goAway { return " (after \(goAway.status.message))" }
        guard !readyReported else { return "" }
        if connection.target.security == .plaintext {
            return " before completing HTTP/2 setup; if the server expects TLS, use a grpc+tls:// URL"
        }
        let tls = connection.tls ?? .default
        if tls.hasClientCertificate {
            return " right after the TLS handshake, before HTTP/2 setup; it may have rejected the client certificate"
        }
        return " right after the TLS handshake, before HTTP/2 setup; it may require a client certificate (mutual TLS)"
    }

    // MARK: End

    /// Fails every call and queued start, closes the connection state, releases resources.
    private func finish() {
        var status = failure ?? GRPCStatus(code: .unavailable, message: "the connection to \(peer) closed")
        if !readyReported, connection.shared.withLock({ $0.connectCancelled }) {
            status = GRPCStatus(code: .cancelled, message: "connecting to \(peer) was cancelled")
        }
        let (commands, waiter) = connection.shared.withLock { shared in
            shared.state.closed(status)
            let commands = shared.queue.close()
            defer { shared.readyWaiter = nil }
            return (commands, shared.readyWaiter)
        }
        waiter?.resume(throwing: status)
        for context in streams.values { context.fail(status) }
        for case .start(let context, _) in commands { context.fail(status) }
        streams.removeAll()
        streamIDs.removeAll()
        pump.close()
    }
}

extension ConnectionIO: HTTP2LoopDriver {
    func shouldStop(flushed: Bool) throws(GRPCStatus) -> Bool {
        if shuttingDown {
            // Done once the GOAWAY is out, or after a second if the server reads nothing.
            return flushed || shutdownDeadline.map({ ContinuousClock.now >= $0 }) == true
        }
        if nghttp2_session_want_read(session) == 0, nghttp2_session_want_write(session) == 0, flushed {
            let reason = goAway.map { " after \($0.status.message)" } ?? ""
            throw failure ?? GRPCStatus(code: .unavailable, message: "the HTTP/2 session with \(peer) ended\(reason)")
        }
        return false
    }

    func pollTimeout() throws(GRPCStatus) -> Int32 {
        var timeout = shuttingDown ? 50 : nextTimeout()
        if !readyReported {
            let connectLeft = SocketConnector.milliseconds(until: connectDeadline)
            if connectLeft == 0 {
                throw GRPCStatus(code: .unavailable, message: "\(peer) did not answer with HTTP/2 SETTINGS in time; is it a gRPC server\(connection.target.security == .plaintext ? " speaking plaintext HTTP/2" : "")?")
            }
            timeout = timeout < 0 ? connectLeft : min(timeout, connectLeft)
        }
        if !shuttingDown, let ping = keepalive?.nextDeadline(openCalls: streams.count) {
            let left = SocketConnector.milliseconds(until: ping)
            timeout = timeout < 0 ? left : min(timeout, left)
        }
        return timeout
    }

    func afterPoll() throws(GRPCStatus) {
        expireDeadlines()
        checkKeepalive()
        if let failure { throw failure }
    }

    /// A GOAWAY we sent for the server's protocol error already says what went wrong.
    var stopsReading: Bool { failure != nil }

    func status(for failure: SocketPumpFailure) -> GRPCStatus {
        failure.status(peer: peer, side: .client(closeContext: closeContext))
    }
}
