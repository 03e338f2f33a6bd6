import Foundation

/// A gRPC server over HTTP/2, plaintext or TLS (optionally mutual TLS), serving calls with
/// a ``GRPCServerHandler`` such as a ``GRPCServerRouter``.
///
/// One thread accepts connections; each connection gets its own I/O thread (like the
/// client's ``HTTP2ClientTransport``), and each call runs its handler in its own task.
/// Memory stays bounded per call: request bytes are released to the client only as the
/// handler reads them, and a handler's ``GRPCServerCall/send(_:)`` waits while the
/// client's flow-control window is full.
///
/// ```swift
/// var router = GRPCServerRouter()
/// router.registerUnary("/test.Test/Echo") { request, _ in request }
/// let server = try await GRPCServer.start(handler: router)
/// // … clients connect to server.url …
/// await server.shutdown()
/// ```
public final class GRPCServer: Sendable {
    /// The host the server listens on, as given.
    public let host: String
    /// The bound TCP port (the one the system picked when started with port 0).
    public let port: Int
    /// The TLS settings, or `nil` for plaintext HTTP/2.
    public let tls: TLSServerConfiguration?
    let core: ServerCore
    private let listener: ServerListener

    private init(host: String, port: Int, tls: TLSServerConfiguration?, core: ServerCore, listener: ServerListener) {
        self.host = host
        self.port = port
        self.tls = tls
        self.core = core
        self.listener = listener
    }

    /// Where clients connect: `grpc://host:port` or `grpc+tls://host:port` (IPv6 hosts
    /// in brackets).
    public var url: String { target.description }

    /// The server's address as a client ``GRPCTarget``.
    public var target: GRPCTarget {
        GRPCTarget(host: host, port: port, security: tls == nil ? .plaintext : .tls)
    }

    /// Starts listening on `host` (an IPv4 or IPv6 address, or a name) and `port` (0 picks
    /// a free port; read it from ``port``), and serves calls with `handler`.
    ///
    /// Throws `invalidArgument` for unusable settings or TLS files (unreadable, not PEM, a
    /// key not matching the certificate) and `unavailable` when the address cannot be bound.
    public static func start(
        host: String = "127.0.0.1",
        port: Int = 0,
        tls: TLSServerConfiguration? = nil,
        handler: some GRPCServerHandler,
        configuration: GRPCServerConfiguration = GRPCServerConfiguration()
    ) async throws -> GRPCServer {
        try configuration.validate()
        let tlsContext = try tls.map { configuration throws(GRPCStatus) in try TLSServerContext(configuration) }
        let listener = try ServerListener.bind(host: host, port: port)
        let core = ServerCore(handler: handler, configuration: configuration, tlsContext: tlsContext)
        listener.start { [core] fd, peer in core.accept(socketFD: fd, peer: peer) }
        return GRPCServer(host: host, port: listener.port, tls: tls, core: core, listener: listener)
    }

    /// Shuts the server down: stops accepting, sends GOAWAY on every connection, ends the
    /// running calls with `unavailable` (their handlers' tasks are cancelled), closes the
    /// connections once their calls are closed (after at most a short grace period) and
    /// returns when every connection is closed and every handler has returned. Calling it
    /// again waits for the same end.
    ///
    /// A handler that ignores cancellation delays this until it returns.
    public func shutdown() async {
        await core.shutdown(listener: listener)
    }
}
