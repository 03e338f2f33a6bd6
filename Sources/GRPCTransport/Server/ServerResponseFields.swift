import Foundation

/// The header blocks a server sends: response headers, trailers, Trailers-Only responses
/// and HTTP-level refusals, as HTTP/2 fields.
enum ServerResponseFields {
    typealias Fields = [(name: String, value: [UInt8])]

    /// Sent with every gRPC response: this server takes only uncompressed messages.
    private static let common: Fields = [
        ("content-type", Array("application/grpc".utf8)),
        ("grpc-accept-encoding", Array("identity".utf8)),
    ]

    /// `:status 200`, the content type and the handler's metadata.
    static func headers(_ metadata: GRPCMetadata) -> Fields {
        [(":status", Array("200".utf8))] + common + userFields(metadata)
    }

    /// `grpc-status`, `grpc-message` (percent-encoded, omitted when empty) and the
    /// status's metadata.
    static func trailers(_ status: GRPCStatus) -> Fields {
        var fields: Fields = [("grpc-status", Array(String(status.code.rawValue).utf8))]
        if !status.message.isEmpty {
            fields.append(("grpc-message", Array(GRPCWire.percentEncode(status.message).utf8)))
        }
        return fields + userFields(status.metadata)
    }

    /// A Trailers-Only response: one header block with `:status 200` and the status.
    static func trailersOnly(_ status: GRPCStatus) -> Fields {
        [(":status", Array("200".utf8))] + common + trailers(status)
    }

    /// An HTTP-level refusal of something that is not a gRPC request (wrong method or
    /// content type). A gRPC status is included for clients that look for one.
    static func httpRefusal(status: Int, message: String) -> Fields {
        [
            (":status", Array(String(status).utf8)),
            ("grpc-status", Array(String(status == 415 ? GRPCStatus.Code.internal.rawValue : GRPCStatus.Code.unimplemented.rawValue).utf8)),
            ("grpc-message", Array(GRPCWire.percentEncode(message).utf8)),
        ]
    }

    /// The metadata's fields; metadata that cannot be sent (a handler's mistake, already
    /// refused in ``GRPCServerCall/sendHeaders(_:)`` but possible in a thrown status) is
    /// dropped rather than failing the response.
    private static func userFields(_ metadata: GRPCMetadata) -> Fields {
        (try? metadata.wireHeaders()) ?? []
    }
}
