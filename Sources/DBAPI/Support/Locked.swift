import Foundation

/// A value guarded by a lock, for the mutable state of `Sendable` classes.
///
/// `package`: the Flight SQL driver and server use it too, rather than each keeping a copy.
/// Their state is touched from many tasks (a cursor's source is cancelled by `close()` while
/// a fetch may be waiting on the network), so every access goes through ``withLock(_:)``.
///
/// Foundation's `NSLock` rather than `Synchronization.Mutex`, so that the module keeps to
/// Foundation and builds on every platform Foundation does. The lock is never held across
/// an `await`.
package final class Locked<State>: @unchecked Sendable {
    private var state: State
    private let lock = NSLock()

    package init(_ state: State) { self.state = state }

    /// Runs `body` with exclusive access to the state.
    package func withLock<Result, Failure: Error>(_ body: (inout State) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
