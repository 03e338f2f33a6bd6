import DBAPI
import Foundation
import GRPCTransport

/// A Flight SQL connection URL with its options, in the style of the ADBC and Go drivers:
///
/// ```
/// grpc+tls://host:443?token=…&database=sales&timeout=30&header.x-tenant=acme
/// ```
///
/// The part before `?` is the server (`grpc://`, `grpc+tcp://` or `grpc+tls://host:port`);
/// the query carries options, percent-decoded (`+` stays a plus sign, since tokens often
/// contain one; write a space as `%20`):
///
/// | key | effect |
/// | --- | --- |
/// | `token` | bearer token sent on every call |
/// | `username`, `password` | Basic credentials for the Flight handshake |
/// | `database` | the `database` header (InfluxDB, Dremio and others select a database with it) |
/// | `timeout` | per-call deadline in seconds (`30`, `2.5`, `500ms`, `10s`) |
/// | `tls_skip_verify` | `true` to accept any server certificate (testing only) |
/// | `tls_root_certs` | PEM file of root certificates to trust |
/// | `tls_override_hostname` | host name to verify the certificate against (and send as SNI) |
/// | `mtls_cert`, `mtls_key` | PEM client certificate and key for mutual TLS |
/// | `cookies` | `false` to neither keep nor send the server's cookies (default `true`) |
/// | `keepalive_time` | probe a call-carrying connection with an HTTP/2 PING after it has been quiet this long (seconds, as `timeout`); turns keepalive on |
/// | `keepalive_timeout` | how long the PING may go unanswered before the connection is declared dead (default 10 s); turns keepalive on |
/// | `keepalive_permit_without_calls` | `true` to probe also while no call is open (default `false`) |
/// | `header.NAME` | any other header, e.g. `header.x-tenant=acme` |
///
/// An unknown key or a bad value is an `interfaceError` that names the key but never the
/// value, so a mistyped `tokn=secret` does not put the secret in a log.
public struct FlightSQLConnectionURL: Sendable, CustomStringConvertible {
    /// The server's address without options (`grpc+tls://host:443`).
    public var address: String
    /// The options: those passed to ``parse(_:defaults:)`` overridden by the URL's.
    public var options: FlightClientOptions

    /// The option keys the URL may carry (besides `header.NAME`).
    public static let knownKeys: Set<String> = [
        "token", "username", "password", "database", "timeout", "tls_skip_verify", "tls_root_certs",
        "tls_override_hostname", "mtls_cert", "mtls_key", "cookies", "keepalive_time", "keepalive_timeout",
        "keepalive_permit_without_calls",
    ]

