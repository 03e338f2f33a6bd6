import Foundation
import Testing
@testable import GRPCTransport

/// The server stream state machine alone: every transition without I/O.
@Suite struct ServerStreamStateMachineTests {
    private func framed(_ bytes: [UInt8]) -> Data { MessageDeframer.frame(Data(bytes)) }

    private func receive(_ machine: inout ServerStreamStateMachine, _ data: Data) -> Bool {
        data.withUnsafeBytes { machine.receiveData($0) }
    }

    @Test("request messages queue until taken; END_STREAM ends the request")
    func requestMessages() {
        var machine = ServerStreamStateMachine(maxMessageSize: 100)
        let value1 = machine.nextMessage()
        #expect(value1 == .wait)
        var bytes = framed([1, 2, 3])
        bytes.append(framed([4]))
        // Split mid-prefix: deframing does not depend on chunk boundaries.
        let value2 = receive(&machine, bytes.prefix(2))
        #expect(!value2)
        let value3 = receive(&machine, bytes.dropFirst(2))
        #expect(!value3)
        let value4 = machine.nextMessage()
        #expect(value4 == .message(Data([1, 2, 3])))
        let value5 = machine.receiveEndOfRequest()
        #expect(!value5)
        let value6 = machine.nextMessage()
        #expect(value6 == .message(Data([4])))
        let value7 = machine.nextMessage()
        #expect(value7 == .end)
    }

    @Test("flow control: queued messages are held, taking them releases their bytes")
    func grants() {
        var machine = ServerStreamStateMachine(maxMessageSize: 1 << 20)
        let value8 = receive(&machine, framed(Array(repeating: 7, count: 1000)))
        #expect(!value8)
        let value9 = machine.takeGrant(threshold: 1)
        #expect(value9 == 0)
        #expect(machine.bufferedBytes == 1005)
        let value10 = machine.nextMessage()
        #expect(value10 == .message(Data(repeating: 7, count: 1000)))
        let value11 = machine.takeGrant(threshold: 1)
        #expect(value11 == 1005)
        // A partial message with nothing queued ahead is released at once.
        let value12 = receive(&machine, framed(Array(repeating: 1, count: 500)).prefix(300))
        #expect(!value12)
        let value13 = machine.takeGrant(threshold: 1)
        #expect(value13 == 300)
        #expect(machine.consumedBytes == machine.receivedBytes)
    }

    @Test("oversized and compressed messages abort with resourceExhausted and unimplemented")
    func badMessages() {
        var oversized = ServerStreamStateMachine(maxMessageSize: 10)
        let rejected = receive(&oversized, framed(Array(repeating: 0, count: 11)))
        #expect(rejected)
        #expect(oversized.abortStatus?.code == .resourceExhausted)
        #expect(oversized.finalStatus?.code == .resourceExhausted)
        let value14 = oversized.takeResponseAction()
        #expect(value14 == .submitTrailersOnly(oversized.finalStatus!))

        var compressed = ServerStreamStateMachine(maxMessageSize: 10)
        let refused = receive(&compressed, Data([1, 0, 0, 0, 1, 9]))
        #expect(refused)
        #expect(compressed.abortStatus?.code == .unimplemented)
        let next = compressed.nextMessage()
        if case .failed(let status) = next {
            #expect(status.code == .unimplemented)
        } else {
            Issue.record("expected the abort status")
        }
    }

    @Test("a handler that fails before sending anything gets a Trailers-Only response")
    func trailersOnly() {
        var machine = ServerStreamStateMachine(maxMessageSize: 10)
        let value15 = machine.takeResponseAction()
        #expect(value15 == .none)
        let status = GRPCStatus(code: .notFound, message: "nope")
        let value16 = machine.finish(status)
        #expect(value16)
        let value17 = machine.takeResponseAction()
        #expect(value17 == .submitTrailersOnly(status))
        let value18 = machine.takeResponseAction()
        #expect(value18 == .none)
        #expect(machine.response == .done)
    }

