import DBAPI
import Foundation

/// The response headers and trailers of one finished call, as the server sent them.
///
/// Servers put more than data there: InfluxDB reports query timings, session servers set
/// cookies, this project's server names the DB-API kind of an error
/// (`x-flightsql-error-kind`). Values are kept verbatim, so they may hold credentials
/// (`set-cookie`, tokens); ``description`` shows the names only.
public struct FlightResponseMetadata: Sendable, CustomStringConvertible {
    /// The call's gRPC method path, e.g. `/arrow.flight.protocol.FlightService/DoGet`
    /// (see ``FlightService/Method``): which call of several this is.
    public var method: String
    /// The response headers in the order received (binary `-bin` values in base64),
    /// including the transport's own such as `content-type`. Empty when the server answered
    /// with trailers only (as gRPC servers do for an immediate error) or the call failed
    /// before any headers arrived.
    public var headers: [(name: String, value: String)]
    /// The trailers in the order received, without `grpc-status` and `grpc-message` (the
    /// call's status, which a failed call throws as a ``FlightError``). Empty when the call
    /// ended without trailers (cancelled, deadline, connection lost).
    public var trailers: [(name: String, value: String)]

    /// Metadata from its parts (for tests and adapters; the client fills it itself).
    public init(method: String, headers: [(name: String, value: String)] = [], trailers: [(name: String, value: String)] = []) {
        self.method = method
        self.headers = headers
        self.trailers = trailers
    }

    /// The values of the response headers named `name` (any case), in order.
    public func headerValues(_ name: String) -> [String] { Self.values(named: name, in: headers) }

    /// The values of the trailers named `name` (any case), in order.
    public func trailerValues(_ name: String) -> [String] { Self.values(named: name, in: trailers) }

    /// The method and the header and trailer names, never their values.
    public var description: String {
        "FlightResponseMetadata(\(method), headers: \(headers.map(\.name)), trailers: \(trailers.map(\.name)))"
    }

    private static func values(named name: String, in pairs: [(name: String, value: String)]) -> [String] {
        let wanted = name.lowercased()
        return pairs.filter { $0.name.lowercased() == wanted }.map(\.value)
    }
}

/// Receives the response headers and trailers of the calls made with the
/// ``FlightCallOptions`` that carry it, like gRPC-Go's `grpc.Header(&md)` and
/// `grpc.Trailer(&md)` call options:
///
/// ```swift
/// let timings = FlightResponseMetadataCapture()
/// let info = try await client.execute(sql, options: FlightCallOptions(responseMetadata: timings))
/// print(timings.metadata?.headerValues("x-query-duration") ?? [])
/// ```
///
/// The client fills it when a call ends, successfully or not (a failed call's trailers carry
/// the error's details), with the headers and trailers of that call. A `DoGet` ends when
/// its ``FlightStreamReader`` has read the whole stream or a read failed; a stream dropped,
/// or cancelled and not read again, fills nothing (``FlightStreamReader/responseHeaders()``
/// reads the headers while it streams). A call that could not start fills it with no headers and no
/// trailers, so stale values never pass for the new call's.
///
/// One capture may serve several calls (even concurrent ones): it keeps the last call to end,
/// and ``calls`` keeps the most recent ones in the order they ended.
public final class FlightResponseMetadataCapture: Sendable, CustomStringConvertible {
    /// How many ended calls ``calls`` keeps (the oldest go first), so a capture left on
    /// long-lived options cannot grow without bound.
    public static let maximumCalls = 64

    private let recorded = Locked<[FlightResponseMetadata]>([])

    /// An empty capture.
    public init() {}

    /// The metadata of the last call that ended, or nil before any has.
    public var metadata: FlightResponseMetadata? { recorded.withLock { $0.last } }

    /// The metadata of the calls that ended (at most ``maximumCalls``), oldest first.
    public var calls: [FlightResponseMetadata] { recorded.withLock { $0 } }

    /// The last ended call's response headers (empty before any call ended).
    public var headers: [(name: String, value: String)] { metadata?.headers ?? [] }

    /// The last ended call's trailers (empty before any call ended).
    public var trailers: [(name: String, value: String)] { metadata?.trailers ?? [] }

    /// Forgets every recorded call.
    public func removeAll() { recorded.withLock { $0.removeAll() } }

    /// The recorded calls' methods and header names, never the values.
    public var description: String { "FlightResponseMetadataCapture(\(calls.map(\.description)))" }

    /// Records one ended call.
    func record(_ metadata: FlightResponseMetadata) {
        recorded.withLock { calls in
            if calls.count >= Self.maximumCalls { calls.removeFirst(calls.count - Self.maximumCalls + 1) }
            calls.append(metadata)
        }
    }
}
