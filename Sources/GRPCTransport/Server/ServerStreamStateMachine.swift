import Foundation

/// The life of one call's HTTP/2 stream on the server, as a value type with no I/O, so
/// that every transition can be unit-tested.
///
/// Request side: messages are deframed and queued until the handler takes them; the
/// flow-control accounting releases received bytes to the client only as the handler
/// reads (so a fast client cannot make the server buffer more than the stream window plus
/// one partial message), then END_STREAM ends the request stream.
///
/// Response side: idle → headers queued (by the handler, or implicitly by its first
/// message) → submitted (HEADERS sent with a data source reading ``readOutbound(into:)``)
/// → done (trailers handed over). A call that ends before anything was sent takes the
/// Trailers-Only path: idle → done. A handler's message stays queued until HTTP/2 flow
/// control lets all of its bytes go, and the sender waits for that, so at most one message
/// per sender is buffered however slowly the client reads.
///
/// The final status is decided once: by the handler returning or throwing, or earlier by
/// an abort (client reset, deadline, malformed or oversized request, lost connection).
struct ServerStreamStateMachine {
    /// Where the response is.
    enum Response: Equatable {
        /// Nothing submitted or asked for.
        case idle
        /// The handler asked for these headers; the I/O side has not submitted them yet.
        case headersQueued(GRPCMetadata)
        /// HEADERS submitted; DATA and trailers come from the data source.
        case submitted
        /// The response is complete (trailers or Trailers-Only handed to HTTP/2).
        case done
    }

    /// What the I/O side must do for the response now.
    enum ResponseAction: Equatable {
        /// Nothing.
        case none
        /// Submit response HEADERS with these metadata, and a data source.
        case submitHeaders(GRPCMetadata)
        /// Submit a Trailers-Only response with this status (its metadata as trailers).
        case submitTrailersOnly(GRPCStatus)
        /// Resume the deferred data source: messages or the trailers are ready.
        case resumeData
    }

    /// The result of filling one DATA frame.
    struct OutboundChunk: Equatable {
        /// Bytes written into the buffer.
        var count: Int
        /// When set, the body is complete and these trailers must follow (status included).
        var trailers: GRPCStatus?
        /// Whether there is nothing to send now (the data source must defer).
        var deferred: Bool
        /// Sends whose bytes were all handed over.
        var completedSends: [Int]
    }

    // Request side.
    private var deframer: MessageDeframer
    private var messages = ReceivedMessageQueue()
    /// Whether END_STREAM arrived from the client.
    private(set) var requestEnded = false
    /// DATA payload bytes received.
    private(set) var receivedBytes = 0
    /// Bytes released to the client's window so far (or promised to be).
    private(set) var consumedBytes = 0
    /// The most request bytes ever held for the handler.
    private(set) var maxBufferedBytes = 0

    // Outcome.
    /// The status the call ends with, once decided.
    private(set) var finalStatus: GRPCStatus?
    /// Why the call was aborted (its handler is being cancelled), if it was.
    private(set) var abortStatus: GRPCStatus?
    /// Whether the HTTP/2 stream is closed: nothing more can be sent.
    private(set) var streamClosed = false

    // Response side.
    private(set) var response: Response = .idle
    private var pendingSends = OutboundMessageQueue()
    /// Bytes of queued response messages not yet handed to HTTP/2.
    var pendingSendBytes: Int { pendingSends.byteCount }
    /// Whether the data source told nghttp2 to wait for more.
    private(set) var deferred = false

    /// A stream accepting request messages up to `maxMessageSize` bytes.
    init(maxMessageSize: Int) {
        deframer = MessageDeframer(
            maxMessageSize: maxMessageSize,
            compressedMessageStatus: GRPCStatus(code: .unimplemented, message: "compression not supported: the request message is compressed, and this server accepts only identity encoding"))
    }

    /// Request bytes held for the handler: queued messages and a partial one.
    var bufferedBytes: Int { messages.byteCount + deframer.partialByteCount }

    /// Whether the call's status is decided.
    var isFinished: Bool { finalStatus != nil }

    // MARK: Request events (I/O side)

    /// A DATA chunk of the request arrived. Returns whether it aborted the call (malformed,
    /// compressed or oversized message); the status is then ``abortStatus``.
    mutating func receiveData(_ chunk: UnsafeRawBufferPointer) -> Bool {
        receivedBytes += chunk.count
        guard finalStatus == nil, !requestEnded else { return false }
        do {
            messages.append(contentsOf: try deframer.append(chunk))
            maxBufferedBytes = max(maxBufferedBytes, bufferedBytes)
            return false
        } catch {
            return abort(error)
        }
    }

    /// The client half-closed the request stream. Returns whether this aborted the call
    /// (the request ended inside a message).
    mutating func receiveEndOfRequest() -> Bool {
        guard !requestEnded else { return false }
        requestEnded = true
        if finalStatus == nil, !deframer.isAtBoundary {
            return abort(GRPCStatus(code: .internal, message: "the request stream ended in the middle of a message"))
        }
        return false
    }

