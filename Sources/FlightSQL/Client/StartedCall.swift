import Foundation
import GRPCTransport

/// A call the client started, with where its response metadata goes when it ends: the
/// connection's cookie jar and the caller's ``FlightResponseMetadataCapture``.
///
/// Every RPC goes through one of these, so that no call path forgets the cookies or the
/// capture (DoGet once did: its `set-cookie`s never reached the jar).
struct StartedCall: Sendable {
    let call: any GRPCStreamingCall
    let method: String
    let cookies: FlightCookieJar?
    let capture: FlightResponseMetadataCapture?

    /// Runs `body` (sending and receiving the whole call), then hands the call's headers and
    /// trailers on, also when `body` fails: a server may drop a session cookie
    /// (`Max-Age=0`) with the error that says the session is gone, and a failed call's
    /// trailers carry the error's details. Errors come out as ``FlightError``s.
    func run<T>(_ body: (any GRPCStreamingCall) async throws -> T) async throws -> T {
        try await FlightClient.translatingErrors {
            let result: T
            do {
                result = try await body(call)
            } catch {
                await ended(failure: error)
                throw error
            }
            await ended(failure: nil)
            return result
        }
    }

    /// Hands the headers and trailers of the ended call on. `failure` is what ended it (nil:
    /// status OK); the call is cancelled first, which does nothing to a call that ended and
    /// keeps the reads below from waiting on one the caller abandons mid-stream.
    func ended(failure: (any Error)?) async {
        if failure != nil { call.cancel() }
        guard cookies != nil || capture != nil else { return }
        var headers = (try? await call.responseHeaders()) ?? GRPCMetadata()
        // A Trailers-Only response's one header block carries the status: it is the trailers.
        if headers.first("grpc-status") != nil { headers = GRPCMetadata() }
        let trailers = (try? await call.trailers()) ?? Self.status(of: failure)?.metadata ?? GRPCMetadata()
        cookies?.store(from: headers)
        cookies?.store(from: trailers)
        capture?.record(FlightResponseMetadata(method: method, headers: headers.textPairs, trailers: trailers.textPairs))
    }

    /// Stores the `set-cookie`s of the response headers while the call goes on (a stream the
    /// caller may never finish). Only once a message arrived: the headers are there then,
    /// so this does not wait.
    func storeHeaderCookies() async {
        guard let cookies, let headers = try? await call.responseHeaders() else { return }
        cookies.store(from: headers)
    }

    /// Records a call that could not start: no headers, and the trailers of the status (if
    /// any), so that the capture does not keep an earlier call's values as this call's.
    static func failedToStart(method: String, error: any Error, capture: FlightResponseMetadataCapture?) {
        let trailers = status(of: error)?.metadata ?? GRPCMetadata()
        capture?.record(FlightResponseMetadata(method: method, trailers: trailers.textPairs))
    }

    /// The gRPC status behind an error, also when it was already translated.
    private static func status(of error: (any Error)?) -> GRPCStatus? {
        (error as? GRPCStatus) ?? ((error as? FlightError)?.cause as? GRPCStatus)
    }
}