    /// Splits `url` into the server address and options, starting from `defaults`.
    public static func parse(_ url: String, defaults: FlightClientOptions = FlightClientOptions()) throws(DBAPIError) -> FlightSQLConnectionURL {
        var options = defaults
        let withoutFragment = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? url
        let parts = withoutFragment.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let address = String(parts.first ?? "")
        // A user:password@ authority would be echoed by the URL parser's error messages; the
        // credentials belong in the query (username=, password=) instead.
        if address.contains("@") {
            throw DBAPIError(.interfaceError, "credentials in the URL authority are not supported; pass username= and password= as options")
        }
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&", omittingEmptySubsequences: true) {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let key = percentDecoded(keyValue[0]) else {
                    throw DBAPIError(.interfaceError, "malformed percent-encoding in a connection option name")
                }
                guard let value = percentDecoded(keyValue.count > 1 ? keyValue[1] : "") else {
                    throw DBAPIError(.interfaceError, "malformed percent-encoding in the value of connection option '\(key)'")
                }
                try apply(key: key, value: value, to: &options)
            }
        }
        return FlightSQLConnectionURL(address: address, options: options)
    }

    /// The address and which options are set; never a secret.
    public var description: String {
        guard let keepalive = options.keepalive else { return "\(address) \(options)" }
        // FlightClientOptions does not describe keepalive; the URL's options may set it.
        let idle = keepalive.permitWithoutCalls ? ", also without calls" : ""
        return "\(address) \(options) keepalive: every \(keepalive.interval), answer within \(keepalive.timeout)\(idle)"
    }

    private static func apply(key: String, value: String, to options: inout FlightClientOptions) throws(DBAPIError) {
        func invalid(_ why: String) -> DBAPIError {
            DBAPIError(.interfaceError, "invalid value for connection option '\(key)': \(why)")
        }
        if key.lowercased().hasPrefix("header.") {
            let name = String(key.dropFirst("header.".count))
            guard isValidHeaderName(name) else { throw DBAPIError(.interfaceError, "invalid header name in connection option '\(key)'") }
            options.headers.append(.init(name: name.lowercased(), value: value))
            return
        }
        switch key.lowercased() {
        case "token": options.token = value
        case "username": options.username = value
        case "password": options.password = value
        case "database":
            options.headers.removeAll { $0.name.lowercased() == "database" }
            options.headers.append(.init(name: "database", value: value))
        case "timeout":
            guard let timeout = parseTimeout(value) else { throw invalid("expected a positive number of seconds") }
            options.timeout = timeout
        case "tls_skip_verify":
            guard let flag = parseBool(value) else { throw invalid("expected true or false") }
            options.tls.skipVerify = flag
        case "tls_root_certs": options.tls.rootCertificatesFile = try nonEmpty(value, invalid)
        case "tls_override_hostname": options.tls.overrideHostname = try nonEmpty(value, invalid)
        case "mtls_cert": options.tls.clientCertificateFile = try nonEmpty(value, invalid)
        case "mtls_key": options.tls.clientKeyFile = try nonEmpty(value, invalid)
        case "cookies":
            guard let flag = parseBool(value) else { throw invalid("expected true or false") }
            options.useCookies = flag
        // Any keepalive option turns keepalive on; the settings not given keep the transport's
        // defaults (30 s quiet, 10 s for the answer), as gRPC's keepalive arguments do.
        case "keepalive_time":
            guard let interval = parseTimeout(value) else { throw invalid("expected a positive number of seconds") }
            options.keepalive = options.keepalive ?? HTTP2ClientTransport.Keepalive()
            options.keepalive?.interval = interval
        case "keepalive_timeout":
            guard let timeout = parseTimeout(value) else { throw invalid("expected a positive number of seconds") }
            options.keepalive = options.keepalive ?? HTTP2ClientTransport.Keepalive()
            options.keepalive?.timeout = timeout
        case "keepalive_permit_without_calls":
            guard let flag = parseBool(value) else { throw invalid("expected true or false") }
            options.keepalive = options.keepalive ?? HTTP2ClientTransport.Keepalive()
            options.keepalive?.permitWithoutCalls = flag
        default:
            throw DBAPIError(.interfaceError, "unknown connection option '\(key)' (known: \(knownKeys.sorted().joined(separator: ", ")), header.NAME)")
        }
    }

    private static func nonEmpty(_ value: String, _ invalid: (String) -> DBAPIError) throws(DBAPIError) -> String {
        guard !value.isEmpty else { throw invalid("expected a file path or name") }
        return value
    }

    /// Seconds as a number (`30`, `2.5`) or with a unit (`500ms`, `10s`, `1m`).
    static func parseTimeout(_ text: String) -> Duration? {
        let lowered = text.lowercased()
        let (number, scale): (Substring, Double) =
            if lowered.hasSuffix("ms") { (lowered.dropLast(2), 0.001) }
            else if lowered.hasSuffix("s") { (lowered.dropLast(), 1) }
            else if lowered.hasSuffix("m") { (lowered.dropLast(), 60) }
            else { (lowered[...], 1) }
        guard let value = Double(number), value.isFinite, value > 0, value * scale < 1e9 else { return nil }
        return .milliseconds(Int64((value * scale * 1000).rounded(.up)))
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "1", "yes", "on": true
        case "false", "0", "no", "off": false
        default: nil
        }
    }

    /// RFC 7230 token characters, as gRPC header names require (lower-cased when sent).
    static func isValidHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || "-_.".utf8.contains(byte)
        }
    }

    /// `%XX`-decodes `text` as UTF-8; nil for a bad escape or invalid UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
