#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A child process started with `posix_spawn`, for the tests' helper programs (reference
/// clients, the `flightsql` binary, `gzip`, `openssl`).
///
/// **Why not Foundation's `Process`.** Its `run()` finds the descriptors to close in the
/// child by reading `/proc/self/fd`, copying each whole `dirent` out of glibc's 32 KiB
/// directory buffer; once the process has about 1360 descriptors open, the last entry sits
/// at the end of that buffer and the copy reads past it — a segmentation fault when the
/// buffer ends a mapping (AddressSanitizer reports it as a heap-buffer-overflow). The test
/// process reaches that many descriptors when hundreds of tests run servers in parallel; CI
/// crashed on it. Here the child closes every inherited descriptor itself
/// (`posix_spawn_file_actions_addclosefrom_np`), and nothing enumerates `/proc`.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `pid` is immutable; `reaped` is only touched under `lock`.

    /// Where the child's standard input comes from.
    public enum Input: Sendable {
        /// `/dev/null`.
        case null
        /// The file at this path.
        case file(String)
    }

    /// Where the child's standard output or error goes.
    public enum Output: Sendable {
        /// `/dev/null`.
        case null
        /// A pipe whose read end the parent gets (``stdoutPipe``/``stderrPipe``).
        case pipe
        /// The file at this path (created or truncated).
        case file(String)
        /// Standard error only: wherever standard output goes.
        case sameAsStdout
    }

    /// The child's process id.
    public let pid: pid_t
    /// The read end of the child's standard output, when it is ``Output/pipe``.
    public let stdoutPipe: FileHandle?
    /// The read end of the child's standard error, when it is ``Output/pipe``.
    public let stderrPipe: FileHandle?

    private let lock = NSLock()
    private var reaped: Termination?

    /// Starts `executable` (a full path) with `arguments`, in `directory` (default: this
    /// process's), with `environment` (default: this process's).
    public convenience init(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        stdin: Input = .null, stdout: Output = .pipe, stderr: Output = .null
    ) throws {
        try self.init(executable, arguments, environment: environment, directory: directory, streams: .separate(stdin, stdout, stderr))
    }

    /// Starts `executable` (a full path) with `arguments` on the terminal side of a
    /// pseudo-terminal (`/dev/pts/N`): the child leads a new session, and the terminal is its
    /// standard input, output and error and its controlling terminal, so a `\u{03}` typed on
    /// the other side reaches it as SIGINT, as from a keyboard.
    public static func onTerminal(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, terminal: String
    ) throws -> ChildProcess {
        try ChildProcess(executable, arguments, environment: environment, directory: nil, streams: .terminal(terminal))
    }

    /// Where the child's standard streams go.
    private enum Streams {
        case separate(Input, Output, Output)
        case terminal(String)
    }

    private init(
        _ executable: String, _ arguments: [String], environment: [String: String]?, directory: String?, streams: Streams
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipes: [(read: Int32, write: Int32)] = []
        defer { for pipe in pipes { close(pipe.write) } }  // the child has its own copies

        func newPipe() throws -> (read: Int32, write: Int32) {
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else { throw ChildProcessError("pipe(): errno \(errno)") }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            pipes.append((ends[0], ends[1]))
            return (ends[0], ends[1])
        }
        func route(_ output: Output, to fd: Int32) throws -> FileHandle? {
            switch output {
            case .null:
                posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0)
            case .file(let path):
                posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            case .sameAsStdout:
                posix_spawn_file_actions_adddup2(&actions, 1, fd)
            case .pipe:
                let ends = try newPipe()
                posix_spawn_file_actions_adddup2(&actions, ends.write, fd)
                return FileHandle(fileDescriptor: ends.read, closeOnDealloc: true)
            }
            return nil
        }

        if let directory {
            guard let addChdir = Self.addChdir else { throw ChildProcessError("posix_spawn cannot change directory here") }
            _ = addChdir(&actions, directory)
        }
        var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        switch streams {
        case .separate(let stdin, let stdout, let stderr):
            switch stdin {
            case .null: posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            case .file(let path): posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
            }
            stdoutPipe = try route(stdout, to: 1)
            stderrPipe = try route(stderr, to: 2)
        case .terminal(let path):
            // Opened after setsid (the spawn does that before the file actions), the terminal
            // becomes the controlling one and the child's process group the foreground one.
            posix_spawn_file_actions_addopen(&actions, 0, path, O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
            posix_spawn_file_actions_adddup2(&actions, 0, 2)
            stdoutPipe = nil
            stderrPipe = nil
            flags |= Self.setSessionID
        }
        // Last: every other descriptor of this process stays out of the child.
        _ = Self.addCloseFrom.map { $0(&actions, 3) }

        // Default signal dispositions and an empty mask in the child: an ignored SIGPIPE or
        // a blocked SIGTERM in the test process must not reach the programs under test.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let environmentLines = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let envp = environmentLines.map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }

        var child: pid_t = 0
        let code = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard code == 0 else {
            for pipe in pipes { close(pipe.read) }
            throw ChildProcessError("cannot start \(executable): \(String(cString: strerror(code)))")
        }
        pid = child
    }

    /// How a child ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this status.
        case exit(Int32)
        /// This signal ended it.
        case signal(Int32)

        /// The exit status, or the signal's number (as Foundation's `terminationStatus`).
        public var status: Int32 {
            switch self {
            case .exit(let status), .signal(let status): status
            }
        }

        /// `exit N` or `killed by signal N`.
        public var description: String {
            switch self {
            case .exit(let status): "exit \(status)"
            case .signal(let signal): "killed by signal \(signal)"
            }
        }
    }

    /// Sends `signal` to the child (unless it was already reaped).
    public func send(_ signal: Int32) {
        lock.withLock { if reaped == nil { _ = kill(pid, signal) } }
    }

    /// Waits for the child to end; its exit status, or the number of the signal that ended it.
    public func waitForExit() -> Int32 { waitForTermination().status }

    /// Waits for the child to end.
    public func waitForTermination() -> Termination {
        if let termination = lock.withLock({ reaped }) { return termination }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0, errno == EINTR {}
        return record(raw)
    }

    /// How the child ended, waiting up to `seconds`; nil if it still runs.
    public func termination(waitingUpTo seconds: Double) -> Termination? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let termination = lock.withLock({ reaped }) { return termination }
            var raw: Int32 = 0
            let result = waitpid(pid, &raw, WNOHANG)
            if result == pid { return record(raw) }
            if result < 0, errno != EINTR { return nil }
            if Date() > deadline { return nil }
            usleep(10_000)
        }
    }

    private func record(_ raw: Int32) -> Termination {
        // WIFEXITED: the low 7 bits are 0 and the status is in bits 8-15; else they are the signal.
        let termination: Termination = raw & 0x7f == 0 ? .exit((raw >> 8) & 0xff) : .signal(raw & 0x7f)
        lock.withLock { reaped = termination }
        return termination
    }

    /// What a finished program printed and its exit status.
    public struct Result: Sendable {
        /// The exit status (or the terminating signal's number).
        public var status: Int32
        /// Everything written to standard output (and standard error, if merged).
        public var stdout: Data
        /// Standard error as text (empty if merged into standard output).
        public var stderr: String
    }

    /// Runs a program to completion on this thread: standard output through a pipe read to
    /// its end, standard error through a temporary file (so neither can fill up and block the
    /// child) or merged into standard output.
    public static func runBlocking(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        stdin: Input = .null, mergeStderr: Bool = false
    ) throws -> Result {
        let errorPath = FileManager.default.temporaryDirectory.appendingPathComponent("flightsql-test-\(UUID().uuidString).err").path
        defer { unlink(errorPath) }
        let child = try ChildProcess(
            executable, arguments, environment: environment, directory: directory,
            stdin: stdin, stdout: .pipe, stderr: mergeStderr ? .sameAsStdout : .file(errorPath))
        let out = child.stdoutPipe?.readDataToEndOfFile() ?? Data()
        let status = child.waitForExit()
        let err = mergeStderr ? Data() : ((try? Data(contentsOf: URL(fileURLWithPath: errorPath))) ?? Data())
        return Result(status: status, stdout: out, stderr: String(decoding: err, as: UTF8.self))
    }

    /// ``runBlocking(_:_:environment:directory:stdin:mergeStderr:)`` off the Swift concurrency
    /// pool, on a Dispatch thread: on a 2-core machine the pool has 2 threads, and a test
    /// blocking one of them stalls every other test's async work.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        stdin: Input = .null, mergeStderr: Bool = false
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result {
                    try runBlocking(executable, arguments, environment: environment, directory: directory, stdin: stdin, mergeStderr: mergeStderr)
                })
            }
        }
    }

    // glibc has these file actions since 2.34 (Debian 12: 2.36), but declares them only
    // under _GNU_SOURCE, which Swift's Glibc module is not built with; look them up instead.
    /// glibc's POSIX_SPAWN_SETSID, which Swift's Glibc module does not export.
    private static let setSessionID: Int32 = 0x80
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddCloseFrom.self)
    }
    private static let addChdir: AddChdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map {
        unsafeBitCast($0, to: AddChdir.self)
    }
}

/// A child process could not be started.
public struct ChildProcessError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    init(_ description: String) { self.description = description }
}
