import Foundation

/// Where a transport connects: host, port and whether to use TLS.
///
/// Parsed from `grpc://host:port` or `grpc+tcp://host:port` (plaintext HTTP/2 with prior
/// knowledge) and `grpc+tls://host:port` (TLS with ALPN `h2`). The host is an IPv4 literal,
/// a bracketed IPv6 literal (`[::1]`) or a name resolved with `getaddrinfo` (every address
/// is tried in turn).
public struct GRPCTarget: Sendable, Hashable, CustomStringConvertible {
    /// Plaintext or TLS.
    public enum Security: Sendable, Hashable {
        /// HTTP/2 over plain TCP (prior knowledge, no upgrade).
        case plaintext
        /// HTTP/2 over TLS; see ``TLSConfiguration``.
        case tls
    }

    /// The host name or IP address literal, without IPv6 brackets.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// Plaintext or TLS.
    public var security: Security

    /// A target from its parts.
    public init(host: String, port: Int, security: Security) {
        self.host = host
        self.port = port
        self.security = security
    }

    /// `url` as an error message may show it: user information (`user:password@`), the query
    /// (`?token=…`) and the fragment can hold secrets, so they become `…`.
    static func redacted(_ url: String) -> String {
        var shown = Substring(url)
        if let cut = shown.firstIndex(where: { $0 == "?" || $0 == "#" }) { shown = shown[..<cut] + "…" }
        let authorityStart = shown.range(of: "://")?.upperBound ?? shown.startIndex
        if let at = shown[authorityStart...].lastIndex(of: "@") {
            shown = shown[..<authorityStart] + "…" + shown[at...]
        }
        return String(shown)
    }

    /// Parses a `grpc://`, `grpc+tcp://` or `grpc+tls://` URL.
    /// Throws an `invalidArgument` ``GRPCStatus`` saying what is wrong.
    public init(url: String) throws(GRPCStatus) {
        func bad(_ why: String) -> GRPCStatus {
            GRPCStatus(code: .invalidArgument, message: "invalid gRPC URL \"\(Self.redacted(url))\": \(why)")
        }
        guard let schemeEnd = url.range(of: "://") else {
            throw bad("expected grpc://host:port, grpc+tcp://host:port or grpc+tls://host:port")
        }
        switch url[..<schemeEnd.lowerBound].lowercased() {
        case "grpc", "grpc+tcp": security = .plaintext
        case "grpc+tls": security = .tls
        default: throw bad("unsupported scheme \"\(url[..<schemeEnd.lowerBound])\"; use grpc, grpc+tcp or grpc+tls")
        }
        var rest = url[schemeEnd.upperBound...]
        // A trailing slash is harmless; a real path, query or credentials are not supported.
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        if rest.contains("/") || rest.contains("?") || rest.contains("#") {
            throw bad("a path, query or fragment is not supported")
        }
        if rest.contains("@") { throw bad("user information in the URL is not supported") }
        let hostPart: Substring
        let portPart: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw bad("unterminated IPv6 literal") }
            hostPart = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.isEmpty {
                portPart = nil
            } else if after.hasPrefix(":") {
                portPart = after.dropFirst()
            } else {
                throw bad("unexpected text after the IPv6 literal")
            }
            guard hostPart.contains(":"), Self.isIPv6Literal(String(hostPart)) else {
                throw bad("\"\(hostPart)\" is not an IPv6 address")
            }
        } else {
            let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw bad("IPv6 addresses must be written in brackets, as [::1]:port") }
            hostPart = parts[0]
            portPart = parts.count == 2 ? parts[1] : nil
        }
        guard !hostPart.isEmpty else { throw bad("missing host") }
        guard let portText = portPart, !portText.isEmpty else { throw bad("missing port") }
        guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portText), (1...65535).contains(port) else {
            throw bad("port \"\(portText)\" is not a number from 1 to 65535")
        }
        guard hostPart.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:%".contains($0)) }) else {
            throw bad("host \"\(hostPart)\" contains characters not allowed in a host name")
        }
        host = String(hostPart)
        self.port = port
    }

    /// Whether the host is an IPv4 or IPv6 address literal (not a name).
    public var isIPAddress: Bool { Self.isIPv4Literal(host) || Self.isIPv6Literal(host) }

    /// `host:port` as sent in `:authority` (IPv6 literals in brackets).
    public var authority: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The URL form, `grpc://host:port` or `grpc+tls://host:port`.
    public var description: String {
        (security == .tls ? "grpc+tls://" : "grpc://") + authority
    }

    static func isIPv4Literal(_ text: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1
    }

    static func isIPv6Literal(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }
}
