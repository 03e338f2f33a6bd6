import CNGHTTP2
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One accepted connection's I/O thread: the TLS handshake (with a deadline), the nghttp2
/// server session, and a `poll()` loop over the socket and a wake-up pipe that executes
/// handler commands, starts handler tasks and enforces call deadlines.
///
/// `@unchecked Sendable` because it is handed to its thread once at start and from then
/// on used only by that thread (including from nghttp2 callbacks, which run inside
/// nghttp2 calls made on that thread); handler tasks reach it only through
/// ``ServerConnection``'s command queue.
final class ServerConnectionIO: @unchecked Sendable {
    let core: ServerCore
    let connection: ServerConnection
    /// The socket, TLS and nghttp2 sessions and the poll loop (shared with the client).
    let pump: HTTP2SocketPump
    /// The nghttp2 session, once the handshake is done.
    var session: OpaquePointer? { pump.session }

    /// Calls by stream id.
    var streams: [Int32: ServerStreamContext] = [:]
    /// Deadlines of calls not yet expired, by stream id.
    private var deadlines: [Int32: ContinuousClock.Instant] = [:]
    /// Request header blocks being received.
    var headerBlocks = HeaderBlockCollector()
    /// Whether any HTTP/2 frame arrived (the client preface was valid).
    var receivedFrame = false
    private var shutdownDeadline: ContinuousClock.Instant?
    /// When the TLS handshake and the client's HTTP/2 preface must be done.
    private var prefaceDeadline = ContinuousClock.now

    init(core: ServerCore, connection: ServerConnection, socketFD: Int32, wakeReadFD: Int32, wakeWriteFD: Int32) {
        self.core = core
        self.connection = connection
        pump = HTTP2SocketPump(wakeReadFD: wakeReadFD, wakeWriteFD: wakeWriteFD, socketFD: socketFD)
    }

    private var peer: String { connection.peer }

    // MARK: Thread body

    /// Handshakes, serves the connection until it ends, then ends what is left.
    func run() {
        prefaceDeadline = ContinuousClock.now + core.configuration.handshakeTimeout
        var reason = GRPCStatus(code: .unavailable, message: "the connection from \(peer) closed")
        do throws(GRPCStatus) {
            if let tlsContext = core.tlsContext {
                let tls = try tlsContext.makeSession()
                try tls.handshake(fd: pump.socketFD, deadline: prefaceDeadline, peer: peer)
                pump.tls = tls
            }
            if connection.markEstablished() {
                pump.session = try ServerHTTP2Session.make(io: self, configuration: core.configuration)
                // Bytes the TLS handshake read past its end (a TLS 1.3 client's preface).
                try pump.decrypt(UnsafeRawBufferPointer(start: nil, count: 0), self)
                try pump.run(self)
            }
        } catch {
            reason = error
        }
        finish(reason)
    }

    /// Poll timeout in ms until the earliest call deadline, or -1 for none.
    private func nextTimeout() -> Int32 {
        guard let earliest = deadlines.values.min() else { return -1 }
        return SocketConnector.milliseconds(until: earliest)
    }

    private func expireDeadlines() {
        guard !deadlines.isEmpty else { return }
        let now = ContinuousClock.now
        for (id, deadline) in deadlines where deadline <= now {
            deadlines.removeValue(forKey: id)
            guard let context = streams[id] else { continue }
            let timeout = context.timeout.map { " of \($0)" } ?? ""
            abort(context, GRPCStatus(code: .deadlineExceeded, message: "deadline\(timeout) exceeded"))
        }
    }

    // MARK: Calls

