import Foundation
@testable import GRPCTransport
import Testing

@Suite struct MessageDeframerTests {
    private func frames(_ messages: [Data]) -> Data {
        messages.reduce(into: Data()) { $0.append(MessageDeframer.frame($1)) }
    }

    @Test("frames then deframes whole input, including empty messages")
    func roundTrip() throws {
        let messages = [Data("a".utf8), Data(), Data(repeating: 9, count: 70_000), Data("end".utf8)]
        var deframer = MessageDeframer(maxMessageSize: 1 << 20)
        #expect(try deframer.append(frames(messages)) == messages)
        #expect(deframer.isAtBoundary)
        #expect(MessageDeframer.frame(Data("hi".utf8)) == Data([0, 0, 0, 0, 2, 0x68, 0x69]))
    }

    @Test("fragmented input in any split gives the same messages", arguments: [1, 2, 3, 4, 5, 6, 7, 13, 4096])
    func fragmented(chunkSize: Int) throws {
        let messages = (0..<20).map { Data(repeating: UInt8($0), count: $0 * 37) }
        let input = frames(messages)
        var deframer = MessageDeframer(maxMessageSize: 1 << 20)
        var output: [Data] = []
        var offset = 0
        while offset < input.count {
            let end = min(offset + chunkSize, input.count)
            output += try deframer.append(input.subdata(in: offset..<end))
            if end < input.count { #expect(deframer.partialByteCount >= 0) }
            offset = end
        }
        #expect(output == messages)
        #expect(deframer.isAtBoundary)
        #expect(deframer.partialByteCount == 0)
    }

    @Test("partial byte count follows the message being assembled")
    func partial() throws {
        var deframer = MessageDeframer(maxMessageSize: 100)
        #expect(try deframer.append(Data([0, 0, 0])).isEmpty)
        #expect(deframer.partialByteCount == 3)
        #expect(try deframer.append(Data([0, 10, 1, 2])).isEmpty)
        #expect(deframer.partialByteCount == 7)
        #expect(!deframer.isAtBoundary)
    }

    @Test("a compressed message is a clear error (no compression was offered)")
    func compressed() {
        var deframer = MessageDeframer(maxMessageSize: 100)
        #expect {
            _ = try deframer.append(Data([1, 0, 0, 0, 1, 0x41]))
        } throws: { error in
            let status = error as? GRPCStatus
            return status?.code == .internal && status?.message.contains("compress") == true
        }
    }

    @Test("an invalid flag byte is a protocol error")
    func badFlag() {
        var deframer = MessageDeframer(maxMessageSize: 100)
        #expect {
            _ = try deframer.append(Data([7, 0, 0, 0, 0]))
        } throws: { error in
            (error as? GRPCStatus)?.message.contains("compressed flag is 7") == true
        }
    }

    @Test("a length over the maximum is refused from the prefix, before buffering")
    func tooLarge() throws {
        var deframer = MessageDeframer(maxMessageSize: 1000)
        #expect {
            // Claims 4 GiB - 1: must fail at once, never allocate.
            _ = try deframer.append(Data([0, 0xFF, 0xFF, 0xFF, 0xFF]))
        } throws: { error in
            let status = error as? GRPCStatus
            return status?.code == .resourceExhausted && status?.message.contains("4294967295") == true && status?.message.contains("1000") == true
        }
        var exact = MessageDeframer(maxMessageSize: 3)
        #expect(try exact.append(Data([0, 0, 0, 0, 3, 1, 2, 3])) == [Data([1, 2, 3])])
    }
}
