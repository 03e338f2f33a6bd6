import Dispatch
import Foundation
@testable import GRPCTransport
import Testing

/// A call's I/O side delivering a message to a task at the very moment that task is
/// cancelled must not deadlock.
///
/// Cancelling a task holds its status lock while its cancellation handlers run, and the
/// call's handlers take the call's state lock; resuming the task's continuation takes the
/// task's status lock. When the I/O side resumed under the state lock, the two threads
/// each held the lock the other wanted, forever: CI's whole test run hung on it (a DoGet
/// handler's send completing while CancelFlightInfo cancelled the handler).
///
/// The schedule is forced: the cancellation handler holds the task's status lock for
/// 300 ms before it takes the state lock, and the message arrives inside that window.
/// A deadlock shows as the two threads never finishing; they are then left blocked (the
/// test fails instead of hanging the run).
@Suite struct ResumeUnderCancelTests {
    /// Runs `cancel` and, once the cancellation handler has started (`entered`), `deliver`
    /// on two threads; true when both end within 10 s.
    private func bothFinish(entered: DispatchSemaphore, cancel: @escaping @Sendable () -> Void, deliver: @escaping @Sendable () -> Void) -> Bool {
        let done = DispatchSemaphore(value: 0)
        Thread {
            cancel()
            done.signal()
        }.start()
        guard entered.wait(timeout: .now() + 10) == .success else { return false }
        Thread {
            deliver()
            done.signal()
        }.start()
        let deadline = DispatchTime.now() + 10
        return done.wait(timeout: deadline) == .success && done.wait(timeout: deadline) == .success
    }

    /// Starts a task that parks a receive continuation with `register`, as a call's
    /// `receive()` does; its cancellation handler signals `entered`, then holds the task's
    /// status lock for 300 ms before running `onCancel` (which takes the call's lock).
    /// Returns once the continuation is parked.
    private func parkedReceiver(
        entered: DispatchSemaphore,
        register: @escaping @Sendable (CheckedContinuation<Data?, any Error>) -> Void,
        onCancel: @escaping @Sendable () -> Void
    ) async throws -> Task<Data?, any Error> {
        let registered = Atomic(false)
        let task = Task {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Data?, any Error>) in
                    register(waiter)
                    registered.set()
                }
            } onCancel: {
                entered.signal()
                Thread.sleep(forTimeInterval: 0.3)
                onCancel()
            }
        }
        for _ in 0..<1000 where !registered.isSet {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(registered.isSet)
        return task
    }

    @Test("client: a response message arriving while the receiving task is cancelled")
    func clientReceive() async throws {
        let context = StreamContext(path: "/t.T/M", timeout: nil, maxMessageSize: 1 << 20, grantThreshold: 0)
        _ = context.receiveHeaders([(":status", Array("200".utf8)), ("content-type", Array("application/grpc".utf8))], endStream: false)
        let entered = DispatchSemaphore(value: 0)
        let receiver = try await parkedReceiver(entered: entered, register: { _ = context.receive($0) }, onCancel: {
            context.fail(GRPCStatus(code: .cancelled, message: "cancelled"))
        })
        let message = MessageDeframer.frame(Data([1, 2, 3]))
        let finished = bothFinish(entered: entered, cancel: { receiver.cancel() }, deliver: {
            _ = message.withUnsafeBytes { context.receiveData($0) }
        })
        #expect(finished, "deadlock: the I/O side resumed the receiver under the call's lock")
        guard finished else { return }
        // The message was delivered before the cancel reached the call.
        #expect(try await receiver.value == Data([1, 2, 3]))
    }

    @Test("server: a request message arriving while the handler's receive is cancelled")
    func serverReceive() async throws {
        let connection = ServerConnection(id: 0, peer: "test", socketFD: -1, wakeFD: -1)
        let context = ServerStreamContext(streamID: 1, connection: connection, timeout: nil, maxMessageSize: 1 << 20, grantThreshold: 0, stats: ServerStats())
        let entered = DispatchSemaphore(value: 0)
        let handler = try await parkedReceiver(entered: entered, register: { _ = context.receive($0) }, onCancel: {
            _ = context.abort(GRPCStatus(code: .cancelled, message: "cancelled"), cancelTask: false)
        })
        let message = MessageDeframer.frame(Data([4, 5]))
        let finished = bothFinish(entered: entered, cancel: { handler.cancel() }, deliver: {
            _ = message.withUnsafeBytes { context.receiveData($0) }
        })
        #expect(finished, "deadlock: the I/O side resumed the handler under the call's lock")
        guard finished else { return }
        #expect(try await handler.value == Data([4, 5]))
    }
}

/// A flag set once, readable from any thread.
private final class Atomic: Sendable {
    private let value: Locked<Bool>
    init(_ initial: Bool) { value = Locked(initial) }
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
