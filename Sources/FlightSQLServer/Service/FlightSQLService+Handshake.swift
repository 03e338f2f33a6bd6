import FlightSQL
import Foundation
import GRPCTransport

/// `Handshake`: exchanges Basic credentials for a bearer token.
extension FlightSQLService {
    func handshake(_ call: GRPCServerCall) async throws {
        do {
            var request: HandshakeRequest?
            if let data = try await call.receive() {
                request = try? HandshakeRequest(protobuf: data)
            }
            let token = try authenticator.handshake(metadata: call.metadata, request: request)
            if let token {
                // Clients read the token from the header (gRPC clients, ADBC) or the payload
                // (older Flight clients).
                var headers = GRPCMetadata()
                headers.add("authorization", "Bearer \(token)")
                try await call.sendHeaders(headers)
            }
            let response = HandshakeResponse(protocolVersion: request?.protocolVersion ?? 0, payload: Data((token ?? "").utf8))
            try await call.send(response.serializedProtobuf())
        } catch {
            throw ErrorMapping.status(for: error)
        }
    }
}
