import Foundation
@testable import GRPCTransport
import Testing

@Suite struct StreamStateMachineTests {
    private func fields(_ pairs: [(String, String)]) -> [(name: String, value: [UInt8])] {
        pairs.map { ($0.0, Array($0.1.utf8)) }
    }

    private let okHeaders = [(":status", "200"), ("content-type", "application/grpc"), ("x-h", "1")]

    private func receive(_ machine: inout StreamStateMachine, _ data: Data) -> StreamStateMachine.Action {
        data.withUnsafeBytes { machine.receiveData($0) }
    }

    @Test("headers, messages, trailers, then end")
    func happyPath() {
        var machine = StreamStateMachine(maxMessageSize: 100)
        #expect(machine.nextMessage() == .wait)
        #expect(machine.receiveHeaders(fields(okHeaders), endStream: false) == .none)
        #expect(machine.headers?.first("x-h") == "1")
        #expect(machine.headers?.first(":status") == nil)
        #expect(receive(&machine, MessageDeframer.frame(Data("one".utf8)) + MessageDeframer.frame(Data("two".utf8))) == .none)
        #expect(machine.receiveHeaders(fields([("grpc-status", "0"), ("x-t", "2")]), endStream: true) == .none)
        #expect(machine.isFinished)
        // Messages received before the status are still delivered, in order.
        #expect(machine.nextMessage() == .message(Data("one".utf8)))
        #expect(machine.nextMessage() == .message(Data("two".utf8)))
        #expect(machine.nextMessage() == .end)
        #expect(machine.trailers?.first("x-t") == "2")
        #expect(machine.trailers?.first("grpc-status") == nil)
    }

    @Test("Trailers-Only response carries the status and percent-decoded message")
    func trailersOnly() {
        var machine = StreamStateMachine(maxMessageSize: 100)
        _ = machine.receiveHeaders(fields([(":status", "200"), ("content-type", "application/grpc"), ("grpc-status", "7"), ("grpc-message", "no%20way%20%E2%9C%93")]), endStream: true)
        #expect(machine.nextMessage() == .failed(GRPCStatus(code: .permissionDenied, message: "no way ✓", metadata: machine.trailers ?? GRPCMetadata())))
        #expect(machine.headers?.first("grpc-status") == "7")
    }

    @Test("non-200 HTTP status and non-gRPC content-type are mapped, and reset")
    func badResponses() {
        var notFound = StreamStateMachine(maxMessageSize: 100)
        #expect(notFound.receiveHeaders(fields([(":status", "404")]), endStream: false) == .reset)
        #expect(notFound.status?.code == .unimplemented)
        var unavailable = StreamStateMachine(maxMessageSize: 100)
        #expect(unavailable.receiveHeaders(fields([(":status", "503")]), endStream: true) == .none)
        #expect(unavailable.status?.code == .unavailable)
        var html = StreamStateMachine(maxMessageSize: 100)
        #expect(html.receiveHeaders(fields([(":status", "200"), ("content-type", "text/html")]), endStream: false) == .reset)
        #expect(html.status?.code == .unknown)
        #expect(html.status?.message.contains("text/html") == true)
        var informational = StreamStateMachine(maxMessageSize: 100)
        #expect(informational.receiveHeaders(fields([(":status", "100")]), endStream: false) == .none)
        #expect(!informational.isFinished)
    }

