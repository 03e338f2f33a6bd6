import Foundation

/// Serves the calls of a ``GRPCServer``.
///
/// ``handle(_:)`` runs in its own task for each call. Returning normally ends the call
/// with status OK (and the trailers set with ``GRPCServerCall/setTrailers(_:)``); throwing
/// a ``GRPCStatus`` ends it with that status (its `metadata` become the trailers); any
/// other error ends it with `unknown`. When the client cancels, disconnects or the
/// deadline passes, the task is cancelled and the call's pending operations throw.
public protocol GRPCServerHandler: Sendable {
    /// Serves one call.
    func handle(_ call: GRPCServerCall) async throws
}

/// A ``GRPCServerHandler`` that dispatches on the method path (`/package.Service/Method`);
/// calls to a path with no method registered end with `unimplemented`.
///
/// Unary, server-streaming, client-streaming and bidirectional methods are all plain
/// ``Method`` closures over the call; ``registerUnary(_:_:)`` and
/// ``registerServerStreaming(_:_:)`` wrap the common shapes.
public struct GRPCServerRouter: GRPCServerHandler {
    /// A method implementation.
    public typealias Method = @Sendable (GRPCServerCall) async throws -> Void

    private var methods: [String: Method] = [:]

    /// A router with no methods.
    public init() {}

    /// The registered paths, sorted.
    public var paths: [String] { methods.keys.sorted() }

    /// Registers `method` for `path`, replacing any earlier registration.
    public mutating func register(_ path: String, _ method: @escaping Method) {
        methods[path] = method
    }

    /// Registers a unary method: one request message in, one response message out.
    /// A call with no request message or more than one ends with `invalidArgument`.
    public mutating func registerUnary(_ path: String, _ method: @escaping @Sendable (Data, GRPCServerCall) async throws -> Data) {
        register(path) { call in
            let request = try await call.receiveSingleRequest()
            try await call.send(try await method(request, call))
        }
    }

    /// Registers a server-streaming method: one request message in, any number of
    /// responses sent by the closure with ``GRPCServerCall/send(_:)``.
    public mutating func registerServerStreaming(_ path: String, _ method: @escaping @Sendable (Data, GRPCServerCall) async throws -> Void) {
        register(path) { call in
            try await method(try await call.receiveSingleRequest(), call)
        }
    }

    /// Dispatches the call, or throws `unimplemented` for an unknown path.
    public func handle(_ call: GRPCServerCall) async throws {
        guard let method = methods[call.path] else {
            throw GRPCStatus(code: .unimplemented, message: "unknown method \(call.path)")
        }
        try await method(call)
    }
}

extension GRPCServerCall {
    /// Receives the one request message of a unary or server-streaming call, throwing
    /// `invalidArgument` when the client sent none or more than one.
    public func receiveSingleRequest() async throws -> Data {
        guard let request = try await receive() else {
            throw GRPCStatus(code: .invalidArgument, message: "\(path) expects one request message and the client sent none")
        }
        guard try await receive() == nil else {
            throw GRPCStatus(code: .invalidArgument, message: "\(path) expects one request message and the client sent more")
        }
        return request
    }
}