    @Test("headers, messages through the data source, then trailers")
    func responseStream() {
        var machine = ServerStreamStateMachine(maxMessageSize: 10)
        guard case .success(let first) = machine.enqueueSend(framed([1, 2, 3])) else {
            Issue.record("send refused")
            return
        }
        #expect(first.update)  // the headers must go first
        let value19 = machine.takeResponseAction()
        #expect(value19 == .submitHeaders(GRPCMetadata()))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4, alignment: 1)
        defer { buffer.deallocate() }
        // A message larger than the frame is handed over in pieces; it completes with the last.
        var chunk = machine.readOutbound(into: buffer)
        #expect(chunk == .init(count: 4, trailers: nil, deferred: false, completedSends: []))
        #expect(machine.pendingSendBytes == 4)
        chunk = machine.readOutbound(into: buffer)
        #expect(chunk == .init(count: 4, trailers: nil, deferred: false, completedSends: [first.id]))
        chunk = machine.readOutbound(into: buffer)
        #expect(chunk.deferred)
        // Sending while deferred asks the I/O side to resume the data source.
        guard case .success(let second) = machine.enqueueSend(framed([9])) else {
            Issue.record("send refused")
            return
        }
        #expect(second.update)
        let value20 = machine.takeResponseAction()
        #expect(value20 == .resumeData)
        let value21 = machine.finish(.ok)
        #expect(value21)
        chunk = machine.readOutbound(into: buffer)
        #expect(chunk.count == 4 && chunk.trailers == nil)
        chunk = machine.readOutbound(into: buffer)
        #expect(chunk == .init(count: 2, trailers: .ok, deferred: false, completedSends: [second.id]))
        #expect(machine.response == .done)
        #expect(machine.pendingSendBytes == 0)
    }

    @Test("headers can be sent once; nothing can be sent after the end")
    func misuse() {
        var machine = ServerStreamStateMachine(maxMessageSize: 10)
        let value22 = (try? machine.queueHeaders(GRPCMetadata()).get())
        #expect(value22 == true)
        let value23 = (try? machine.queueHeaders(GRPCMetadata()).get())
        #expect(value23 == nil)
        let value24 = machine.finish(.ok)
        #expect(value24)
        if case .success = machine.enqueueSend(framed([1])) { Issue.record("send after finish accepted") }
        let again = machine.finish(GRPCStatus(code: .internal))
        #expect(!again)  // decided once
    }

    @Test("a client reset aborts with cancelled, drops queued sends and returns unreleased bytes")
    func reset() {
        var machine = ServerStreamStateMachine(maxMessageSize: 1000)
        let value25 = receive(&machine, framed(Array(repeating: 0, count: 100)))
        #expect(!value25)
        _ = machine.enqueueSend(framed([1, 2]))
        let value26 = machine.closeStream(errorCode: 0x8)
        #expect(value26 == 105)
        #expect(machine.abortStatus?.code == .cancelled)
        #expect(machine.pendingSendBytes == 0)
        let value27 = machine.takeResponseAction()
        #expect(value27 == .none)
        let value28 = machine.nextMessage()
        #expect(value28 == .failed(machine.abortStatus!))
    }

    @Test("a stream closed after the response but before the request ended leaves no reader waiting")
    func closedAfterResponse() {
        var machine = ServerStreamStateMachine(maxMessageSize: 10)
        _ = machine.enqueueSend(framed([1]))
        _ = machine.takeResponseAction()
        let finished = machine.finish(.ok)
        #expect(finished)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 100, alignment: 1)
        defer { buffer.deallocate() }
        let last = machine.readOutbound(into: buffer)
        #expect(last.trailers == .ok)
        #expect(machine.response == .done)
        // The client resets without ever half-closing: not an abort (the call is over), but
        // a reader (a task the handler left behind) must not wait for a request forever.
        _ = machine.closeStream(errorCode: 0x8)
        #expect(machine.abortStatus == nil)
        let next = machine.nextMessage()
        guard case .failed(let status) = next else {
            Issue.record("expected a failure, got \(next)")
            return
        }
        #expect(status.code == .cancelled)
    }

    @Test("an abort after the response was submitted sends its status as trailers")
    func abortAfterHeaders() {
        var machine = ServerStreamStateMachine(maxMessageSize: 10)
        _ = machine.enqueueSend(framed([1]))
        _ = machine.takeResponseAction()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 100, alignment: 1)
        defer { buffer.deallocate() }
        _ = machine.readOutbound(into: buffer)
        let value29 = machine.readOutbound(into: buffer).deferred
        #expect(value29)
        let deadline = GRPCStatus(code: .deadlineExceeded, message: "late")
        let value30 = machine.abort(deadline)
        #expect(value30)
        let value31 = machine.abort(GRPCStatus(code: .cancelled))
        #expect(!value31)
        let value32 = machine.takeResponseAction()
        #expect(value32 == .resumeData)
        let value33 = machine.readOutbound(into: buffer).trailers
        #expect(value33 == deadline)
    }
}