    @Test("missing or invalid grpc-status, DATA before headers, truncated message")
    func protocolErrors() {
        var missing = StreamStateMachine(maxMessageSize: 100)
        _ = missing.receiveHeaders(fields(okHeaders), endStream: false)
        _ = missing.receiveHeaders(fields([("x", "y")]), endStream: true)
        #expect(missing.status?.code == .internal)
        #expect(missing.status?.message.contains("grpc-status") == true)
        var invalid = StreamStateMachine(maxMessageSize: 100)
        _ = invalid.receiveHeaders(fields(okHeaders), endStream: false)
        _ = invalid.receiveHeaders(fields([("grpc-status", "abc")]), endStream: true)
        #expect(invalid.status?.code == .internal)
        var early = StreamStateMachine(maxMessageSize: 100)
        #expect(receive(&early, Data([0, 0, 0, 0, 0])) == .reset)
        #expect(early.status?.code == .internal)
        var truncated = StreamStateMachine(maxMessageSize: 100)
        _ = truncated.receiveHeaders(fields(okHeaders), endStream: false)
        _ = receive(&truncated, Data([0, 0, 0, 0, 9, 1]))
        _ = truncated.receiveHeaders(fields([("grpc-status", "0")]), endStream: true)
        #expect(truncated.status?.code == .internal)
        #expect(truncated.status?.message.contains("middle of a message") == true)
    }

    @Test("oversized and compressed messages fail the call and ask for a reset")
    func badMessages() {
        var big = StreamStateMachine(maxMessageSize: 10)
        _ = big.receiveHeaders(fields(okHeaders), endStream: false)
        #expect(receive(&big, Data([0, 0, 0, 0, 11])) == .reset)
        #expect(big.nextMessage() == .failed(big.status!))
        #expect(big.status?.code == .resourceExhausted)
        var compressed = StreamStateMachine(maxMessageSize: 10)
        _ = compressed.receiveHeaders(fields(okHeaders), endStream: false)
        #expect(receive(&compressed, Data([1, 0, 0, 0, 1, 0])) == .reset)
        #expect(compressed.status?.code == .internal)
    }

    @Test("RST_STREAM codes map to statuses; a clean close without trailers is an error")
    func resets() {
        var cancelled = StreamStateMachine(maxMessageSize: 10)
        cancelled.streamClosed(errorCode: 0x8)
        #expect(cancelled.status?.code == .cancelled)
        var refused = StreamStateMachine(maxMessageSize: 10)
        refused.streamClosed(errorCode: 0x7)
        #expect(refused.status?.code == .unavailable)
        var calm = StreamStateMachine(maxMessageSize: 10)
        calm.streamClosed(errorCode: 0xB)
        #expect(calm.status?.code == .resourceExhausted)
        var clean = StreamStateMachine(maxMessageSize: 10)
        clean.streamClosed(errorCode: 0)
        #expect(clean.status?.code == .internal)
        // After a status, a close changes nothing.
        var done = StreamStateMachine(maxMessageSize: 10)
        _ = done.receiveHeaders(fields([(":status", "200"), ("grpc-status", "0")]), endStream: true)
        done.streamClosed(errorCode: 0x2)
        #expect(done.status?.code == .ok)
    }

