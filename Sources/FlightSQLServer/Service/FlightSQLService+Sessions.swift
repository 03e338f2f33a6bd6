import FlightSQL
import Foundation
import GRPCTransport

/// `SetSessionOptions`, `GetSessionOptions` and `CloseSession`: options kept per client
/// session (see ``ClientSessions``), and what they change.
///
/// The one option is `read_only` (bool): a session that sets it is refused every write, as
/// the server's `--read-only` refuses them for everyone. It is what SQLite can honour per
/// client: its other per-connection settings (`busy_timeout`, `foreign_keys`, …) would
/// change the connection all clients share outside transactions, and it has neither
/// catalogs nor a settable default schema (`main` and `temp` are fixed), so `catalog` and
/// `schema` would promise what the server cannot do. Every other name is INVALID_NAME.
extension FlightSQLService {
    /// The option names the server supports.
    enum SessionOption {
        static let readOnly = "read_only"
    }

    func setSessionOptions(_ request: SetSessionOptionsRequest, call: GRPCServerCall) async throws -> SetSessionOptionsResult {
        var options: [String: SessionOptionValue]
        let existing: String?
        switch clientSessions.lookup(call.metadata) {
        case .none: (options, existing) = ([:], nil)
        case .session(let id, let current): (options, existing) = (current, id)
        case .unknown: throw unknownSession(call)
        }
        var errors: [String: SetSessionOptionsResult.Error] = [:]
        for (name, value) in request.sessionOptions {
            if let error = sessionOptionError(name: name, value: value) {
                errors[name] = SetSessionOptionsResult.Error(value: error)
            } else {
                options[name] = value.value == nil ? nil : value
            }
        }
        if let existing {
            guard clientSessions.update(existing, options: options) else { throw unknownSession(call) }
        } else {
            // Setting options creates the session (Flight's rule), even if every name failed:
            // the client learns its cookie either way.
            try await call.sendHeaders(ClientSessions.setCookie(clientSessions.create(options: options)))
        }
        return SetSessionOptionsResult(errors: errors)
    }

    func getSessionOptions(call: GRPCServerCall) throws -> GetSessionOptionsResult {
        switch clientSessions.lookup(call.metadata) {
        case .none: return GetSessionOptionsResult(sessionOptions: effectiveOptions([:]))
        case .session(_, let options): return GetSessionOptionsResult(sessionOptions: effectiveOptions(options))
        case .unknown: throw unknownSession(call)
        }
    }

    func closeSession(call: GRPCServerCall) async throws -> CloseSessionResult {
        switch clientSessions.lookup(call.metadata) {
        case .none:
            // Nothing to close: closing is idempotent for a client that never set options.
            return CloseSessionResult(status: .closed)
        case .session(let id, _):
            guard clientSessions.close(id) else { throw unknownSession(call) }
            try await call.sendHeaders(ClientSessions.clearCookie)
            return CloseSessionResult(status: .closed)
        case .unknown:
            throw unknownSession(call)
        }
    }

    /// Whether the session the call belongs to refuses writes.
    func sessionIsReadOnly(_ call: GRPCServerCall) -> Bool {
        guard case .session(_, let options) = clientSessions.lookup(call.metadata) else { return false }
        return options[SessionOption.readOnly]?.value == .bool(true)
    }

    /// Why `value` cannot be set for `name`, or nil if it can.
    private func sessionOptionError(name: String, value: SessionOptionValue) -> SetSessionOptionsResult.ErrorValue? {
        switch name {
        case SessionOption.readOnly:
            switch value.value {
            case nil, .bool(true)?: return nil
            case .bool(false)?: return options.readOnly ? .error : nil  // the whole server refuses writes
            default: return .invalidValue
            }
        default:
            return .invalidName
        }
    }

    /// The session's options with the values in effect for those it did not set.
    private func effectiveOptions(_ options: [String: SessionOptionValue]) -> [String: SessionOptionValue] {
        var result = options
        let readOnly = self.options.readOnly || options[SessionOption.readOnly]?.value == .bool(true)
        result[SessionOption.readOnly] = SessionOptionValue(.bool(readOnly))
        return result
    }

    /// NOT_FOUND for a cookie naming a closed or expired session (as Flight specifies after
    /// CloseSession), with a `set-cookie` that drops it so the client's next
    /// `SetSessionOptions` starts a new session.
    private func unknownSession(_ call: GRPCServerCall) -> GRPCStatus {
        call.setTrailers(ClientSessions.clearCookie)
        return GRPCStatus(code: .notFound, message: "the session was closed or has expired; set options again to start a new one")
    }
}
