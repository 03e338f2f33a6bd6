import CNGHTTP2
import Foundation

/// A call on an ``HTTP2ClientTransport``: the caller-facing side of a ``StreamContext``.
final class HTTP2StreamingCall: GRPCStreamingCall, Sendable {
    /// Keeps the connection open while the call is referenced.
    private let owner: ConnectionOwner
    private var connection: HTTP2Connection { owner.connection }
    let context: StreamContext

    init(owner: ConnectionOwner, context: StreamContext) {
        self.owner = owner
        self.context = context
    }

    func send(_ message: Data) async throws {
        // The length prefix is 32 bits; a bigger message cannot be framed.
        guard message.count <= Int(UInt32.max) else {
            throw GRPCStatus(code: .resourceExhausted, message: "a message of \(message.count) bytes exceeds the 4 GiB gRPC message limit")
        }
        let framed = MessageDeframer.frame(message)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
                if context.enqueueSend(framed, waiter: waiter) { wakeDataSource() }
            }
        } onCancel: {
            cancel()
        }
    }

    func finishSending() async throws {
        if context.finishSending() { wakeDataSource() }
    }

    func responseHeaders() async throws -> GRPCMetadata {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { context.responseHeaders($0) }
        } onCancel: {
            cancel()
        }
    }

    func receive() async throws -> Data? {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Data?, any Error>) in
                let grant = context.receive(waiter)
                if grant > 0 { connection.enqueue(.consume(context, grant)) }
            }
        } onCancel: {
            cancel()
        }
    }

    func trailers() async throws -> GRPCMetadata {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { context.trailers($0) }
        } onCancel: {
            cancel()
        }
    }

    func cancel() {
        if context.fail(GRPCStatus(code: .cancelled, message: "the call to \(context.path) was cancelled")) {
            connection.enqueue(.reset(context, NGHTTP2_CANCEL.rawValue))
        }
    }

    /// Tells the I/O thread that the data source has something; if the connection is
    /// gone, fails the call so the waiting sender does not hang.
    private func wakeDataSource() {
        if !connection.enqueue(.resumeData(context)) {
            context.fail(GRPCStatus(code: .unavailable, message: "the connection is closed"))
        }
    }

    /// Bytes held for the consumer now and at most so far (flow-control tests).
    var bufferedBytes: (current: Int, max: Int) { context.bufferedBytes }
}
