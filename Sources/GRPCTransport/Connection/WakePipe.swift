import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The self-pipe an I/O thread polls beside its socket, so that other threads can wake it
/// when they queue work. Both ends are non-blocking: the thread drains the pipe, and
/// waking never waits.
enum WakePipe {
    /// A new pipe `(read, write)` whose ends are non-blocking and close-on-exec (`pipe2` is
    /// not visible to Swift through Glibc without _GNU_SOURCE), or `nil` (out of descriptors).
    static func make() -> (read: Int32, write: Int32)? {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        fds.forEach(makeNonBlocking)
        return (fds[0], fds[1])
    }

    /// Sets O_NONBLOCK and FD_CLOEXEC: the I/O loops never block on a descriptor, and
    /// processes the application spawns must not inherit sockets or pipes.
    static func makeNonBlocking(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    /// Empties the read end after `poll()` reported it readable.
    static func drain(_ readFD: Int32) {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(readFD, &buffer, buffer.count) > 0 {}
    }
}

/// Commands for an I/O thread and the write end of its wake-up pipe, kept together under
/// the owner's lock so that nothing is ever written to a pipe that has been closed (and
/// whose descriptor number may have been reused).
struct CommandQueue<Command> {
    private var commands: [Command] = []
    /// Write end of the wake-up pipe; -1 before the thread runs and once it ended.
    private(set) var wakeFD: Int32 = -1
    /// Whether a wake-up byte is already in the pipe (saves a syscall per command).
    private var wakePending = false

    /// A queue that wakes the thread through `wakeFD`.
    init(wakeFD: Int32 = -1) {
        self.wakeFD = wakeFD
    }

    /// Whether commands are still accepted (the thread has not ended).
    var isOpen: Bool { wakeFD >= 0 }

    /// Queues `command` and wakes the thread; `false` (nothing queued) once closed.
    mutating func push(_ command: Command) -> Bool {
        guard wakeFD >= 0 else { return false }
        commands.append(command)
        if !wakePending {
            wakePending = true
            var byte: UInt8 = 1
            _ = write(wakeFD, &byte, 1)
        }
        return true
    }

    /// Takes every queued command (the I/O thread's turn); the next push wakes it again.
    mutating func take() -> [Command] {
        wakePending = false
        defer { commands.removeAll() }
        return commands
    }

    /// The thread is ending: refuse further commands and return those never taken. The
    /// caller closes the pipe after this.
    mutating func close() -> [Command] {
        wakeFD = -1
        defer { commands.removeAll() }
        return commands
    }
}

extension CommandQueue: Sendable where Command: Sendable {}
