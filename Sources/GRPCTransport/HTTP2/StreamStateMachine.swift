import Foundation

/// The life of one gRPC call's HTTP/2 stream, as a value type with no I/O, so that every
/// transition can be unit-tested.
///
/// Inbound: awaiting response headers → receiving messages → finished (with a status).
/// Outbound: open → half-closed. Response messages are queued until the consumer takes
/// them; the flow-control accounting here decides how many received bytes may be
/// released to the server (`nghttp2_session_consume`), so that buffered-but-unread data
/// stays bounded by the stream window, except that a message larger than the window is
/// always granted the bytes it needs (otherwise sender and reader would wait on each other).
struct StreamStateMachine {
    /// Where the inbound side is.
    enum Inbound: Equatable {
        /// No response headers yet.
        case awaitingHeaders
        /// Headers seen; messages may arrive until the trailers.
        case receivingMessages
        /// The call has a final status (from the server or made up locally).
        case finished
    }

    /// What the I/O side must do after an inbound event.
    enum Action: Equatable {
        /// Nothing.
        case none
        /// Reset the stream (the response was unacceptable, or the call ended locally
        /// while the stream is still open).
        case reset
    }

    private(set) var inbound: Inbound = .awaitingHeaders
    /// The response headers, once received (for Trailers-Only, the whole header block).
    private(set) var headers: GRPCMetadata?
    /// The trailers, when the server sent them.
    private(set) var trailers: GRPCMetadata?
    /// The final status, once known.
    private(set) var status: GRPCStatus?

    private var deframer: MessageDeframer
    private var messages = ReceivedMessageQueue()

    /// DATA payload bytes received on the stream.
    private(set) var receivedBytes = 0
    /// Bytes released to the peer's flow-control window so far (or promised to be).
    private(set) var consumedBytes = 0
    /// The most bytes ever held for the consumer (queued messages plus a partial one).
    private(set) var maxBufferedBytes = 0

    // Outbound side.
    private var pendingSends = OutboundMessageQueue()
    /// Whether the caller half-closed the request stream.
    private(set) var halfClosed = false
    /// Whether END_STREAM was handed to HTTP/2.
    private(set) var endStreamSent = false
    /// Whether the data source told nghttp2 to wait (NGHTTP2_ERR_DEFERRED) for more data.
    private(set) var deferred = false

    /// A stream accepting response messages up to `maxMessageSize` bytes.
    init(maxMessageSize: Int) {
        deframer = MessageDeframer(maxMessageSize: maxMessageSize)
    }

    /// Bytes currently held for the consumer: queued messages and any partial message.
    var bufferedBytes: Int { messages.byteCount + deframer.partialByteCount }

    /// Whether a final status is known.
    var isFinished: Bool { inbound == .finished }

    // MARK: Inbound events

    /// A header block arrived. `fields` include pseudo-headers; `endStream` is the
    /// END_STREAM flag (a Trailers-Only response, or trailers).
    mutating func receiveHeaders(_ fields: [(name: String, value: [UInt8])], endStream: Bool) -> Action {
        switch inbound {
        case .finished:
            return .none
        case .awaitingHeaders:
            var metadata = GRPCMetadata()
            var httpStatus: Int?
            var contentType: String?
            for field in fields {
                if field.name == ":status" {
                    httpStatus = Int(String(decoding: field.value, as: UTF8.self))
                } else if !field.name.hasPrefix(":") {
                    if field.name == "content-type" { contentType = String(decoding: field.value, as: UTF8.self) }
                    metadata.addFromWire(name: field.name, value: field.value)
                }
            }
            // 1xx informational responses precede the real one; skip them.
            if let code = httpStatus, (100..<200).contains(code) { return .none }
            guard httpStatus == 200 else {
                finish(GRPCStatus.fromHTTPStatus(httpStatus ?? 0))
                return endStream ? .none : .reset
            }
            headers = metadata
            if endStream {
                // Trailers-Only: the single header block carries the status.
                finishWithTrailers(metadata)
                return .none
            }
            guard let type = contentType, type.lowercased().hasPrefix("application/grpc") else {
                finish(GRPCStatus(code: .unknown, message: "the response content-type is \(contentType.map { "\"\($0)\"" } ?? "missing"), not application/grpc"))
                return .reset
            }
            // Requests say grpc-accept-encoding: identity, so a compressed response breaks the
            // protocol; refusing it here keeps compressed bytes from reaching the reader.
            if let encoding = metadata.first("grpc-encoding"), encoding.lowercased() != "identity" {
                finish(GRPCStatus(code: .internal, message: "the server sent messages with grpc-encoding \"\(encoding)\", which this client does not support (it accepts identity only)"))
                return .reset
            }
            inbound = .receivingMessages
            return .none
        case .receivingMessages:
            var metadata = GRPCMetadata()
            for field in fields where !field.name.hasPrefix(":") {
                metadata.addFromWire(name: field.name, value: field.value)
            }
            finishWithTrailers(metadata)
            return endStream ? .none : .reset
        }
    }

    /// Takes the status out of trailers (or a Trailers-Only header block).
    private mutating func finishWithTrailers(_ metadata: GRPCMetadata) {
        var rest = metadata
        rest.removeAll(named: "grpc-status")
        rest.removeAll(named: "grpc-message")
        trailers = rest
        guard let statusText = metadata.first("grpc-status") else {
            finish(GRPCStatus(code: .internal, message: "the server ended the call without a grpc-status", metadata: rest))
            return
        }
        guard let code = Int(statusText.trimmingCharacters(in: .whitespaces)) else {
            finish(GRPCStatus(code: .internal, message: "the server sent an invalid grpc-status \"\(statusText)\"", metadata: rest))
            return
        }
        let message = metadata.first("grpc-message").map { GRPCWire.percentDecode(Array($0.utf8)) } ?? ""
        if code == 0, !deframer.isAtBoundary {
            finish(GRPCStatus(code: .internal, message: "the response ended in the middle of a message", metadata: rest))
            return
        }
        status = GRPCStatus(code: GRPCStatus.Code(rawValue: code), message: message, metadata: rest)
        inbound = .finished
        // The server has decided the call; request bytes not yet sent would be ignored.
        pendingSends.removeAll()
    }

