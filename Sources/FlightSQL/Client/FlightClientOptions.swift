import Foundation
import GRPCTransport

/// How a Flight or Flight SQL client connects and authenticates.
///
/// The `description` shows which settings are present but never the token or password.
public struct FlightClientOptions: Sendable, CustomStringConvertible {
    /// A bearer token sent as `authorization: Bearer <token>` on every call.
    public var token: String?
    /// User name for the Flight handshake with Basic authentication (with ``password``);
    /// the bearer token the server returns is then sent on every call.
    public var username: String?
    /// Password for the handshake.
    public var password: String?
    /// Extra headers sent on every call (e.g. InfluxDB's `database`). Names are lower-cased;
    /// names ending in `-bin` carry binary values (given here as their raw bytes in a String is
    /// not possible, so use ``binaryHeaders``).
    public var headers: [Header]
    /// Extra binary headers (`-bin` names) sent on every call.
    public var binaryHeaders: [(name: String, value: Data)]
    /// TLS settings for `grpc+tls://` URLs.
    public var tls: TLSOptions
    /// Deadline applied to each call that does not set its own.
    public var timeout: Duration?
    /// The largest message the client accepts from the server (default 64 MiB).
    public var maxReceiveMessageSize: Int
    /// HTTP/2 keepalive pings that detect a dead connection (off by default); see
    /// `HTTP2ClientTransport.Keepalive`.
    public var keepalive: HTTP2ClientTransport.Keepalive?
    /// Keep the cookies the server sets (`set-cookie`) and send them back (`cookie`) on every
    /// later call on the connection (default on): Flight servers keep session options under
    /// a session cookie. Cookies never leave the connection they were set on, and are never
    /// printed.
    public var useCookies: Bool

    /// One request header.
    public struct Header: Sendable, Hashable {
        /// The header name (lower-cased when sent).
        public var name: String
        /// The header value.
        public var value: String

        /// Creates a header.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Creates options; everything is optional.
    public init(
        token: String? = nil, username: String? = nil, password: String? = nil,
        headers: [Header] = [], binaryHeaders: [(name: String, value: Data)] = [],
        tls: TLSOptions = TLSOptions(), timeout: Duration? = nil,
        maxReceiveMessageSize: Int = 64 << 20, keepalive: HTTP2ClientTransport.Keepalive? = nil,
        useCookies: Bool = true
    ) {
        self.keepalive = keepalive
        self.token = token
        self.username = username
        self.password = password
        self.headers = headers
        self.binaryHeaders = binaryHeaders
        self.tls = tls
        self.timeout = timeout
        self.maxReceiveMessageSize = maxReceiveMessageSize
        self.useCookies = useCookies
    }

    public var description: String {
        var parts: [String] = []
        if token != nil { parts.append("token: <redacted>") }
        if let username { parts.append("username: \(username), password: <redacted>") }
        if !headers.isEmpty { parts.append("headers: \(headers.map(\.name))") }
        if let timeout { parts.append("timeout: \(timeout)") }
        if !useCookies { parts.append("cookies: off") }
        parts.append("tls: \(tls)")
        return "FlightClientOptions(\(parts.joined(separator: ", ")))"
    }
}

/// TLS settings for `grpc+tls://` connections. Certificates and host names are verified by
/// default against the system's trust store.
public struct TLSOptions: Sendable, CustomStringConvertible {
    /// A PEM file of root certificates to trust instead of the system's.
    public var rootCertificatesFile: String?
    /// Skip verifying the server's certificate and host name. Unsafe: for testing only.
    public var skipVerify: Bool
    /// Verify the certificate against this host name (and send it as SNI) instead of the URL's host.
    public var overrideHostname: String?
    /// A PEM client certificate for mutual TLS (with ``clientKeyFile``).
    public var clientCertificateFile: String?
    /// The PEM private key of ``clientCertificateFile``.
    public var clientKeyFile: String?

    /// Creates TLS settings; the defaults verify against the system trust store.
    public init(
        rootCertificatesFile: String? = nil, skipVerify: Bool = false, overrideHostname: String? = nil,
        clientCertificateFile: String? = nil, clientKeyFile: String? = nil
    ) {
        self.rootCertificatesFile = rootCertificatesFile
        self.skipVerify = skipVerify
        self.overrideHostname = overrideHostname
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
    }

    public var description: String {
        var parts: [String] = []
        if let rootCertificatesFile { parts.append("roots: \(rootCertificatesFile)") }
        if skipVerify { parts.append("skip verify") }
        if let overrideHostname { parts.append("host name: \(overrideHostname)") }
        if let clientCertificateFile { parts.append("client certificate: \(clientCertificateFile)") }
        return parts.isEmpty ? "default" : parts.joined(separator: ", ")
    }
}

/// Settings for one call.
public struct FlightCallOptions: Sendable {
    /// The call's deadline, measured from when it starts; overrides the client's default.
    public var timeout: Duration?
    /// Extra headers for this call only.
    public var headers: [FlightClientOptions.Header]
    /// Receives the response headers and trailers of every call made with these options
    /// when the call ends, also when it fails (as gRPC-Go's `grpc.Header` and `grpc.Trailer`
    /// call options do). Nil (the default) records nothing.
    public var responseMetadata: FlightResponseMetadataCapture?

    /// Creates call options.
    public init(
        timeout: Duration? = nil, headers: [FlightClientOptions.Header] = [],
        responseMetadata: FlightResponseMetadataCapture? = nil
    ) {
        self.timeout = timeout
        self.headers = headers
        self.responseMetadata = responseMetadata
    }
}
