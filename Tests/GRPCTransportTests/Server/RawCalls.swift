import Foundation
@testable import GRPCTransport

/// Calls whose request headers and message bytes the test chooses exactly, made with the
/// client's internals: for what a well-behaved client never sends (a server-only
/// `grpc-timeout`, a wrong content type, a compressed flag).
enum RawCalls {
    /// Starts a call on `client` with exactly these request headers (pseudo-headers first).
    static func start(_ client: HTTP2ClientTransport, path: String, headers: [(String, String)]) throws -> HTTP2StreamingCall {
        let context = StreamContext(path: path, timeout: nil, maxMessageSize: 64 << 20, grantThreshold: 16 * 1024)
        let fields = headers.map { (name: $0.0, value: Array($0.1.utf8)) }
        let owner = client.currentOwner
        if let refusal = owner.connection.startCall(context, headers: fields) { throw refusal }
        return HTTP2StreamingCall(owner: owner, context: context)
    }

    /// The usual gRPC request headers for `path`, with `extra` appended and `overrides`
    /// replacing same-named ones.
    static func headers(path: String, overrides: [(String, String)] = [], extra: [(String, String)] = []) -> [(String, String)] {
        var headers = [
            (":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "localhost"),
            ("content-type", "application/grpc"), ("te", "trailers"),
        ]
        for (name, value) in overrides {
            if let index = headers.firstIndex(where: { $0.0 == name }) { headers[index].1 = value }
        }
        return headers + extra
    }

    /// Sends `bytes` as they are (no gRPC framing added) on the call's request stream.
    static func sendBytes(_ client: HTTP2ClientTransport, _ call: HTTP2StreamingCall, _ bytes: Data) async throws {
        try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
            if call.context.enqueueSend(bytes, waiter: waiter) {
                client.connection.enqueue(.resumeData(call.context))
            }
        }
    }
}
