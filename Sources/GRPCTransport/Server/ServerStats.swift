import Foundation
import Synchronization

/// Counters of a server's buffered response bytes, so that tests can check that a slow
/// client never makes the server buffer an unbounded amount.
final class ServerStats: Sendable {
    /// Response-message bytes queued by handlers and not yet handed to HTTP/2, now.
    let pendingSendBytes = Atomic<Int>(0)
    /// The most `pendingSendBytes` ever were.
    let maxPendingSendBytes = Atomic<Int>(0)
    /// The most bytes ever waiting in one connection's socket output buffer.
    let maxOutboundBufferBytes = Atomic<Int>(0)
    /// Response DATA payload bytes handed to HTTP/2, over all calls.
    let sentMessageBytes = Atomic<Int>(0)

    /// Adds `delta` to the pending bytes and keeps the maximum.
    func adjustPendingSendBytes(by delta: Int) {
        guard delta != 0 else { return }
        let now = pendingSendBytes.add(delta, ordering: .relaxed).newValue
        if delta > 0 { Self.raise(maxPendingSendBytes, to: now) }
    }

    /// Records an output buffer size, keeping the maximum.
    func observeOutboundBuffer(_ bytes: Int) {
        Self.raise(maxOutboundBufferBytes, to: bytes)
    }

    private static func raise(_ maximum: borrowing Atomic<Int>, to value: Int) {
        var current = maximum.load(ordering: .relaxed)
        while value > current {
            let (exchanged, original) = maximum.compareExchange(expected: current, desired: value, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}
