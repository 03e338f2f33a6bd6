import DBAPI
import FlightSQL
import Foundation
import GRPCTransport

/// Flight's client sessions: the options each client set, found by the session cookie its
/// calls carry (`cookie: arrow_flight_session_id=<id>`).
///
/// A session is created by the first `SetSessionOptions` without a known cookie; the response
/// carries `set-cookie` with a new random id. `CloseSession` ends that session only, and its
/// response tells the client to drop the cookie (`Max-Age=0`). Sessions unused for
/// `idleTimeout` are forgotten, and at most `capacity` are kept (the least recently used
/// goes first), so clients that never close cannot grow the server without bound.
final class ClientSessions: Sendable {
    /// The cookie name the Flight specification suggests.
    static let cookieName = "arrow_flight_session_id"

    /// What a call's cookie says about its session.
    enum Lookup: Equatable {
        /// The call carries no session cookie.
        case none
        /// A known session.
        case session(id: String, options: [String: SessionOptionValue])
        /// A session cookie naming no session (closed, expired or made up).
        case unknown
    }

    private struct Entry {
        var options: [String: SessionOptionValue]
        var lastUsed: ContinuousClock.Instant
    }

    private let entries = Locked<[String: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The session the call's cookies name (and marks it used).
    func lookup(_ metadata: GRPCMetadata) -> Lookup {
        guard let id = Self.sessionID(in: metadata) else { return .none }
        return entries.withLock { entries in
            guard entries[id] != nil else { return .unknown }
            entries[id]?.lastUsed = .now
            return .session(id: id, options: entries[id]?.options ?? [:])
        }
    }

    /// Starts a session with `options`; returns its new id.
    func create(options: [String: SessionOptionValue]) -> String {
        let id = Authenticator.newToken()
        entries.withLock { entries in
            if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
                entries[oldest] = nil
            }
            entries[id] = Entry(options: options, lastUsed: .now)
        }
        return id
    }

    /// Replaces a session's options; `false` if it no longer exists.
    func update(_ id: String, options: [String: SessionOptionValue]) -> Bool {
        entries.withLock { entries in
            guard entries[id] != nil else { return false }
            entries[id] = Entry(options: options, lastUsed: .now)
            return true
        }
    }

    /// Ends a session; `false` if it did not exist.
    func close(_ id: String) -> Bool {
        entries.withLock { $0.removeValue(forKey: id) != nil }
    }

    /// Forgets sessions unused for `timeout`.
    func removeIdle(_ timeout: Duration) {
        let cutoff = ContinuousClock.now - timeout
        entries.withLock { entries in entries = entries.filter { $0.value.lastUsed >= cutoff } }
    }

    /// How many sessions are open.
    var count: Int { entries.withLock { $0.count } }

    /// The session id in the call's `cookie` headers (HTTP/2 may split cookies over several
    /// headers, RFC 9113 §8.2.3), or nil.
    static func sessionID(in metadata: GRPCMetadata) -> String? {
        for header in metadata.values(for: "cookie").compactMap(\.stringValue) {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == cookieName else { continue }
                let value = parts[1].trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { return value }
            }
        }
        return nil
    }

    /// The response header that gives the client its session cookie.
    static func setCookie(_ id: String) -> GRPCMetadata {
        var metadata = GRPCMetadata()
        metadata.add("set-cookie", "\(cookieName)=\(id)")
        return metadata
    }

    /// The response header that tells the client to drop the session cookie.
    static var clearCookie: GRPCMetadata {
        var metadata = GRPCMetadata()
        metadata.add("set-cookie", "\(cookieName)=; Max-Age=0")
        return metadata
    }
}