    @Test("a local failure drops queued messages and wins over later events")
    func localFailure() {
        var machine = StreamStateMachine(maxMessageSize: 100)
        _ = machine.receiveHeaders(fields(okHeaders), endStream: false)
        _ = receive(&machine, MessageDeframer.frame(Data("queued".utf8)))
        do { let result = machine.finish(GRPCStatus(code: .cancelled, message: "bye")); #expect(result) }
        do { let result = machine.finish(GRPCStatus(code: .internal)); #expect(!result) }
        #expect(machine.nextMessage() == .failed(GRPCStatus(code: .cancelled, message: "bye")))
        _ = machine.receiveHeaders(fields([("grpc-status", "0")]), endStream: true)
        #expect(machine.status?.code == .cancelled)
        #expect(machine.bufferedBytes == 0)
        if case .failure(let status) = machine.enqueueSend(Data([1])) { #expect(status.code == .cancelled) } else { Issue.record("send accepted after cancel") }
    }

    @Test("flow control: queued messages hold their bytes; a waiting reader gets partial bytes")
    func flowControlGrants() {
        var machine = StreamStateMachine(maxMessageSize: 1 << 20)
        _ = machine.receiveHeaders(fields(okHeaders), endStream: false)
        let message = MessageDeframer.frame(Data(repeating: 1, count: 995))  // 1000 bytes framed
        _ = receive(&machine, message + message)
        // Two complete messages are queued: nothing may be released yet.
        #expect(machine.takeGrant(threshold: 1) == 0)
        #expect(machine.bufferedBytes == 2000)
        _ = machine.nextMessage()
        #expect(machine.takeGrant(threshold: 5000) == 0)  // below threshold while one is queued
        #expect(machine.takeGrant(threshold: 1000) == 1000)
        // The last queued message taken, nothing partial: a small grant still waits.
        _ = machine.nextMessage()
        #expect(machine.takeGrant(threshold: 5000) == 0)
        _ = receive(&machine, message)
        // A big message arrives in part while the queue is non-empty: held.
        let big = MessageDeframer.frame(Data(repeating: 2, count: 100_000))
        _ = big.prefix(40_000).withUnsafeBytes { machine.receiveData($0) }
        #expect(machine.takeGrant(threshold: 5000) == 0)
        // The reader takes the last queued message and waits for the big one: its partial
        // bytes must be released, or a message bigger than the window would deadlock.
        _ = machine.nextMessage()
        // (40 000 partial bytes, plus the 2 000 of the two messages taken since the last grant)
        #expect(machine.takeGrant(threshold: 1_000_000) == 42_000)
        _ = big.dropFirst(40_000).withUnsafeBytes { machine.receiveData($0) }
        #expect(machine.takeGrant(threshold: 1) == 0)  // complete and queued now
        #expect(machine.nextMessage() == .message(Data(repeating: 2, count: 100_000)))
        #expect(machine.takeGrant(threshold: 1) == big.count - 40_000)
        #expect(machine.consumedBytes == machine.receivedBytes)
        #expect(machine.maxBufferedBytes >= 100_005)
        // When the call ends every byte is released.
        _ = receive(&machine, message)
        machine.finish(GRPCStatus(code: .cancelled))
        #expect(machine.takeGrant(threshold: 1_000_000) == 1000)
    }

    @Test("outbound: sends are split into frames, then END_STREAM after half-close")
    func outbound() {
        var machine = StreamStateMachine(maxMessageSize: 10)
        var buffer = [UInt8](repeating: 0, count: 4)
        let first = buffer.withUnsafeMutableBytes { machine.readOutbound(into: $0) }
        #expect(first.deferred)
        #expect(machine.deferred)
        guard case .success(let id) = machine.enqueueSend(Data([1, 2, 3, 4, 5, 6])) else { Issue.record("refused"); return }
        do { let result = machine.takeResumeNeeded(); #expect(result) }
        do { let result = machine.takeResumeNeeded(); #expect(!result) }
        let chunk1 = buffer.withUnsafeMutableBytes { machine.readOutbound(into: $0) }
        #expect(chunk1 == .init(count: 4, endStream: false, deferred: false, completedSends: []))
        #expect(buffer == [1, 2, 3, 4])
        let chunk2 = buffer.withUnsafeMutableBytes { machine.readOutbound(into: $0) }
        #expect(chunk2 == .init(count: 2, endStream: false, deferred: false, completedSends: [id]))
        let chunk3 = buffer.withUnsafeMutableBytes { machine.readOutbound(into: $0) }
        #expect(chunk3.deferred)
        machine.finishSending()
        do { let result = machine.takeResumeNeeded(); #expect(result) }
        let last = buffer.withUnsafeMutableBytes { machine.readOutbound(into: $0) }
        #expect(last == .init(count: 0, endStream: true, deferred: false, completedSends: []))
        #expect(machine.endStreamSent)
        if case .failure(let status) = machine.enqueueSend(Data()) { #expect(status.code == .failedPrecondition) } else { Issue.record("send after half-close accepted") }
    }
}
