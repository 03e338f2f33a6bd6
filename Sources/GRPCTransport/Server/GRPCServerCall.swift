import Foundation

/// One call being served: the request's metadata and messages, and the response.
///
/// Unary, server-streaming, client-streaming and bidirectional methods all use this one
/// type: read requests with ``receive()`` until it returns `nil`, send responses with
/// ``send(_:)``, and end the call by returning from the handler (status OK, with the
/// trailers from ``setTrailers(_:)``) or by throwing a ``GRPCStatus``.
///
/// ``receive()`` and ``send(_:)`` may be used from different tasks (one receiving, one
/// sending), each by one task at a time. When the client cancels or disconnects, or the
/// deadline passes, the handler's task is cancelled and pending and later operations
/// throw the reason (`cancelled`, `deadlineExceeded`, `unavailable`).
public final class GRPCServerCall: Sendable {
    /// The method path, `/package.Service/Method`.
    public let path: String
    /// The request metadata: every header except pseudo-headers, `te` and `grpc-timeout`
    /// (`-bin` values decoded from base64).
    public let metadata: GRPCMetadata
    /// The request's `:authority`, if sent.
    public let authority: String?
    /// The timeout the client sent with `grpc-timeout`, if any.
    public let timeout: Duration?
    /// The client's address, `host:port` (`[v6]:port` for IPv6).
    public let peer: String
    let context: ServerStreamContext

    init(head: ServerRequestHead, peer: String, context: ServerStreamContext) {
        path = head.path
        metadata = head.metadata
        authority = head.authority
        timeout = head.timeout
        self.peer = peer
        self.context = context
    }

    /// When the call must be over (from ``timeout``), if it has a deadline.
    public var deadline: ContinuousClock.Instant? { context.deadline }

    /// Whether the call was cancelled: by the client (reset or disconnect), its deadline,
    /// a malformed request, or the server shutting down.
    public var isCancelled: Bool { context.abortStatus != nil }

    /// Why the call was cancelled, if it was.
    public var cancellationStatus: GRPCStatus? { context.abortStatus }

    /// The next request message, or `nil` once the client half-closed and every message
    /// was read. Waits for it. Reading releases HTTP/2 flow control, so a client sending
    /// faster than the handler reads is held back rather than buffered.
    ///
    /// Throws `cancelled`, `deadlineExceeded`, `resourceExhausted` (a message larger than
    /// the server's limit), `unimplemented` (a compressed message) or `unavailable`.
    public func receive() async throws -> Data? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Data?, any Error>) in
                let grant = context.receive(waiter)
                release(grant)
            }
        } onCancel: {
            cancelFromTask()
        }
    }

    /// Sends one response message, first sending the response headers if
    /// ``sendHeaders(_:)`` was not called. Returns once the whole message was handed to
    /// HTTP/2, which its flow control allows only as the client reads: a slow client makes
    /// this wait instead of making the server buffer. Throws the reason if the call ended.
    public func send(_ message: Data) async throws {
        guard message.count <= Int(UInt32.max) else {
            throw GRPCStatus(code: .resourceExhausted, message: "a gRPC message cannot be larger than 4 GiB")
        }
        let framed = MessageDeframer.frame(message)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
                if context.enqueueSend(framed, waiter: waiter) { update() }
            }
        } onCancel: {
            cancelFromTask()
        }
    }

    /// Sends the response headers now, with `metadata`; otherwise they go (empty) with the
    /// first message, or as part of a Trailers-Only response if there is none.
    /// Throws `invalidArgument` for metadata that cannot be sent (see ``GRPCMetadata``),
    /// `failedPrecondition` if headers were already sent, or the reason the call ended.
    public func sendHeaders(_ metadata: GRPCMetadata = GRPCMetadata()) async throws {
        _ = try metadata.wireHeaders()  // refuse bad names here, where the handler sees it
        if try context.queueHeaders(metadata) { update() }
    }

    /// Sets the trailers sent when the handler returns normally (replacing earlier ones).
    /// When it throws a ``GRPCStatus``, these come first, then the status's own metadata.
    public func setTrailers(_ metadata: GRPCMetadata) {
        context.setTrailers(metadata)
    }

    /// The handler's task was cancelled (by us, or by whoever owns it): end the call.
    private func cancelFromTask() {
        let (changed, grant) = context.abort(GRPCStatus(code: .cancelled, message: "the handler of \(path) was cancelled"), cancelTask: false)
        release(grant)
        if changed { update() }
    }

    /// Releases request bytes to the client's windows.
    func release(_ grant: Int) {
        if grant > 0 { context.connection.enqueue(.consume(context, grant)) }
    }

    /// Asks the I/O thread to look at the response; if the connection is already gone,
    /// ends the call so that no sender waits forever.
    func update() {
        if !context.connection.enqueue(.update(context)) {
            _ = context.abort(GRPCStatus(code: .unavailable, message: "the connection from \(peer) is closed"), cancelTask: false)
        }
    }
}

extension GRPCServerCall {
    /// The handler returned or threw: end the call with `status` (the server's runner).
    func finishHandler(_ status: GRPCStatus) {
        let (needsUpdate, grant) = context.finish(status)
        release(grant)
        if needsUpdate { update() }
    }
}
