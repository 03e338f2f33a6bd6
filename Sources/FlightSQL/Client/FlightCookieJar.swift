import DBAPI
import Foundation
import GRPCTransport

/// The cookies one connection's server set (`set-cookie` in response headers or trailers),
/// sent back as one `cookie` header on every later call on that connection.
///
/// Flight keeps server sessions (session options) by cookie, canonically
/// `arrow_flight_session_id`. The jar belongs to one connection, so it implements only what
/// that needs from RFC 6265: a name and value per cookie, replaced by a later `set-cookie` of
/// the same name and removed by `Max-Age=0` (or less) or an `Expires` date in the past;
/// `Domain`, `Path`, `Secure` and `HttpOnly` do not apply to a single gRPC connection and
/// are ignored. A server cannot make it grow without bound (at most ``maximumCookies``
/// cookies of at most ``maximumCookieSize`` bytes each). Values are never printed:
/// ``description`` lists names only.
public final class FlightCookieJar: Sendable, CustomStringConvertible {
    /// The most cookies kept; a new name beyond it is ignored.
    public static let maximumCookies = 50
    /// The largest `name=value` kept (RFC 6265's minimum a client must support).
    public static let maximumCookieSize = 4096

    private let cookies = Locked<[(name: String, value: String)]>([])

    /// An empty jar.
    public init() {}

    /// The cookies' names, in the order they were first set.
    public var names: [String] { cookies.withLock { $0.map(\.name) } }

    /// Whether the jar holds no cookie.
    public var isEmpty: Bool { cookies.withLock { $0.isEmpty } }

    /// The value of the `cookie` request header (`a=1; b=2`), or nil when empty.
    public var cookieHeader: String? {
        cookies.withLock { cookies in
            cookies.isEmpty ? nil : cookies.map { "\($0.name)=\($0.value)" }.joined(separator: "; ")
        }
    }

    /// Stores the cookies of every `set-cookie` entry in `metadata`.
    func store(from metadata: GRPCMetadata) {
        for header in metadata.values(for: "set-cookie").compactMap(\.stringValue) { store(setCookie: header) }
    }

    /// Stores one `set-cookie` header value; malformed ones are ignored, as RFC 6265 says.
    public func store(setCookie header: String, now: Date = Date()) {
        let parts = header.split(separator: ";", omittingEmptySubsequences: false)
        guard let pair = parts.first, pair.utf8.count <= Self.maximumCookieSize else { return }
        let nameValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard nameValue.count == 2 else { return }
        let name = nameValue[0].trimmingCharacters(in: .whitespaces)
        var value = nameValue[1].trimmingCharacters(in: .whitespaces)
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        // A name or value that could break the `cookie` header it is sent back in is refused.
        guard !name.isEmpty, Self.isCookieText(name, allowing: ""), Self.isCookieText(value, allowing: " ") else { return }
        var maxAge: Int?
        var expires: Date?
        for attribute in parts.dropFirst() {
            let keyValue = attribute.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = keyValue[0].trimmingCharacters(in: .whitespaces).lowercased()
            let argument = keyValue.count > 1 ? keyValue[1].trimmingCharacters(in: .whitespaces) : ""
            if key == "max-age", let seconds = Int(argument) { maxAge = seconds }
            if key == "expires", let date = Self.httpDate(argument) { expires = date }
        }
        // Max-Age wins over Expires (RFC 6265 §5.3); either may delete the cookie.
        let expired = maxAge.map { $0 <= 0 } ?? expires.map { $0 <= now } ?? false
        cookies.withLock { cookies in
            let index = cookies.firstIndex { $0.name == name }
            if expired {
                if let index { cookies.remove(at: index) }
            } else if let index {
                cookies[index].value = value
            } else if cookies.count < Self.maximumCookies {
                cookies.append((name, value))
            }
        }
    }

    /// Removes every cookie.
    public func removeAll() { cookies.withLock { $0.removeAll() } }

    /// The cookie names, never their values (a session cookie is a credential).
    public var description: String { "FlightCookieJar(\(names))" }

    /// Printable ASCII without `;`, `,` or `"` (and `=` in names): what a cookie name or value
    /// may hold so that sending it back cannot add a header or another cookie.
    private static func isCookieText(_ text: String, allowing extra: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            (scalar.value > 0x20 && scalar.value < 0x7F && !";,\"\\".unicodeScalars.contains(scalar))
                || extra.unicodeScalars.contains(scalar)
        }
    }

    /// An HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`, RFC 9110's preferred form).
    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
