import Foundation

/// The outcome of a gRPC call, and the error every transport operation throws.
///
/// A status carries a ``Code``, a human-readable message (the percent-decoded
/// `grpc-message` when it came from the server) and the trailers that ended the call.
/// Failures of the transport itself (connection refused or lost, TLS refusals, GOAWAY,
/// RST_STREAM, deadlines, oversized messages) are reported as statuses too, with a code
/// chosen as the gRPC specification suggests and a message saying what happened.
///
/// `description` never shows secret metadata (see ``GRPCMetadata/isSensitive(_:)``).
public struct GRPCStatus: Error, Sendable, Hashable, CustomStringConvertible {
    /// A gRPC status code. A struct rather than an enum so that codes this library
    /// does not know (a newer server's) are kept instead of being lost.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The numeric code as carried by `grpc-status`.
        public var rawValue: Int

        /// A code from its numeric value; any integer is kept as is.
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// Not an error; returned on success.
        public static let ok = Code(rawValue: 0)
        /// The operation was cancelled, typically by the caller.
        public static let cancelled = Code(rawValue: 1)
        /// Unknown error.
        public static let unknown = Code(rawValue: 2)
        /// The client specified an invalid argument.
        public static let invalidArgument = Code(rawValue: 3)
        /// The deadline expired before the operation could complete.
        public static let deadlineExceeded = Code(rawValue: 4)
        /// Some requested entity was not found.
        public static let notFound = Code(rawValue: 5)
        /// The entity that a client attempted to create already exists.
        public static let alreadyExists = Code(rawValue: 6)
        /// The caller does not have permission to execute the operation.
        public static let permissionDenied = Code(rawValue: 7)
        /// Some resource has been exhausted (for example a message was too large).
        public static let resourceExhausted = Code(rawValue: 8)
        /// The system is not in a state required for the operation's execution.
        public static let failedPrecondition = Code(rawValue: 9)
        /// The operation was aborted.
        public static let aborted = Code(rawValue: 10)
        /// The operation was attempted past the valid range.
        public static let outOfRange = Code(rawValue: 11)
        /// The operation is not implemented or not supported.
        public static let unimplemented = Code(rawValue: 12)
        /// Internal error: an invariant expected by the system is broken.
        public static let `internal` = Code(rawValue: 13)
        /// The service is currently unavailable (for example the connection failed).
        public static let unavailable = Code(rawValue: 14)
        /// Unrecoverable data loss or corruption.
        public static let dataLoss = Code(rawValue: 15)
        /// The request does not have valid authentication credentials.
        public static let unauthenticated = Code(rawValue: 16)

        private static let names = [
            "ok", "cancelled", "unknown", "invalidArgument", "deadlineExceeded", "notFound",
            "alreadyExists", "permissionDenied", "resourceExhausted", "failedPrecondition",
            "aborted", "outOfRange", "unimplemented", "internal", "unavailable", "dataLoss",
            "unauthenticated",
        ]

        /// The code's name (`deadlineExceeded`), or `code(<n>)` for an unknown code.
        public var description: String {
            Self.names.indices.contains(rawValue) ? Self.names[rawValue] : "code(\(rawValue))"
        }
    }

    /// The status code.
    public var code: Code
    /// The message: the server's percent-decoded `grpc-message`, or what the transport saw.
    public var message: String
    /// The trailers (or Trailers-Only headers) that ended the call, without `grpc-status`
    /// and `grpc-message`; empty for statuses the transport made up.
    public var metadata: GRPCMetadata

    /// A status from its parts.
    public init(code: Code, message: String = "", metadata: GRPCMetadata = GRPCMetadata()) {
        self.code = code
        self.message = message
        self.metadata = metadata
    }

    /// The successful status.
    public static let ok = GRPCStatus(code: .ok)

    /// Whether the code is ``Code/ok``.
    public var isOK: Bool { code == .ok }

    /// `code: message`, with any metadata shown redacted.
    public var description: String {
        var text = "\(code)"
        if !message.isEmpty { text += ": \(message)" }
        if !metadata.isEmpty { text += " \(metadata)" }
        return text
    }
}

extension GRPCStatus {
    /// The status a client reports for an RST_STREAM with an HTTP/2 error code, as the
    /// gRPC HTTP/2 mapping says (REFUSED_STREAM may be retried, CANCEL is a cancellation).
    static func fromHTTP2ErrorCode(_ errorCode: UInt32) -> GRPCStatus {
        let name = http2ErrorName(errorCode)
        let code: Code
        switch errorCode {
        case 0x7: code = .unavailable
        case 0x8: code = .cancelled
        case 0xb: code = .resourceExhausted
        case 0xc: code = .permissionDenied
        default: code = .internal
        }
        return GRPCStatus(code: code, message: "stream reset by the server (RST_STREAM \(name))")
    }

    /// The RFC 9113 name of an HTTP/2 error code (`PROTOCOL_ERROR`), or `error code N`.
    static func http2ErrorName(_ errorCode: UInt32) -> String {
        let names: [UInt32: String] = [
            0x0: "NO_ERROR", 0x1: "PROTOCOL_ERROR", 0x2: "INTERNAL_ERROR", 0x3: "FLOW_CONTROL_ERROR",
            0x4: "SETTINGS_TIMEOUT", 0x5: "STREAM_CLOSED", 0x6: "FRAME_SIZE_ERROR", 0x7: "REFUSED_STREAM",
            0x8: "CANCEL", 0x9: "COMPRESSION_ERROR", 0xa: "CONNECT_ERROR", 0xb: "ENHANCE_YOUR_CALM",
            0xc: "INADEQUATE_SECURITY", 0xd: "HTTP_1_1_REQUIRED",
        ]
        return names[errorCode] ?? "error code \(errorCode)"
    }

    /// The status for a response whose HTTP `:status` is not 200, per the gRPC HTTP mapping.
    static func fromHTTPStatus(_ status: Int) -> GRPCStatus {
        let code: Code
        switch status {
        case 400: code = .internal
        case 401: code = .unauthenticated
        case 403: code = .permissionDenied
        case 404: code = .unimplemented
        case 429, 502, 503, 504: code = .unavailable
        default: code = .unknown
        }
        return GRPCStatus(code: code, message: "the server answered with HTTP status \(status), not a gRPC response")
    }
}