    /// A DATA chunk arrived. Returns whether to reset the stream (malformed or oversized
    /// message, DATA before headers).
    mutating func receiveData(_ chunk: UnsafeRawBufferPointer) -> Action {
        receivedBytes += chunk.count
        switch inbound {
        case .finished:
            return .none
        case .awaitingHeaders:
            finish(GRPCStatus(code: .internal, message: "the server sent DATA before response headers"))
            return .reset
        case .receivingMessages:
            do {
                messages.append(contentsOf: try deframer.append(chunk))
                maxBufferedBytes = max(maxBufferedBytes, bufferedBytes)
                return .none
            } catch {
                finish(error)
                return .reset
            }
        }
    }

    /// The stream closed in HTTP/2 (`errorCode` from RST_STREAM, or NO_ERROR after a
    /// clean close). A stream that closes without a status gets one that says why.
    mutating func streamClosed(errorCode: UInt32) {
        guard inbound != .finished else { return }
        if errorCode == 0 {
            finish(GRPCStatus(code: .internal, message: "the stream ended without a gRPC status (no trailers)"))
        } else {
            finish(GRPCStatus.fromHTTP2ErrorCode(errorCode))
        }
    }

    /// Ends the call with a status made up locally (cancellation, deadline, lost
    /// connection, protocol error). Queued messages are dropped: the caller will not
    /// read them. Returns whether this changed anything (false if already finished).
    @discardableResult
    mutating func finish(_ localStatus: GRPCStatus) -> Bool {
        guard inbound != .finished else { return false }
        status = localStatus
        inbound = .finished
        messages.removeAll()
        pendingSends.removeAll()
        return true
    }

    // MARK: Consumer

    /// Takes the next message or the end of the call.
    mutating func nextMessage() -> NextMessage {
        if let message = messages.popFirst() { return .message(message) }
        guard inbound == .finished, let status else { return .wait }
        return status.isOK ? .end : .failed(status)
    }

    /// Whether queued messages are waiting for the consumer.
    var hasQueuedMessages: Bool { !messages.isEmpty }

    /// How many received bytes may be released to the server now, counted as consumed.
    ///
    /// Bytes of queued messages are held until taken. The bytes of a partial message are
    /// released as soon as nothing is queued ahead of it (the consumer is waiting for that
    /// very message, so holding them could deadlock on a message bigger than the window).
    /// Otherwise grants smaller than `threshold` wait, batching WINDOW_UPDATEs and I/O
    /// thread wake-ups; that cannot stall the server as long as `threshold` is well below
    /// the window, because the server then always has most of the window to send into.
    /// A finished stream releases everything.
    mutating func takeGrant(threshold: Int) -> Int {
        let held: Int
        if inbound == .finished {
            held = 0
        } else {
            held = messages.byteCount + (hasQueuedMessages ? deframer.partialByteCount : 0)
        }
        let grant = receivedBytes - held - consumedBytes
        guard grant > 0 else { return 0 }
        let waitingOnPartial = !hasQueuedMessages && deframer.partialByteCount > 0
        guard grant >= threshold || waitingOnPartial || inbound == .finished else { return 0 }
        consumedBytes += grant
        return grant
    }

    // MARK: Outbound

    /// Queues a framed message; returns its id, or the status if sending is not possible.
    mutating func enqueueSend(_ framed: Data) -> Result<Int, GRPCStatus> {
        if let status, inbound == .finished {
            return .failure(status)
        }
        if halfClosed {
            return .failure(GRPCStatus(code: .failedPrecondition, message: "send after finishSending()"))
        }
        return .success(pendingSends.enqueue(framed))
    }

    /// Half-closes the request stream.
    mutating func finishSending() {
        halfClosed = true
    }

    /// Whether the I/O side must resume the deferred data source (and clears the flag).
    mutating func takeResumeNeeded() -> Bool {
        guard deferred, !pendingSends.isEmpty || halfClosed || inbound == .finished else { return false }
        deferred = false
        return true
    }

    /// The result of filling one DATA frame.
    struct OutboundChunk: Equatable {
        /// Bytes written into the buffer.
        var count: Int
        /// Whether this is the end of the request stream.
        var endStream: Bool
        /// Whether there is nothing to send now (the data source must defer).
        var deferred: Bool
        /// Sends whose bytes were all handed over.
        var completedSends: [Int]
    }

    /// Fills up to `buffer.count` bytes of the next DATA frame from queued sends.
    mutating func readOutbound(into buffer: UnsafeMutableRawBufferPointer) -> OutboundChunk {
        let (written, completed) = pendingSends.fill(buffer)
        if pendingSends.isEmpty, halfClosed || inbound == .finished {
            endStreamSent = true
            return OutboundChunk(count: written, endStream: true, deferred: false, completedSends: completed)
        }
        if written == 0 {
            deferred = true
            return OutboundChunk(count: 0, endStream: false, deferred: true, completedSends: completed)
        }
        return OutboundChunk(count: written, endStream: false, deferred: false, completedSends: completed)
    }
}
