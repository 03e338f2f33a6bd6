#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Turns Ctrl-C (SIGINT) into the cancellation of the shell's running command, so that a
/// long query stops and the shell goes on.
///
/// The signal handler only writes a byte to a pipe (all a handler may safely do); a
/// Dispatch read source on the other end cancels the task that is running, if any. It also
/// wakes ``PromptInterrupt``, through which the line editor drops the line being typed.
final class QueryInterrupter {
    /// The pipe's write end, for the C signal handler (which cannot capture anything).
    private nonisolated(unsafe) static var writeDescriptor: Int32 = -1

    /// The command Ctrl-C would cancel now.
    private final class Slot: Sendable {
        let task = Mutex<Task<Void, Never>?>(nil)
    }

    private let running = Slot()
    private let source: DispatchSourceRead

    /// Installs the SIGINT handler; lives as long as the shell.
    init() throws {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { throw CommandError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        let readEnd = descriptors[0]
        _ = fcntl(descriptors[1], F_SETFL, O_NONBLOCK)
        _ = fcntl(readEnd, F_SETFL, O_NONBLOCK)
        Self.writeDescriptor = descriptors[1]
        guard PromptInterrupt.open() else { throw CommandError("cannot create a pipe: \(String(cString: strerror(errno)))") }
        let running = running
        source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: .global())
        source.setEventHandler {
            var bytes = [UInt8](repeating: 0, count: 64)
            while read(readEnd, &bytes, bytes.count) > 0 {}
            // Cancelled outside the lock: cancelling runs the task's cancellation handlers
            // synchronously, and no handler may run while we hold a lock.
            running.task.withLock { $0 }?.cancel()
        }
        source.resume()
        var action = sigaction()
        #if canImport(Darwin)
        action.__sigaction_u.__sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(QueryInterrupter.writeDescriptor, &byte, 1)
            PromptInterrupt.wake()
        }
        #else
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(QueryInterrupter.writeDescriptor, &byte, 1)
            PromptInterrupt.wake()
        }
        #endif
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, nil)
    }

    /// Runs `body` as a task that Ctrl-C cancels; returns whether it was cancelled.
    func run(_ body: @escaping @Sendable () async -> Void) async -> Bool {
        let task = Task { await body() }
        running.task.withLock { $0 = task }
        await task.value
        running.task.withLock { $0 = nil }
        return task.isCancelled
    }
}
