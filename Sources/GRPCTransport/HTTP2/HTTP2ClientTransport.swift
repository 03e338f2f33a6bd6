import CNGHTTP2
import Foundation

/// A gRPC client transport over one HTTP/2 connection (plaintext TCP or TLS), with any
/// number of concurrent calls multiplexed on it.
///
/// The connection is served by its own I/O thread. It closes on ``close()``, or once the
/// transport and all its calls are no longer referenced.
///
/// When the connection is lost, or the server sent GOAWAY (as servers do to limit a
/// connection's age), the calls on it fail with `unavailable`; a later call then opens a
/// new connection (once; if that fails, the call fails with the reason), unless
/// ``Configuration/reconnect`` is off. Calls are never retried automatically. When it is lost (or the server sends
/// GOAWAY) the affected calls fail with `unavailable` and new calls fail at once with a
/// message saying why; make a new transport to reconnect.
public final class HTTP2ClientTransport: GRPCClientTransport, Sendable {
    /// Transport-wide settings.
    public struct Configuration: Sendable {
        /// How long connecting may take: resolving, TCP, TLS and the server's SETTINGS.
        public var connectTimeout: Duration
        /// The default largest response message (bytes); calls may override it.
        public var maxReceiveMessageSize: Int
        /// The HTTP/2 flow-control window of each call's response stream: at most this
        /// many received bytes (plus one partly received message) are held unread per call.
        public var initialStreamWindowSize: Int
        /// The window shared by all calls of the connection.
        public var connectionWindowSize: Int
        /// The `user-agent` header.
        public var userAgent: String
        /// The `:authority` sent instead of the target's `host:port`.
        public var authority: String?
        /// Whether a call started after the connection was lost or drained by GOAWAY opens
        /// a new connection (instead of failing with `unavailable`).
        public var reconnect: Bool
        /// HTTP/2 keepalive pings, to notice a dead connection (a peer or network that
        /// silently stopped answering) instead of waiting forever; `nil` (the default, as
        /// in other gRPC clients) sends none.
        public var keepalive: Keepalive?

        /// The defaults: 10 s to connect, 64 MiB messages, 4 MiB per-stream and 32 MiB
        /// connection windows, `user-agent: swift-flightsql/<version>`.
        public init(
            connectTimeout: Duration = .seconds(10),
            maxReceiveMessageSize: Int = 64 << 20,
            initialStreamWindowSize: Int = 4 << 20,
            connectionWindowSize: Int = 32 << 20,
            userAgent: String = "swift-flightsql/\(HTTP2ClientTransport.version)",
            authority: String? = nil,
            reconnect: Bool = true,
            keepalive: Keepalive? = nil
        ) {
            self.reconnect = reconnect
            self.keepalive = keepalive
            self.connectTimeout = connectTimeout
            self.maxReceiveMessageSize = maxReceiveMessageSize
            self.initialStreamWindowSize = initialStreamWindowSize
            self.connectionWindowSize = connectionWindowSize
            self.userAgent = userAgent
            self.authority = authority
        }
    }

    /// When to probe a connection with HTTP/2 PING frames, and how long to wait for the
    /// answer.
    ///
    /// After ``interval`` without receiving anything, the client sends a PING; if neither
    /// its acknowledgement nor any other frame arrives within ``timeout``, the connection
    /// is closed and every call on it fails with `unavailable` ("keepalive ping not
    /// acknowledged within …"). A later call opens a new connection (see
    /// ``Configuration/reconnect``). A dead connection is thus noticed within about
    /// `interval + timeout`.
    public struct Keepalive: Sendable, Equatable {
        /// How long the connection may be quiet before it is probed.
        public var interval: Duration
        /// How long the PING may go unanswered before the connection is declared dead.
        public var timeout: Duration
        /// Whether to probe also when no call is open. Off by default: many servers
        /// (gRPC's default policy among them) close connections that ping without calls.
        public var permitWithoutCalls: Bool

        /// Probing after `interval` (default 30 s) of quiet, with `timeout` (default 10 s)
        /// for the answer.
        public init(interval: Duration = .seconds(30), timeout: Duration = .seconds(10), permitWithoutCalls: Bool = false) {
            self.interval = interval
            self.timeout = timeout
            self.permitWithoutCalls = permitWithoutCalls
        }
    }

