import Foundation
import Testing
@testable import GRPCTransport

/// The keepalive ping timers, driven by an explicit clock.
@Suite struct KeepaliveStateMachineTests {
    private let start = ContinuousClock.now
    private let keepalive = HTTP2ClientTransport.Keepalive(interval: .seconds(10), timeout: .seconds(2))

    private func at(_ seconds: Double) -> ContinuousClock.Instant { start + .milliseconds(Int(seconds * 1000)) }

    @Test("a quiet connection with a call open is pinged after the interval")
    func pingsAfterInterval() {
        var machine = KeepaliveStateMachine(keepalive: keepalive, now: start)
        #expect(machine.nextDeadline(openCalls: 1) == at(10))
        #expect(machine.tick(now: at(9.9), openCalls: 1) == .none)
        #expect(machine.tick(now: at(10), openCalls: 1) == .sendPing)
        #expect(machine.state == .awaitingAck(deadline: at(12)))
        #expect(machine.nextDeadline(openCalls: 1) == at(12))
        // Only one PING at a time.
        #expect(machine.tick(now: at(11), openCalls: 1) == .none)
    }

    @Test("an unanswered ping fails the connection with unavailable, once")
    func unansweredPingFails() {
        var machine = KeepaliveStateMachine(keepalive: keepalive, now: start)
        #expect(machine.tick(now: at(10), openCalls: 1) == .sendPing)
        #expect(machine.tick(now: at(11.99), openCalls: 1) == .none)
        guard case .fail(let status) = machine.tick(now: at(12), openCalls: 1) else {
            Issue.record("expected a failure")
            return
        }
        #expect(status.code == .unavailable)
        #expect(status.message.contains("keepalive ping not acknowledged within 2.0 seconds"))
        #expect(machine.state == .expired)
        #expect(machine.tick(now: at(20), openCalls: 1) == .none)
        #expect(machine.nextDeadline(openCalls: 1) == nil)
    }

    @Test("the ACK, or any other frame, proves the connection alive and restarts the interval")
    func activityRestartsInterval() {
        var machine = KeepaliveStateMachine(keepalive: keepalive, now: start)
        machine.receivedFrame(now: at(5))
        #expect(machine.tick(now: at(10), openCalls: 1) == .none)
        #expect(machine.nextDeadline(openCalls: 1) == at(15))
        #expect(machine.tick(now: at(15), openCalls: 1) == .sendPing)
        machine.receivedFrame(now: at(15.5))  // the ACK
        #expect(machine.state == .watching)
        #expect(machine.tick(now: at(17), openCalls: 1) == .none)
        #expect(machine.nextDeadline(openCalls: 1) == at(25.5))
    }

    @Test("no ping without calls unless permitted; a call opening on a long-quiet connection pings at once")
    func withoutCalls() {
        var idle = KeepaliveStateMachine(keepalive: keepalive, now: start)
        #expect(idle.nextDeadline(openCalls: 0) == nil)
        #expect(idle.tick(now: at(60), openCalls: 0) == .none)
        #expect(idle.tick(now: at(60), openCalls: 1) == .sendPing)

        var permitted = KeepaliveStateMachine(
            keepalive: HTTP2ClientTransport.Keepalive(interval: .seconds(10), timeout: .seconds(2), permitWithoutCalls: true), now: start)
        #expect(permitted.nextDeadline(openCalls: 0) == at(10))
        #expect(permitted.tick(now: at(10), openCalls: 0) == .sendPing)
    }
}
