import Foundation

/// The life of one HTTP/2 connection, as seen by callers starting calls.
///
/// connecting → ready → (goingAway) → closed. New calls are accepted only when ready;
/// once the server sent GOAWAY, or the connection failed or was closed, new calls fail
/// at once with `unavailable` and a message saying why.
struct ConnectionStateMachine {
    /// The states.
    enum State: Equatable {
        /// TCP/TLS/HTTP/2 setup in progress.
        case connecting
        /// Calls may start.
        case ready
        /// The server sent GOAWAY: calls up to `lastStreamID` go on, no new ones start.
        case goingAway(lastStreamID: Int32, reason: String)
        /// Closing at the caller's request; streams are being failed.
        case closing
        /// Gone, with the reason that will be given to new calls.
        case closed(GRPCStatus)
    }

    private(set) var state: State = .connecting

    /// Whether the I/O thread has ended (no wake-ups may be sent to it any more).
    var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// Setup finished: the server's SETTINGS arrived.
    mutating func connected() {
        if state == .connecting { state = .ready }
    }

    /// Whether a new call may start now; if not, the status to fail it with.
    func checkCanStartCall() -> GRPCStatus? {
        switch state {
        case .ready:
            return nil
        case .connecting:
            return GRPCStatus(code: .unavailable, message: "the connection is not established yet")
        case .goingAway(_, let reason):
            return GRPCStatus(code: .unavailable, message: "the server is shutting the connection down (\(reason)); no new calls can start on it")
        case .closing:
            return GRPCStatus(code: .unavailable, message: "the transport was closed")
        case .closed(let status):
            return GRPCStatus(code: .unavailable, message: "the connection is closed: \(status.message)")
        }
    }

    /// The server sent GOAWAY.
    mutating func receivedGoAway(lastStreamID: Int32, reason: String) {
        switch state {
        case .connecting, .ready, .goingAway:
            state = .goingAway(lastStreamID: lastStreamID, reason: reason)
        case .closing, .closed:
            break
        }
    }

    /// The caller closed the transport. Returns whether this started the closing.
    mutating func close() -> Bool {
        switch state {
        case .connecting, .ready, .goingAway:
            state = .closing
            return true
        case .closing, .closed:
            return false
        }
    }

    /// The connection is gone (the I/O thread is ending). The first reason wins.
    mutating func closed(_ status: GRPCStatus) {
        if case .closed = state { return }
        if state == .closing {
            state = .closed(GRPCStatus(code: .unavailable, message: "the transport was closed"))
        } else {
            state = .closed(status)
        }
    }
}
