import Foundation

/// An error from a Flight or Flight SQL call: the gRPC status the server (or the transport)
/// reported, or a problem found in what the server sent.
///
/// Its `description` names the code and the server's message; it never contains request
/// headers, tokens or passwords, and never the SQL text or parameters of the call.
public struct FlightError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is: the gRPC status codes plus the client's own.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The gRPC status code number, or a negative number for the client's own codes.
        public let rawValue: Int
        /// The code's name, e.g. `unavailable`.
        public let name: String

        private init(_ rawValue: Int, _ name: String) {
            self.rawValue = rawValue
            self.name = name
        }

        /// The code for a gRPC status number (unknown numbers keep their value).
        public init(grpcStatus rawValue: Int) {
            self = Self.grpcCodes.first { $0.rawValue == rawValue } ?? Code(rawValue, "code \(rawValue)")
        }

        public var description: String { name }

        /// The call was cancelled, usually by the caller.
        public static let cancelled = Code(1, "cancelled")
        /// An error the server did not classify.
        public static let unknown = Code(2, "unknown")
        /// The request was invalid, e.g. bad SQL.
        public static let invalidArgument = Code(3, "invalid argument")
        /// The deadline passed before the call finished.
        public static let deadlineExceeded = Code(4, "deadline exceeded")
        /// Something the request names does not exist.
        public static let notFound = Code(5, "not found")
        /// Something the request would create exists already.
        public static let alreadyExists = Code(6, "already exists")
        /// The caller may not do this.
        public static let permissionDenied = Code(7, "permission denied")
        /// A limit was hit, e.g. a message larger than allowed.
        public static let resourceExhausted = Code(8, "resource exhausted")
        /// The server is not in a state that allows the request.
        public static let failedPrecondition = Code(9, "failed precondition")
        /// The operation was aborted, e.g. by a conflicting transaction.
        public static let aborted = Code(10, "aborted")
        /// A value was outside its valid range.
        public static let outOfRange = Code(11, "out of range")
        /// The server does not support the request.
        public static let unimplemented = Code(12, "unimplemented")
        /// The server failed internally.
        public static let `internal` = Code(13, "internal")
        /// The server could not be reached or the connection was lost.
        public static let unavailable = Code(14, "unavailable")
        /// Data was lost or corrupted.
        public static let dataLoss = Code(15, "data loss")
        /// The request lacks valid credentials.
        public static let unauthenticated = Code(16, "unauthenticated")
        /// The server's response broke the Flight or Arrow format.
        public static let invalidResponse = Code(-1, "invalid response")
        /// The caller passed something the client cannot use (a bad URL, an unreadable file).
        public static let invalidConfiguration = Code(-2, "invalid configuration")

        static let grpcCodes: [Code] = [
            .cancelled, .unknown, .invalidArgument, .deadlineExceeded, .notFound, .alreadyExists,
            .permissionDenied, .resourceExhausted, .failedPrecondition, .aborted, .outOfRange,
            .unimplemented, .internal, .unavailable, .dataLoss, .unauthenticated,
        ]
    }

    /// What kind of failure this is.
    public var code: Code
    /// The server's or client's explanation.
    public var message: String
    /// Response trailers that came with a server-reported status (secrets are never here:
    /// they are response headers the server chose to send).
    public var trailers: [(name: String, value: String)]
    /// The underlying error, if any.
    public var cause: (any Error)?

    /// Creates an error.
    public init(code: Code, message: String, trailers: [(name: String, value: String)] = [], cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.trailers = trailers
        self.cause = cause
    }

    public var description: String {
        message.isEmpty ? "\(code)" : "\(code): \(message)"
    }
}
