import Foundation
import GRPCTransport

/// A transport whose "server" answers every call with bytes a fuzz case chose: the gRPC
/// layer is bypassed so that thousands of mutated FlightData streams, FlightInfos and action
/// results reach the Flight client, the Arrow decoder and the DB-API driver per second.
/// (`HostileServerFuzzTests` sends mutations through the real HTTP/2 stack.)
final class HostileTransport: GRPCClientTransport {
    let respond: @Sendable (_ path: String, _ requests: [Data]) throws -> [Data]

    init(respond: @escaping @Sendable (_ path: String, _ requests: [Data]) throws -> [Data]) { self.respond = respond }

    func makeStreamingCall(path: String, metadata: GRPCMetadata, options: GRPCCallOptions) async throws -> any GRPCStreamingCall {
        FakeCall { [respond] requests in try respond(path, requests) }
    }
}
