import Foundation

/// A validated gRPC request header block, or why it must be refused.
struct ServerRequestHead: Sendable, Equatable {
    /// How a request is refused before any handler runs.
    enum Rejection: Equatable, Error {
        /// Not a gRPC request at all: answer with this HTTP status (405, 415).
        case http(status: Int, message: String)
        /// A gRPC request the server cannot serve: answer Trailers-Only with this status.
        case grpc(GRPCStatus)
    }

    var path: String
    var authority: String?
    var metadata: GRPCMetadata
    var timeout: Duration?

    /// Checks a request header block (pseudo-headers included) as the gRPC HTTP/2
    /// protocol asks: POST, `content-type: application/grpc…`, a path, a well-formed
    /// `grpc-timeout`, and identity (or no) `grpc-encoding`.
    static func parse(_ fields: [(name: String, value: [UInt8])]) -> Result<ServerRequestHead, Rejection> {
        var method: String?
        var path: String?
        var authority: String?
        var contentType: String?
        var timeoutText: String?
        var encoding: String?
        var metadata = GRPCMetadata()
        for field in fields {
            let text = { String(decoding: field.value, as: UTF8.self) }
            switch field.name {
            case ":method": method = text()
            case ":path": path = text()
            case ":authority": authority = text()
            case ":scheme", ":protocol": break
            case "te": break
            case "grpc-timeout": timeoutText = text()
            default:
                if field.name.hasPrefix(":") { continue }
                if field.name == "content-type" { contentType = text() }
                if field.name == "grpc-encoding" { encoding = text() }
                metadata.addFromWire(name: field.name, value: field.value)
            }
        }
        guard method == "POST" else {
            return .failure(.http(status: 405, message: "gRPC requests use POST, not \(method ?? "no method")"))
        }
        guard let contentType, contentType.lowercased().hasPrefix("application/grpc") else {
            return .failure(.http(status: 415, message: "content-type \(contentType.map { "\"\($0)\"" } ?? "missing") is not application/grpc"))
        }
        guard let path, path.hasPrefix("/") else {
            return .failure(.grpc(GRPCStatus(code: .unimplemented, message: "malformed method path \(path ?? "(none)")")))
        }
        if let encoding, encoding.lowercased() != "identity" {
            // Every response carries grpc-accept-encoding: identity (see ServerResponseFields).
            return .failure(.grpc(GRPCStatus(code: .unimplemented, message: "compression not supported: grpc-encoding \(encoding)")))
        }
        var timeout: Duration?
        if let timeoutText {
            guard let parsed = GRPCWire.decodeTimeout(timeoutText) else {
                return .failure(.grpc(GRPCStatus(code: .internal, message: "malformed grpc-timeout \"\(timeoutText)\"")))
            }
            timeout = parsed
        }
        return .success(ServerRequestHead(path: path, authority: authority, metadata: metadata, timeout: timeout))
    }
}
