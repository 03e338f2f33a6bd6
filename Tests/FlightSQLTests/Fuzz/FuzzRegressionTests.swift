import FlightSQL
import Foundation
import GRPCTransport
import Testing

/// Minimized inputs from the fuzz harnesses, kept as plain regression tests.
@Suite struct FuzzRegressionTests {
    /// A client whose server answers every call with `message` and status OK.
    static func client(answering message: Data) -> FlightClient {
        FlightClient(transport: HostileTransport { _, _ in [message] })
    }

    /// Found by HostileStreamFuzzTests: a malformed unary or action response escaped as a raw
    /// ProtobufError instead of a FlightError (callers and the driver handle FlightError).
    @Test("a malformed GetFlightInfo, PollFlightInfo, GetSchema, DoAction, ListActions or ListFlights answer is an invalidResponse FlightError",
          arguments: [Data([0x0A]), Data([0x12, 0x05, 0x01]), Data([0x00]), Data([0x0F]), Data([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])])
    func malformedUnaryAnswers(message: Data) async throws {
        let client = Self.client(answering: message)
        let descriptor = FlightDescriptor.path(["x"])
        let calls: [(String, () async throws -> Void)] = [
            ("GetFlightInfo", { _ = try await client.getFlightInfo(descriptor) }),
            ("PollFlightInfo", { _ = try await client.pollFlightInfo(descriptor) }),
            ("GetSchema", { _ = try await client.getSchema(descriptor) }),
            ("DoAction", { _ = try await client.doAction(FlightAction(type: "x")) }),
            ("ListActions", { _ = try await client.listActions() }),
            ("ListFlights", { _ = try await client.listFlights() }),
        ]
        for (name, call) in calls {
            let error = try await #require(throws: FlightError.self, "\(name)") { try await call() }
            #expect(error.code == .invalidResponse, "\(name): \(error)")
            #expect(error.message.contains("malformed"), "\(name): \(error)")
        }
    }
}
