import Foundation

/// Something that can start gRPC calls: the seam the Flight client codes against.
///
/// Every error thrown by a transport or its calls is a ``GRPCStatus``.
public protocol GRPCClientTransport: Sendable {
    /// Starts a call to `path` (`/package.Service/Method`) with request metadata.
    ///
    /// Returns once the call is queued on the connection; request messages follow with
    /// ``GRPCStreamingCall/send(_:)``. Fails with `unavailable` when the transport is closed
    /// or its connection is gone, `invalidArgument` for metadata that cannot be sent.
    func makeStreamingCall(path: String, metadata: GRPCMetadata, options: GRPCCallOptions) async throws -> any GRPCStreamingCall
}

/// One gRPC call: a stream of request messages and a stream of response messages.
///
/// Message operations may be used from different tasks (one sending, one receiving), but
/// each direction by one task at a time. Cancelling the task waiting in ``send(_:)`` or
/// ``receive()`` cancels the whole call.
public protocol GRPCStreamingCall: Sendable {
    /// Sends one request message, waiting while the server's flow-control window is full.
    /// Throws the call's status if it has already ended.
    func send(_ message: Data) async throws
    /// Half-closes the request stream: no more messages will be sent.
    func finishSending() async throws
    /// The response headers, waiting for them. For a Trailers-Only response these are the
    /// same as the trailers. Throws the status if the call fails before headers arrive.
    func responseHeaders() async throws -> GRPCMetadata
    /// The next response message, or `nil` once the call ended with status OK.
    /// Throws the ``GRPCStatus`` when the call ends with any other status.
    func receive() async throws -> Data?
    /// The trailers (without `grpc-status`/`grpc-message`), waiting for the end of the call.
    /// Read the messages first: unread messages hold the server back (flow control).
    /// Throws a ``GRPCStatus`` if the call ended without trailers (reset, deadline, lost
    /// connection, cancellation).
    func trailers() async throws -> GRPCMetadata
    /// Cancels the call: the stream is reset (RST_STREAM CANCEL) and pending and future
    /// operations throw `cancelled`. Does nothing if the call already ended.
    func cancel()
}

/// The result of a unary call.
public struct GRPCUnaryResponse: Sendable {
    /// The single response message.
    public var message: Data
    /// The response headers.
    public var headers: GRPCMetadata
    /// The trailers.
    public var trailers: GRPCMetadata

    /// A response from its parts.
    public init(message: Data, headers: GRPCMetadata, trailers: GRPCMetadata) {
        self.message = message
        self.headers = headers
        self.trailers = trailers
    }
}

extension GRPCClientTransport {
    /// Makes a unary call: sends `request`, half-closes and returns the one response.
    /// Throws the call's ``GRPCStatus`` if it does not end OK, and `internal` if the server
    /// sent no message or more than one.
    public func unary(
        path: String, request: Data, metadata: GRPCMetadata = GRPCMetadata(), options: GRPCCallOptions = .defaults
    ) async throws -> GRPCUnaryResponse {
        let call = try await makeStreamingCall(path: path, metadata: metadata, options: options)
        do {
            try await call.send(request)
            try await call.finishSending()
            let headers = try await call.responseHeaders()
            guard let message = try await call.receive() else {
                throw GRPCStatus(code: .internal, message: "unary call \(path) ended OK without a response message")
            }
            guard try await call.receive() == nil else {
                call.cancel()
                throw GRPCStatus(code: .internal, message: "unary call \(path) received more than one response message")
            }
            return GRPCUnaryResponse(message: message, headers: headers, trailers: try await call.trailers())
        } catch {
            call.cancel()
            throw error
        }
    }

    /// Starts a server-streaming call: sends `request` and half-closes; read the responses
    /// with ``GRPCStreamingCall/receive()`` until it returns `nil`.
    public func serverStreaming(
        path: String, request: Data, metadata: GRPCMetadata = GRPCMetadata(), options: GRPCCallOptions = .defaults
    ) async throws -> any GRPCStreamingCall {
        let call = try await makeStreamingCall(path: path, metadata: metadata, options: options)
        do {
            try await call.send(request)
            try await call.finishSending()
        } catch {
            call.cancel()
            throw error
        }
        return call
    }
}