    /// A request header block arrived: validate it, then start the handler or refuse.
    func startCall(streamID: Int32, fields: [(name: String, value: [UInt8])], endStream: Bool) {
        if shutdownDeadline != nil {
            _ = nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), streamID, NGHTTP2_REFUSED_STREAM.rawValue)
            return
        }
        let head: ServerRequestHead
        switch ServerRequestHead.parse(fields) {
        case .success(let parsed):
            head = parsed
        case .failure(.http(let status, let message)):
            _ = ServerHTTP2Session.submitResponse(session: session, streamID: streamID, fields: ServerResponseFields.httpRefusal(status: status, message: message), body: false)
            return
        case .failure(.grpc(let status)):
            _ = ServerHTTP2Session.submitResponse(session: session, streamID: streamID, fields: ServerResponseFields.trailersOnly(status), body: false)
            return
        }
        let configuration = core.configuration
        let context = ServerStreamContext(
            streamID: streamID, connection: connection, timeout: head.timeout,
            maxMessageSize: configuration.maxReceiveMessageSize,
            grantThreshold: max(16 * 1024, configuration.initialStreamWindowSize / 8), stats: core.stats)
        streams[streamID] = context
        if let deadline = context.deadline { deadlines[streamID] = deadline }
        if endStream { endOfRequest(streamID: streamID) }
        core.runHandler(GRPCServerCall(head: head, peer: peer, context: context))
    }

    /// The client half-closed a stream.
    func endOfRequest(streamID: Int32) {
        guard let context = streams[streamID] else { return }
        let (grant, aborted) = context.receiveEndOfRequest()
        if grant > 0 { _ = nghttp2_session_consume(session, streamID, grant) }
        if aborted { update(context) }
    }

    /// Ends a call early and sends its status.
    private func abort(_ context: ServerStreamContext, _ status: GRPCStatus) {
        let (changed, grant) = context.abort(status)
        if grant > 0, streams[context.streamID] === context {
            _ = nghttp2_session_consume(session, context.streamID, grant)
        }
        if changed { update(context) }
    }

    /// Submits what the call's response needs now.
    func update(_ context: ServerStreamContext) {
        let id = context.streamID
        guard streams[id] === context else { return }
        let rv: Int32
        switch context.takeResponseAction() {
        case .none:
            return
        case .submitHeaders(let metadata):
            rv = ServerHTTP2Session.submitResponse(session: session, streamID: id, fields: ServerResponseFields.headers(metadata), body: true)
        case .submitTrailersOnly(let status):
            rv = ServerHTTP2Session.submitResponse(session: session, streamID: id, fields: ServerResponseFields.trailersOnly(status), body: false)
        case .resumeData:
            rv = nghttp2_session_resume_data(session, id)
        }
        if rv != 0 {
            // The stream cannot carry the response (nghttp2 refused it): reset it, which
            // closes it and cancels the handler.
            _ = nghttp2_submit_rst_stream(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), id, NGHTTP2_INTERNAL_ERROR.rawValue)
        }
    }

    /// Forgets a closed stream (called from nghttp2's stream-close callback).
    func removeStream(_ id: Int32) -> ServerStreamContext? {
        _ = headerBlocks.take(id)
        deadlines.removeValue(forKey: id)
        return streams.removeValue(forKey: id)
    }

    // MARK: Commands

    func processCommands() {
        for command in connection.takeCommands() {
            switch command {
            case .update(let context):
                update(context)
            case .consume(let context, let count):
                if streams[context.streamID] === context {
                    _ = nghttp2_session_consume(session, context.streamID, count)
                } else {
                    // The stream is gone, but its bytes still count against the connection.
                    _ = nghttp2_session_consume_connection(session, count)
                }
            case .shutdown:
                beginShutdown()
            }
        }
    }

    /// Graceful shutdown: GOAWAY (no new calls), every running call ends with
    /// `unavailable`, and the connection closes once they are closed or after a grace
    /// period (a client that never reads its trailers must not hold the server).
    private func beginShutdown() {
        guard shutdownDeadline == nil else { return }
        shutdownDeadline = ContinuousClock.now + .seconds(2)
        let lastStream = nghttp2_session_get_last_proc_stream_id(session)
        _ = nghttp2_submit_goaway(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), lastStream, NGHTTP2_NO_ERROR.rawValue, nil, 0)
        for context in Array(streams.values) {
            abort(context, GRPCStatus(code: .unavailable, message: "the server is shutting down"))
        }
    }

    // MARK: End

    /// Ends every call still running, releases the session and the descriptors, and
    /// tells the server this connection is gone.
    private func finish(_ reason: GRPCStatus) {
        connection.markClosed()
        let status = GRPCStatus(code: .unavailable, message: "the connection ended: \(reason.message)")
        for context in streams.values { _ = context.abort(status) }
        streams.removeAll()
        deadlines.removeAll()
        pump.close()
        core.connectionEnded(connection)
    }
}

extension ServerConnectionIO: HTTP2LoopDriver {
    func shouldStop(flushed: Bool) throws(GRPCStatus) -> Bool {
        if nghttp2_session_want_read(session) == 0, nghttp2_session_want_write(session) == 0, flushed { return true }
        if let shutdownDeadline, flushed, streams.isEmpty || ContinuousClock.now >= shutdownDeadline { return true }
        return false
    }

    func pollTimeout() throws(GRPCStatus) -> Int32 {
        var timeout = nextTimeout()
        if !receivedFrame {
            let left = SocketConnector.milliseconds(until: prefaceDeadline)
            if left == 0 {
                throw GRPCStatus(code: .unavailable, message: "\(peer) sent no HTTP/2 preface in time")
            }
            timeout = timeout < 0 ? left : min(timeout, left)
        }
        if let shutdownDeadline {
            let left = max(1, SocketConnector.milliseconds(until: shutdownDeadline))
            timeout = timeout < 0 ? left : min(timeout, left)
        }
        return timeout
    }

    func afterPoll() throws(GRPCStatus) {
        expireDeadlines()
    }

    func status(for failure: SocketPumpFailure) -> GRPCStatus {
        if case .http2ReceiveFailed = failure {
            // nghttp2 has queued a GOAWAY for most protocol errors; try to send it.
            try? pump.flush(self)
        }
        return failure.status(peer: peer, side: .server)
    }

    func observeOutboundBuffer(_ count: Int) {
        core.stats.observeOutboundBuffer(count)
    }
}