    /// This library's version, as sent in `user-agent`.
    public static let version = "0.1.0"

    /// Where this transport is connected.
    public let target: GRPCTarget
    /// Its settings.
    public let configuration: Configuration
    private let tls: TLSConfiguration?

    private struct Current {
        /// The connection new calls go to.
        var owner: ConnectionOwner
        /// A reconnection in progress, shared by the calls that need it.
        var reconnecting: Task<ConnectionOwner, any Error>?
        /// Set by ``close()``: no reconnection after that.
        var closed = false
    }

    private let current: Locked<Current>
    /// The connection new calls go to now.
    var connection: HTTP2Connection { currentOwner.connection }
    /// The owner of the connection new calls go to now (tests start raw calls on it).
    var currentOwner: ConnectionOwner { current.withLock { $0.owner } }

    private init(target: GRPCTarget, tls: TLSConfiguration?, configuration: Configuration, connection: HTTP2Connection) {
        self.target = target
        self.tls = tls
        self.configuration = configuration
        current = Locked(Current(owner: ConnectionOwner(connection)))
    }

    private static func settings(_ configuration: Configuration) -> HTTP2ConnectionSettings {
        HTTP2ConnectionSettings(
            connectTimeout: configuration.connectTimeout,
            initialStreamWindowSize: configuration.initialStreamWindowSize,
            connectionWindowSize: configuration.connectionWindowSize,
            // The largest DATA frame we accept (SETTINGS_MAX_FRAME_SIZE). Servers chunk a
            // response into frames of at most this size, so a bigger limit means fewer frames
            // to write for the server and fewer callbacks here; it does not change how much is
            // buffered (the windows bound that). 1 MiB fetched roapi's 64 MB result ~9% faster
            // than 64 KiB (16 KiB: ~20% slower); larger frames showed no further gain and
            // would let one stream hold the connection longer.
            maxFrameSize: 1 << 20,
            keepalive: configuration.keepalive)
    }

    /// Connects to `target` (TLS when its security is `.tls`, with `tls` or the default
    /// verifying configuration) and waits until the server's HTTP/2 SETTINGS arrive.
    ///
    /// Throws an `unavailable` ``GRPCStatus`` saying why when the host cannot be resolved
    /// or reached, the TLS handshake refuses the server (untrusted or expired certificate,
    /// name mismatch, no ALPN `h2`) or the server refuses us (for example a missing client
    /// certificate), and `invalidArgument` for unusable settings.
    public static func connect(
        to target: GRPCTarget, tls: TLSConfiguration? = nil, configuration: Configuration = Configuration()
    ) async throws -> HTTP2ClientTransport {
        guard configuration.initialStreamWindowSize >= 65_535, configuration.initialStreamWindowSize <= Int(Int32.max),
              configuration.connectionWindowSize >= 65_535, configuration.connectionWindowSize <= Int(Int32.max)
        else {
            throw GRPCStatus(code: .invalidArgument, message: "HTTP/2 window sizes must be between 65535 and 2^31-1 bytes")
        }
        if let keepalive = configuration.keepalive, keepalive.interval <= .zero || keepalive.timeout <= .zero {
            throw GRPCStatus(code: .invalidArgument, message: "keepalive interval and timeout must be positive")
        }
        guard configuration.maxReceiveMessageSize >= 0 else {
            throw GRPCStatus(code: .invalidArgument, message: "maxReceiveMessageSize must not be negative")
        }
        let tls = target.security == .tls ? (tls ?? .default) : nil
        let connection = HTTP2Connection(target: target, tls: tls, settings: settings(configuration))
        try await connection.start()
        return HTTP2ClientTransport(target: target, tls: tls, configuration: configuration, connection: connection)
    }

    /// Parses `url` (see ``GRPCTarget/init(url:)``) and connects.
    public static func connect(
        url: String, tls: TLSConfiguration? = nil, configuration: Configuration = Configuration()
    ) async throws -> HTTP2ClientTransport {
        try await connect(to: GRPCTarget(url: url), tls: tls, configuration: configuration)
    }