    /// The HTTP/2 stream closed (`errorCode` from RST_STREAM, or NO_ERROR). Returns the
    /// received bytes never released, which the connection window needs back.
    mutating func closeStream(errorCode: UInt32) -> Int {
        streamClosed = true
        if response != .done {
            let status: GRPCStatus
            switch errorCode {
            case 0x8: status = GRPCStatus(code: .cancelled, message: "the client cancelled the call")
            case 0x0: status = GRPCStatus(code: .cancelled, message: "the stream closed before the call finished")
            default: status = GRPCStatus(code: .cancelled, message: GRPCStatus.fromHTTP2ErrorCode(errorCode).message.replacingOccurrences(of: "server", with: "client"))
            }
            abort(status)
        }
        response = .done
        pendingSends.removeAll()
        messages.removeAll()
        let leftover = receivedBytes - consumedBytes
        consumedBytes = receivedBytes
        return max(0, leftover)
    }

    /// Ends the call early with `status` (cancellation, deadline, protocol error, lost
    /// connection): it becomes the final status if none was decided, queued responses are
    /// dropped, and the handler's operations fail with it. Returns whether this changed
    /// anything (only the first abort counts).
    @discardableResult
    mutating func abort(_ status: GRPCStatus) -> Bool {
        guard abortStatus == nil else { return false }
        abortStatus = status
        if finalStatus == nil {
            finalStatus = status
            pendingSends.removeAll()
        }
        return true
    }

    // MARK: Handler side

    /// Takes the next request message, the end of the request, or the abort status.
    mutating func nextMessage() -> NextMessage {
        if let abortStatus { return .failed(abortStatus) }
        if let message = messages.popFirst() { return .message(message) }
        if requestEnded { return .end }
        // Closed after the response finished (no abort then) but before the client
        // half-closed: no more request can come, so a reader must not wait for one.
        if streamClosed { return .failed(GRPCStatus(code: .cancelled, message: "the stream closed before the request ended")) }
        return .wait
    }

    /// How many received bytes may be released to the client now (see the client's
    /// ``StreamStateMachine/takeGrant(threshold:)``: queued messages are held, a partial
    /// message is released when nothing is queued ahead of it, small grants are batched).
    /// Once the call is decided every byte is released: nobody will read them.
    mutating func takeGrant(threshold: Int) -> Int {
        let hasQueued = !messages.isEmpty
        let held = finalStatus != nil ? 0 : messages.byteCount + (hasQueued ? deframer.partialByteCount : 0)
        let grant = receivedBytes - held - consumedBytes
        guard grant > 0 else { return 0 }
        guard grant >= threshold || !hasQueued || finalStatus != nil else { return 0 }
        consumedBytes += grant
        return grant
    }

    /// The handler asks for the response headers to be sent now. Returns whether the I/O
    /// side must act, or why they cannot be sent.
    mutating func queueHeaders(_ metadata: GRPCMetadata) -> Result<Bool, GRPCStatus> {
        if let abortStatus { return .failure(abortStatus) }
        guard finalStatus == nil else {
            return .failure(GRPCStatus(code: .failedPrecondition, message: "the call has already finished"))
        }
        guard response == .idle else {
            return .failure(GRPCStatus(code: .failedPrecondition, message: "the response headers were already sent"))
        }
        response = .headersQueued(metadata)
        return .success(true)
    }

    /// Queues a framed response message (sending empty headers first if none were).
    /// Returns its id and whether the I/O side must act, or why it cannot be sent.
    mutating func enqueueSend(_ framed: Data) -> Result<(id: Int, update: Bool), GRPCStatus> {
        if let abortStatus { return .failure(abortStatus) }
        guard finalStatus == nil else {
            return .failure(GRPCStatus(code: .failedPrecondition, message: "send after the call finished"))
        }
        var update = deferred
        if response == .idle {
            response = .headersQueued(GRPCMetadata())
            update = true
        }
        return .success((pendingSends.enqueue(framed), update))
    }

    /// The handler ended with `status` (whose metadata are the trailers). Returns whether the I/O side must act (false when
    /// the call had already been decided by an abort).
    mutating func finish(_ status: GRPCStatus) -> Bool {
        guard finalStatus == nil else { return false }
        finalStatus = status
        return !streamClosed
    }

    // MARK: Response (I/O side)

    /// What to submit for the response now; each step is returned once.
    mutating func takeResponseAction() -> ResponseAction {
        guard !streamClosed else { return .none }
        switch response {
        case .idle:
            guard let finalStatus else { return .none }
            response = .done
            return .submitTrailersOnly(finalStatus)
        case .headersQueued(let metadata):
            response = .submitted
            deferred = false
            return .submitHeaders(metadata)
        case .submitted:
            guard deferred, !pendingSends.isEmpty || finalStatus != nil else { return .none }
            deferred = false
            return .resumeData
        case .done:
            return .none
        }
    }

    /// Fills up to `buffer.count` bytes of the next DATA frame from queued messages; once
    /// they are all sent and the status is decided, returns the trailers.
    mutating func readOutbound(into buffer: UnsafeMutableRawBufferPointer) -> OutboundChunk {
        let (written, completed) = pendingSends.fill(buffer)
        if pendingSends.isEmpty, let finalStatus, response == .submitted {
            response = .done
            return OutboundChunk(count: written, trailers: finalStatus, deferred: false, completedSends: completed)
        }
        if written == 0 {
            deferred = true
            return OutboundChunk(count: 0, trailers: nil, deferred: true, completedSends: completed)
        }
        return OutboundChunk(count: written, trailers: nil, deferred: false, completedSends: completed)
    }
}
