import Foundation

/// HTTP/2 keepalive pings for a client connection, as a value type with no I/O and an
/// explicit clock, so every transition can be unit-tested.
///
/// A connection on which nothing arrived for ``HTTP2ClientTransport/Keepalive/interval``
/// is probed with a PING; when neither the PING ACK nor any other frame arrives within
/// ``HTTP2ClientTransport/Keepalive/timeout``, the connection is declared dead. Any
/// received frame counts as a sign of life (an acknowledgement included), so a busy
/// connection never pings. Without open calls no PING is sent unless
/// ``HTTP2ClientTransport/Keepalive/permitWithoutCalls`` is set: servers commonly punish
/// pings on idle connections (gRPC's default policy answers them with GOAWAY
/// `too_many_pings`).
struct KeepaliveStateMachine {
    /// Where the probing is.
    enum State: Equatable {
        /// Waiting until the connection has been quiet for the interval.
        case watching
        /// A PING is out; it must be answered by `deadline`.
        case awaitingAck(deadline: ContinuousClock.Instant)
        /// The PING went unanswered: the connection is dead.
        case expired
    }

    /// What the I/O side must do now.
    enum Action: Equatable {
        /// Nothing.
        case none
        /// Send a PING.
        case sendPing
        /// Close the connection and fail its calls with this status.
        case fail(GRPCStatus)
    }

    let keepalive: HTTP2ClientTransport.Keepalive
    private(set) var state: State = .watching
    /// When the last frame arrived (or the connection became ready).
    private(set) var lastActivity: ContinuousClock.Instant

    /// Starts watching a connection that became ready at `now`.
    init(keepalive: HTTP2ClientTransport.Keepalive, now: ContinuousClock.Instant) {
        self.keepalive = keepalive
        lastActivity = now
    }

    /// A frame arrived (a PING ACK or anything else): the connection is alive.
    mutating func receivedFrame(now: ContinuousClock.Instant) {
        lastActivity = now
        if case .awaitingAck = state { state = .watching }
    }

    /// When ``tick(now:openCalls:)`` next has something to do, or `nil` for never (until
    /// a frame arrives or a call opens).
    func nextDeadline(openCalls: Int) -> ContinuousClock.Instant? {
        switch state {
        case .watching:
            guard openCalls > 0 || keepalive.permitWithoutCalls else { return nil }
            return lastActivity + keepalive.interval
        case .awaitingAck(let deadline):
            return deadline
        case .expired:
            return nil
        }
    }

    /// Checks the timers at `now` with `openCalls` calls open.
    mutating func tick(now: ContinuousClock.Instant, openCalls: Int) -> Action {
        switch state {
        case .watching:
            guard openCalls > 0 || keepalive.permitWithoutCalls, now >= lastActivity + keepalive.interval else { return .none }
            state = .awaitingAck(deadline: now + keepalive.timeout)
            return .sendPing
        case .awaitingAck(let deadline):
            guard now >= deadline else { return .none }
            state = .expired
            return .fail(GRPCStatus(
                code: .unavailable,
                message: "keepalive ping not acknowledged within \(keepalive.timeout) (nothing received for \(keepalive.interval + keepalive.timeout)); the connection is considered dead"))
        case .expired:
            return .none
        }
    }
}
