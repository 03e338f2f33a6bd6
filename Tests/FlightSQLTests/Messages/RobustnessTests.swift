import Foundation
import FlightSQL
import Protobuf
import Testing

/// Decoders must never trap: random and mutated inputs either throw a ProtobufError or decode
/// to a message whose encoding is stable (encode → decode → encode gives the same bytes).
@Suite struct RobustnessTests {
    /// A small deterministic generator so that failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Decodes `bytes` as `M`; if that works, checks that the encoding is a fixed point.
    /// Returns whether decoding succeeded. Any non-protobuf error is a test failure.
    @discardableResult
    static func probe<M: ProtobufMessage>(_ type: M.Type, _ bytes: Data) -> Bool {
        do {
            let message = try M(protobuf: bytes)
            let once = message.serializedProtobuf()
            let twice = try M(protobuf: once).serializedProtobuf()
            #expect(once == twice, "\(M.self) encoding is not stable for input \(Array(bytes))")
            return true
        } catch is ProtobufError {
            return false
        } catch {
            Issue.record("\(M.self) threw a non-protobuf error: \(error)")
            return false
        }
    }

    static func probeAll(_ bytes: Data) {
        probe(FlightInfo.self, bytes)
        probe(FlightData.self, bytes)
        probe(PollInfo.self, bytes)
        probe(FlightEndpoint.self, bytes)
        probe(SessionOptionValue.self, bytes)
        probe(SetSessionOptionsRequest.self, bytes)
        probe(SetSessionOptionsResult.self, bytes)
        probe(CommandStatementIngest.self, bytes)
        probe(CommandGetSqlInfo.self, bytes)
        probe(CommandGetTables.self, bytes)
        probe(ProtobufAny.self, bytes)
        _ = try? FlightSQLCommand(serializedAny: bytes)
    }

    @Test("random byte strings never trap any decoder")
    func randomInputs() {
        var rng = SplitMix(state: 42)
        // Bias towards bytes that form plausible keys and small lengths.
        let alphabet: [UInt8] = [0x08, 0x0A, 0x10, 0x12, 0x1A, 0x19, 0x21, 0x22, 0x2A, 0x0B, 0x0C, 0x80, 0xFF, 0x01, 0x02, 0x00, 0xC2, 0x3E]
        for _ in 0..<3000 {
            let length = Int.random(in: 0...48, using: &rng)
            let bytes = Data((0..<length).map { _ in
                Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            })
            Self.probeAll(bytes)
        }
    }

    @Test("every single-byte mutation of a valid encoding is handled")
    func mutations() {
        let info = FlightInfo(
            schema: Data([1, 2, 3]), flightDescriptor: .path(["a", "b"]),
            endpoints: [
                FlightEndpoint(
                    ticket: FlightTicket(ticket: Data([4])), locations: [FlightLocation(uri: "grpc://h:1")],
                    expirationTime: ProtobufTimestamp(seconds: 5, nanos: 6), appMetadata: Data([7]))
            ],
            totalRecords: 8, totalBytes: -1, ordered: true, appMetadata: Data([9]))
        let ingest = CommandStatementIngest(
            tableDefinitionOptions: .init(ifNotExist: .create, ifExists: .append), table: "t", schema: "s",
            options: ["k": "v"])
        let session = SetSessionOptionsRequest(sessionOptions: [
            "a": SessionOptionValue(.stringList(["x"])), "b": SessionOptionValue(.double(2)),
        ])
        for valid in [info.serializedProtobuf(), ingest.serializedProtobuf(), session.serializedProtobuf()] {
            #expect(Self.probe(FlightInfo.self, valid) || Self.probe(CommandStatementIngest.self, valid)
                || Self.probe(SetSessionOptionsRequest.self, valid))
            for index in valid.indices {
                for mask: UInt8 in [0x01, 0x07, 0x80, 0xFF] {
                    var mutated = valid
                    mutated[index] ^= mask
                    Self.probeAll(mutated)
                }
                Self.probeAll(valid.prefix(index))
            }
        }
    }
}
