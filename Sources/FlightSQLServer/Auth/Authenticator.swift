import DBAPI
import FlightSQL
import Foundation
import GRPCTransport

/// Checks each call's credentials and issues tokens at `Handshake`.
///
/// Secrets are compared in constant time and never appear in a message or log.
final class Authenticator: Sendable {
    private let auth: FlightSQLServerAuth
    /// Tokens issued by `Handshake` (basic mode).
    private let issued = Locked<Set<String>>([])

    init(_ auth: FlightSQLServerAuth) {
        self.auth = auth
    }

    /// Throws UNAUTHENTICATED unless the call carries valid credentials.
    func authorize(_ metadata: GRPCMetadata) throws {
        switch auth.mode {
        case .none:
            return
        case .token(let token):
            guard let presented = bearer(metadata), Self.equal(presented, token) else { throw unauthenticated(metadata) }
        case .basic(let username, let password):
            if let presented = bearer(metadata), issued.withLock({ $0.contains(presented) }) { return }
            // Clients that send Basic credentials on every call are served too.
            if let (user, pass) = basic(metadata), Self.equal(user, username), Self.equal(pass, password) { return }
            throw unauthenticated(metadata)
        }
    }

    /// Serves a `Handshake`: returns the token to send back (nil when there is none).
    func handshake(metadata: GRPCMetadata, request: HandshakeRequest?) throws -> String? {
        switch auth.mode {
        case .none:
            // Every call is served anyway; clients configured with credentials (ADBC) insist
            // on receiving a token, so they get one that nothing checks.
            let presented = basic(metadata) != nil || !(request?.payload.isEmpty ?? true)
            return presented ? Self.newToken() : nil
        case .token(let token):
            guard let presented = bearer(metadata), Self.equal(presented, token) else { throw unauthenticated(metadata) }
            return token
        case .basic(let username, let password):
            var credentials = basic(metadata)
            if credentials == nil, let payload = request?.payload, !payload.isEmpty,
               let message = try? BasicAuth(protobuf: payload), !message.username.isEmpty {
                credentials = (message.username, message.password)
            }
            if credentials == nil, let presented = bearer(metadata), issued.withLock({ $0.contains(presented) }) {
                return presented
            }
            guard let (user, pass) = credentials, Self.equal(user, username), Self.equal(pass, password) else {
                throw GRPCStatus(code: .unauthenticated, message: "invalid username or password")
            }
            let token = Self.newToken()
            issued.withLock { _ = $0.insert(token) }
            return token
        }
    }

    private func unauthenticated(_ metadata: GRPCMetadata) -> GRPCStatus {
        let sent = metadata.first("authorization") != nil
        return GRPCStatus(
            code: .unauthenticated,
            message: sent ? "invalid credentials" : "authentication required: send 'authorization: Bearer <token>' (or Handshake first)")
    }

    private func bearer(_ metadata: GRPCMetadata) -> String? {
        guard let value = metadata.first("authorization") else { return nil }
        let prefix = "bearer "
        guard value.lowercased().hasPrefix(prefix) else { return nil }
        return String(value.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
    }

    private func basic(_ metadata: GRPCMetadata) -> (String, String)? {
        guard let value = metadata.first("authorization") else { return nil }
        let prefix = "basic "
        guard value.lowercased().hasPrefix(prefix),
              let decoded = Data(base64Encoded: String(value.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8),
              let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// Constant-time comparison (the time depends only on the lengths).
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }

    /// 32 random bytes, hex-encoded.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
