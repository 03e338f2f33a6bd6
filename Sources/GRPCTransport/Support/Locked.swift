import Foundation

/// A value that threads share, guarded by a lock.
///
/// An `NSLock` (a pthread mutex) rather than `Synchronization.Mutex`: on Linux the latter
/// is built on raw futexes, which ThreadSanitizer cannot see, so every access it guards
/// would be reported as a race and real races would drown in the noise.
///
/// `@unchecked Sendable` is sound because the value is only reachable inside `withLock`,
/// which holds the lock for the whole access, and the value itself is `Sendable`, so
/// nothing taken out of it can carry unsynchronized shared state.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value; throws what `body` throws.
    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
