import Foundation

/// Server-wide settings of a ``GRPCServer``.
public struct GRPCServerConfiguration: Sendable {
    /// The largest request message accepted, in bytes; a larger one ends the call with
    /// `resourceExhausted` before it is buffered.
    public var maxReceiveMessageSize: Int
    /// The HTTP/2 window of each request stream: at most this many received bytes (plus
    /// one partly received message) are held per call until the handler reads them.
    public var initialStreamWindowSize: Int
    /// The receive window shared by all calls of a connection.
    public var connectionWindowSize: Int
    /// How many calls one connection may run at once (HTTP/2 MAX_CONCURRENT_STREAMS).
    public var maxConcurrentStreams: Int
    /// How long a new connection may take to finish the TLS handshake and send the HTTP/2
    /// preface; a client that stalls longer is disconnected.
    public var handshakeTimeout: Duration

    /// The defaults: 64 MiB messages, 1 MiB stream and 16 MiB connection windows, 1000
    /// concurrent calls per connection, 10 s to complete the handshake.
    public init(
        maxReceiveMessageSize: Int = 64 << 20,
        initialStreamWindowSize: Int = 1 << 20,
        connectionWindowSize: Int = 16 << 20,
        maxConcurrentStreams: Int = 1000,
        handshakeTimeout: Duration = .seconds(10)
    ) {
        self.maxReceiveMessageSize = maxReceiveMessageSize
        self.initialStreamWindowSize = initialStreamWindowSize
        self.connectionWindowSize = connectionWindowSize
        self.maxConcurrentStreams = maxConcurrentStreams
        self.handshakeTimeout = handshakeTimeout
    }

    /// Checks the values, throwing `invalidArgument` for unusable ones.
    func validate() throws(GRPCStatus) {
        guard (65_535...Int(Int32.max)).contains(initialStreamWindowSize),
              (65_535...Int(Int32.max)).contains(connectionWindowSize) else {
            throw GRPCStatus(code: .invalidArgument, message: "HTTP/2 window sizes must be between 65535 and 2^31-1 bytes")
        }
        guard maxReceiveMessageSize >= 0 else {
            throw GRPCStatus(code: .invalidArgument, message: "maxReceiveMessageSize must not be negative")
        }
        guard (1...Int(Int32.max)).contains(maxConcurrentStreams) else {
            throw GRPCStatus(code: .invalidArgument, message: "maxConcurrentStreams must be at least 1")
        }
        guard handshakeTimeout > .zero else {
            throw GRPCStatus(code: .invalidArgument, message: "handshakeTimeout must be positive")
        }
    }
}
