import Foundation
@testable import GRPCTransport
import TestSupport
import Testing

/// The gRPC deframer reads length prefixes straight from the network, split wherever TCP and
/// HTTP/2 DATA frames split them. Differential fuzz: any byte string, cut into any chunks,
/// must give the same messages and the same error as when fed whole, and never trap.
@Suite struct MessageDeframerFuzzTests {
    struct Outcome: Equatable {
        var messages: [Data]
        var error: GRPCStatus.Code?
        var partial: Int
    }

    static func feed(_ chunks: [Data], maxMessageSize: Int) -> Outcome {
        var deframer = MessageDeframer(maxMessageSize: maxMessageSize)
        var messages: [Data] = []
        for chunk in chunks {
            do {
                messages += try deframer.append(chunk)
            } catch {
                return Outcome(messages: messages, error: error.code, partial: -1)
            }
        }
        return Outcome(messages: messages, error: nil, partial: deframer.partialByteCount)
    }

    @Test("mutated gRPC message streams deframe the same whatever the chunking, or fail the same")
    func chunkingInvariance() async {
        var tally = FuzzTally("gRPC deframer")
        let valid = [Data(), Data([1]), Data(repeating: 7, count: 300), Data((0..<70).map { UInt8($0) })]
            .reduce(Data()) { $0 + MessageDeframer.frame($1) }
        for index in 0..<FuzzConfiguration.iterations(10_000) {
            // The transport's timing tests run beside this one: leave them the threads.
            if index % 256 == 0 { await Task.yield() }
            var rng = SplitMix64.forCase(index, seed: FuzzConfiguration.seed ^ 0xDEF7)
            let input = Int.random(in: 0..<8, using: &rng) == 0 ? valid : Mutator.mutate(valid, using: &rng)
            let maxMessageSize = [0, 1, 64, 300, 4 << 20][Int.random(in: 0..<5, using: &rng)]
            let whole = Self.feed([input], maxMessageSize: maxMessageSize)
            // Cut into random chunks, empty ones included.
            var chunks: [Data] = []
            var offset = input.startIndex
            while offset < input.endIndex {
                let end = min(input.endIndex, offset + Int.random(in: 0...40, using: &rng))
                chunks.append(input[offset..<end])
                offset = end
            }
            let split = Self.feed(chunks, maxMessageSize: maxMessageSize)
            tally.cases += 1
            if whole.error == nil { tally.accepted += 1 }
            // Messages completed in the call that fails are dropped with the call, so after an
            // error only the error itself must agree.
            if whole.error != nil || split.error != nil {
                #expect(whole.error == split.error, "chunking changed the error (\(FuzzConfiguration.replay(index)))")
            } else {
                #expect(whole == split, "chunking changed the result (\(FuzzConfiguration.replay(index)))")
            }
            // Messages the deframer returns are never longer than allowed.
            #expect(whole.messages.allSatisfy { $0.count <= maxMessageSize })
        }
        tally.report()
        #expect(Self.feed([valid], maxMessageSize: 4 << 20).messages.count == 4)
    }
}
