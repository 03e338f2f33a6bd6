import Foundation
@testable import GRPCTransport
import Testing

@Suite struct ConnectionStateMachineTests {
    @Test("calls start only when ready")
    func lifecycle() {
        var machine = ConnectionStateMachine()
        #expect(machine.checkCanStartCall()?.code == .unavailable)
        machine.connected()
        #expect(machine.checkCanStartCall() == nil)
        let first = machine.close()
        let second = machine.close()
        #expect(first)
        #expect(!second)
        #expect(machine.checkCanStartCall()?.message.contains("closed") == true)
        #expect(!machine.isClosed)
        machine.closed(GRPCStatus(code: .unavailable, message: "reset"))
        #expect(machine.isClosed)
        // A caller's close is reported as such, not as the I/O error that followed it.
        #expect(machine.checkCanStartCall()?.message.contains("transport was closed") == true)
    }

    @Test("GOAWAY stops new calls with the reason")
    func goAway() {
        var machine = ConnectionStateMachine()
        machine.connected()
        machine.receivedGoAway(lastStreamID: 7, reason: "GOAWAY NO_ERROR, last stream 7")
        #expect(machine.state == .goingAway(lastStreamID: 7, reason: "GOAWAY NO_ERROR, last stream 7"))
        let refusal = machine.checkCanStartCall()
        #expect(refusal?.code == .unavailable)
        #expect(refusal?.message.contains("GOAWAY") == true)
        machine.closed(GRPCStatus(code: .unavailable, message: "the server closed the connection"))
        #expect(machine.checkCanStartCall()?.message.contains("server closed") == true)
        // The first reason wins.
        machine.closed(GRPCStatus(code: .internal, message: "later"))
        #expect(machine.checkCanStartCall()?.message.contains("server closed") == true)
        machine.receivedGoAway(lastStreamID: 1, reason: "late")
        #expect(machine.isClosed)
    }
}