    /// Starts a call; see ``GRPCClientTransport/makeStreamingCall(path:metadata:options:)``.
    public func makeStreamingCall(path: String, metadata: GRPCMetadata, options: GRPCCallOptions) async throws -> any GRPCStreamingCall {
        guard path.hasPrefix("/"), path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw GRPCStatus(code: .invalidArgument, message: "invalid method path \"\(path)\": expected /package.Service/Method")
        }
        let timeout = options.effectiveTimeout()
        if let timeout, timeout <= .zero {
            throw GRPCStatus(code: .deadlineExceeded, message: "the deadline for \(path) had already passed when the call started")
        }
        var headers: [(name: String, value: [UInt8])] = [
            (":method", Array("POST".utf8)),
            (":scheme", Array((target.security == .tls ? "https" : "http").utf8)),
            (":path", Array(path.utf8)),
            (":authority", Array((configuration.authority ?? target.authority).utf8)),
            ("content-type", Array("application/grpc".utf8)),
            ("te", Array("trailers".utf8)),
            ("user-agent", Array(configuration.userAgent.utf8)),
            // No zlib here: say so, so that servers do not compress responses.
            ("grpc-accept-encoding", Array("identity".utf8)),
        ]
        if let timeout {
            headers.append(("grpc-timeout", Array(GRPCWire.encodeTimeout(timeout).utf8)))
        }
        headers += try metadata.wireHeaders()
        headers += try options.metadata.wireHeaders()
        let maxSize = options.maxReceiveMessageSize ?? configuration.maxReceiveMessageSize
        let context = StreamContext(
            path: path, timeout: timeout, maxMessageSize: max(0, maxSize),
            grantThreshold: max(16 * 1024, configuration.initialStreamWindowSize / 8))
        var owner = current.withLock { $0.owner }
        if let refusal = owner.connection.startCall(context, headers: headers) {
            guard configuration.reconnect, owner.connection.isReplaceable else { throw refusal }
            owner = try await reconnect(replacing: owner, after: refusal)
            if let second = owner.connection.startCall(context, headers: headers) { throw second }
        }
        return HTTP2StreamingCall(owner: owner, context: context)
    }

    /// Replaces a lost or draining connection by a new one; concurrent callers share the
    /// attempt. Throws `unavailable` with both reasons if reconnecting fails.
    private func reconnect(replacing old: ConnectionOwner, after refusal: GRPCStatus) async throws -> ConnectionOwner {
        let attempt: Task<ConnectionOwner, any Error> = try current.withLock { current in
            if current.closed { throw GRPCStatus(code: .unavailable, message: "the transport was closed") }
            if current.owner !== old {
                let owner = current.owner  // someone else already reconnected
                return Task { owner }
            }
            if let running = current.reconnecting { return running }
            let target = self.target, tls = self.tls, settings = Self.settings(configuration)
            let task = Task<ConnectionOwner, any Error> {
                let connection = HTTP2Connection(target: target, tls: tls, settings: settings)
                try await connection.start()
                return ConnectionOwner(connection)
            }
            current.reconnecting = task
            return task
        }
        do {
            let owner = try await attempt.value
            let closedMeanwhile = current.withLock { current in
                if current.reconnecting == attempt {
                    current.reconnecting = nil
                    if !current.closed { current.owner = owner }
                }
                return current.closed
            }
            if closedMeanwhile {
                owner.connection.close()
                throw GRPCStatus(code: .unavailable, message: "the transport was closed")
            }
            return owner
        } catch let status as GRPCStatus {
            current.withLock { current in
                if current.reconnecting == attempt { current.reconnecting = nil }
            }
            throw GRPCStatus(code: .unavailable, message: "\(refusal.message); reconnecting failed: \(status.message)")
        }
    }

    /// Closes the connection: every open call fails with `unavailable`, a GOAWAY is sent
    /// and the I/O thread ends. No reconnection happens afterwards. Calling it again does
    /// nothing.
    public func close() {
        let owner = current.withLock { current in
            current.closed = true
            return current.owner
        }
        owner.connection.close()
    }
}
