import DBAPI
import FlightSQL
import Foundation
import GRPCTransport

/// Checks each call's credentials and issues tokens at `Handshake`.
///
/// Secrets are compared in constant time and never appear in a message or log.
///
/// Tokens issued at `Handshake` (basic mode) expire after `idleTimeout` unused, and at most
/// `capacity` are kept (the least recently used goes first): every Handshake issues one, so
/// without both a client handshaking in a loop would grow the server's memory forever.
final class Authenticator: Sendable {
    private let auth: FlightSQLServerAuth
    /// Tokens issued by `Handshake` (basic mode); presenting one marks it used.
    private let issued: Locked<IdleExpiringCache<String, Bool>>

    init(_ auth: FlightSQLServerAuth, idleTimeout: Duration = .seconds(3600), capacity: Int = 10_000) {
        self.auth = auth
        issued = Locked(IdleExpiringCache(idleTimeout: idleTimeout, capacity: capacity))
    }

    /// Throws UNAUTHENTICATED unless the call carries valid credentials.
    func authorize(_ metadata: GRPCMetadata) throws {
        switch auth.mode {
        case .none:
            return
        case .token(let token):
            guard let presented = bearer(metadata), Self.equal(presented, token) else { throw unauthenticated(metadata) }
        case .basic(let username, let password):
            if let presented = bearer(metadata), use(presented) { return }
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
            if credentials == nil, let presented = bearer(metadata), use(presented) {
                return presented
            }
            guard let (user, pass) = credentials, Self.equal(user, username), Self.equal(pass, password) else {
                throw GRPCStatus(code: .unauthenticated, message: "invalid username or password")
            }
            let token = Self.newToken()
            issue(token)
            return token
        }
    }

    /// Whether `token` was issued and has not expired; marks it used (an expired one is forgotten).
    private func use(_ token: String) -> Bool {
        let now = ContinuousClock.now
        return issued.withLock { issued in
            if case .found = issued.use(token, now: now, { _ in }) { return true }
            return false
        }
    }

    /// Keeps a new token, forgetting expired ones, then the least recently used, to stay
    /// within the capacity.
    private func issue(_ token: String) {
        let now = ContinuousClock.now
        _ = issued.withLock { $0.insert(true, for: token, now: now) }
    }

    /// Forgets the tokens unused for the idle timeout (the sweeper calls it).
    func removeIdleTokens() {
        let now = ContinuousClock.now
        _ = issued.withLock { $0.removeIdle(now: now) }
    }

    /// How many issued tokens are kept.
    var tokenCount: Int { issued.withLock { $0.count } }

    private func unauthenticated(_ metadata: GRPCMetadata) -> GRPCStatus {
        guard metadata.first("authorization") != nil else {
            return GRPCStatus(
                code: .unauthenticated, message: "authentication required: send 'authorization: Bearer <token>' (or Handshake first)")
        }
        // A Handshake token may have expired or been evicted: say what to do about it.
        if case .basic = auth.mode, bearer(metadata) != nil {
            return GRPCStatus(code: .unauthenticated, message: "invalid or expired token: Handshake again for a new one")
        }
        return GRPCStatus(code: .unauthenticated, message: "invalid credentials")
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
