import Foundation

/// Flight's session options (experimental in the Flight specification): the
/// `SetSessionOptions`, `GetSessionOptions` and `CloseSession` actions. The server finds the
/// session by a cookie it sets on the first `SetSessionOptions`, so these need the client's
/// cookie jar (``FlightClientOptions/useCookies``, on by default): without it every call
/// starts a new session.
extension FlightClient {
    /// Sets (or, for a valueless ``SessionOptionValue``, unsets) session options; returns the
    /// per-option failures (options not listed were set).
    public func setSessionOptions(
        _ sessionOptions: [String: SessionOptionValue], options: FlightCallOptions = FlightCallOptions()
    ) async throws -> SetSessionOptionsResult {
        let request = SetSessionOptionsRequest(sessionOptions: sessionOptions)
        let body = try await actionResult(FlightService.ActionName.setSessionOptions, request.serializedProtobuf(), options: options)
        return try Self.decodingResult { try SetSessionOptionsResult(protobuf: body) }
    }

    /// The options of the session, as the server reports them.
    public func getSessionOptions(options: FlightCallOptions = FlightCallOptions()) async throws -> [String: SessionOptionValue] {
        let body = try await actionResult(FlightService.ActionName.getSessionOptions, GetSessionOptionsRequest().serializedProtobuf(), options: options)
        return try Self.decodingResult { try GetSessionOptionsResult(protobuf: body).sessionOptions }
    }

    /// Ends the session on the server; returns the server's status (`closed`, `closing`, …).
    public func closeSession(options: FlightCallOptions = FlightCallOptions()) async throws -> CloseSessionResult.Status {
        let body = try await actionResult(FlightService.ActionName.closeSession, CloseSessionRequest().serializedProtobuf(), options: options)
        return try Self.decodingResult { try CloseSessionResult(protobuf: body).status }
    }

    /// The one result body of an action.
    private func actionResult(_ type: String, _ body: Data, options: FlightCallOptions) async throws -> Data {
        let results = try await doAction(FlightAction(type: type, body: body), options: options)
        guard results.count == 1, let result = results.first else {
            throw FlightError(code: .invalidResponse, message: "\(type) returned \(results.count) results instead of one")
        }
        return result.body
    }

    private static func decodingResult<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw FlightError(code: .invalidResponse, message: "malformed session options result: \(error)", cause: error)
        }
    }
}
