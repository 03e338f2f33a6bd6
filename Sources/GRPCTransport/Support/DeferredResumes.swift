import Foundation

/// Continuation resumptions collected under a lock and run after it is released.
///
/// Resuming a continuation is not "just scheduling": the Swift runtime takes the waiting
/// task's status-record lock to enqueue it. Cancelling a task holds that same lock while it
/// runs the task's cancellation handlers, and ours (`send`, `receive`, … on a call) take
/// the call's state lock. So a thread resuming a continuation while holding a call's state
/// lock, racing a thread that cancels the waiting task, deadlocks both: one holds the state
/// lock and wants the task's, the other holds the task's and wants the state lock. CI hit
/// exactly that (an I/O thread completing a DoGet send while `CancelFlightInfo` cancelled
/// the DoGet's handler), and the whole test run hung.
///
/// The rule, then: code under a call's lock never resumes a continuation; it records the
/// resumption here, and the lock's owner runs them once it has unlocked.
struct DeferredResumes: Sendable {
    private var actions: [@Sendable () -> Void] = []

    /// Whether nothing is waiting to be resumed.
    var isEmpty: Bool { actions.isEmpty }

    /// Records `waiter.resume(returning: value)`.
    mutating func resume<T: Sendable>(_ waiter: CheckedContinuation<T, any Error>, returning value: T) {
        actions.append { waiter.resume(returning: value) }
    }

    /// Records `waiter.resume()`.
    mutating func resume(_ waiter: CheckedContinuation<Void, any Error>) {
        actions.append { waiter.resume() }
    }

    /// Records `waiter.resume(throwing: error)`.
    mutating func resume<T: Sendable>(_ waiter: CheckedContinuation<T, any Error>, throwing error: GRPCStatus) {
        actions.append { waiter.resume(throwing: error) }
    }

    /// Hands over the recorded resumptions, leaving none here.
    mutating func take() -> DeferredResumes {
        defer { actions = [] }
        return self
    }

    /// Resumes everything recorded, in order. Call with no lock held.
    func run() {
        for action in actions { action() }
    }
}

extension Locked {
    /// Runs `body` under the lock, then, with the lock released, the resumptions `body`
    /// recorded in the value's ``DeferredResumes`` (at `resumes`).
    func withLockResumingAfter<Result>(
        _ resumes: WritableKeyPath<Value, DeferredResumes>, _ body: (inout Value) -> Result
    ) -> Result {
        let (result, pending) = withLock { value in
            let result = body(&value)
            return (result, value[keyPath: resumes].take())
        }
        pending.run()
        return result
    }
}
