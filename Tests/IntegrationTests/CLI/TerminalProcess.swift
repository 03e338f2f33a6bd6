import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The real `flightsql` binary on a pseudo-terminal, for what only happens on a terminal:
/// libedit's line editing and Ctrl-C typed at the keyboard. The child is the leader of a
/// new session whose controlling terminal is the pty, so a typed `\u{03}` reaches it as
/// SIGINT through the terminal driver, exactly as from a person's keyboard.
///
/// Every method blocks (poll and waitpid); run them off the Swift concurrency pool, see
/// ``run(_:environment:_:)``.
final class TerminalProcess {
    enum Failure: Error, CustomStringConvertible {
        case call(String, errno: Int32)
        case timedOut(waitingFor: String, output: String)

        /// `what` failed; errno says why.
        static func system(_ what: String) -> Failure { .call(what, errno: errno) }

        var description: String {
            switch self {
            case .call(let what, let code): "pseudo-terminal: \(what) failed: \(String(cString: strerror(code)))"
            case .timedOut(let text, let output): "no \(String(reflecting: text)) within the time limit; the terminal showed:\n\(output)"
            }
        }
    }

    private let master: Int32
    /// The `flightsql` process on the terminal.
    private let process: ChildProcess
    /// The path of the terminal side (`/dev/pts/N`).
    private let terminalPath: String
    /// Everything the terminal showed so far (the program's stdout, stderr and the echo).
    private var bytes: [UInt8] = []
    /// Where ``expect(_:timeout:)`` looks from: just after the last text it found.
    private var searchStart = 0

    /// Everything the terminal showed so far, as text.
    var output: String { String(decoding: bytes, as: UTF8.self) }

    /// Starts `flightsql ARGUMENTS` on a new 80×24 pseudo-terminal.
    private init(_ arguments: [String], environment: [String: String]) throws {
        let name: String
        (master, name) = try Self.openPseudoTerminal()
        terminalPath = name
        var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        do {
            process = try ChildProcess.onTerminal(ProcessRunner.flightsqlBinary, arguments, environment: environment, terminal: name)
        } catch {
            close(master)
            throw error
        }
    }

    /// A new pseudo-terminal's master side and the path of its terminal side. Swift's Glibc
    /// module leaves out posix_openpt, grantpt, unlockpt and ptsname (they need
    /// `_XOPEN_SOURCE`), so this does what glibc's do: open `/dev/ptmx`, unlock the terminal
    /// side (TIOCSPTLCK) and ask its number (TIOCGPTN); devpts needs no grantpt.
    private static func openPseudoTerminal() throws -> (master: Int32, name: String) {
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw Failure.system("open /dev/ptmx") }
        // _IOW('T', 0x31, int) and _IOR('T', 0x30, unsigned int), which Swift does not import.
        let setLock: UInt = 0x4004_5431
        let getNumber: UInt = 0x8004_5430
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard ioctl(master, setLock, &unlock) == 0, ioctl(master, getNumber, &number) == 0 else {
            let failure = Failure.system("unlocking the pseudo-terminal")
            close(master)
            throw failure
        }
        return (master, "/dev/pts/\(number)")
    }

    /// Starts `flightsql ARGUMENTS` on a terminal (without `$FLIGHTSQL_URL` and with no
    /// history file), runs `body` with it off the concurrency pool, then kills the process
    /// if it is still running.
    static func run<T: Sendable>(
        _ arguments: [String], environment: [String: String] = [:], _ body: @escaping @Sendable (TerminalProcess) throws -> T
    ) async throws -> T {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "FLIGHTSQL_URL")
        env["FLIGHTSQL_HISTORY"] = ""
        env["TERM"] = "xterm"
        env.merge(environment) { $1 }
        let environment = env
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    let terminal = try TerminalProcess(arguments, environment: environment)
                    defer { terminal.stop() }
                    return try body(terminal)
                })
            }
        }
    }

    /// Types `text` (`\r` is Enter, `\u{03}` Ctrl-C, `\u{04}` Ctrl-D).
    func type(_ text: String) throws {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(master, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure.system("write")
            }
            offset += written
        }
    }

    /// Waits until the terminal shows `text` after the previous match; returns what it
    /// showed in between, up to and including `text`.
    @discardableResult
    func expect(_ text: String, timeout: Duration = .seconds(60)) throws -> String {
        let needle = Array(text.utf8)
        let deadline = ContinuousClock.now + timeout
        while true {
            if let end = Self.end(of: needle, in: bytes, from: searchStart) {
                defer { searchStart = end }
                return String(decoding: bytes[searchStart..<end], as: UTF8.self)
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero, readMore(waitingMilliseconds: 200) else {
                throw Failure.timedOut(waitingFor: text, output: output)
            }
        }
    }

    /// Where the first `needle` at or after `start` in `haystack` ends.
    private static func end(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count - start >= needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index..<index + needle.count].elementsEqual(needle) {
            return index + needle.count
        }
        return nil
    }

    /// Waits for the prompt `prompt` and then for libedit to take the terminal out of
    /// canonical mode. Text typed before that goes through the terminal driver's own line
    /// editing (a backspace erases one byte of `ß`; a Ctrl-D on an empty line is an
    /// end-of-file nobody may read), not through libedit's.
    func expectPrompt(_ prompt: String = "flightsql> ", timeout: Duration = .seconds(60)) throws {
        _ = try expect(prompt, timeout: timeout)
        let terminal = open(terminalPath, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard terminal >= 0 else { throw Failure.system("open \(terminalPath)") }
        defer { close(terminal) }
        let deadline = ContinuousClock.now + timeout
        var settings = termios()
        while ContinuousClock.now < deadline {
            guard tcgetattr(terminal, &settings) == 0 else { throw Failure.system("tcgetattr") }
            if settings.c_lflag & tcflag_t(ICANON) == 0 { return }
            usleep(2_000)
        }
        throw Failure.timedOut(waitingFor: "line editing (raw mode) after \(prompt)", output: output)
    }

    /// Waits for the process to exit and returns its status (-1 if it did not within
    /// `timeout`, or a signal ended it).
    func exitStatus(timeout: Duration = .seconds(60)) -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let ended = process.termination(waitingUpTo: 0) {
                if case .exit(let status) = ended { return status }
                return -1
            }
            _ = readMore(waitingMilliseconds: 50)  // the child may block writing to a full terminal
        }
        return -1
    }

    /// Reads what the terminal has; false once the terminal is closed.
    private func readMore(waitingMilliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, waitingMilliseconds) > 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        guard count > 0 else { return count < 0 && errno == EINTR }
        bytes += buffer[0..<count]
        return true
    }

    private func stop() {
        if process.termination(waitingUpTo: 0) == nil {
            process.send(SIGKILL)
            _ = process.waitForTermination()
        }
        close(master)
    }
}
