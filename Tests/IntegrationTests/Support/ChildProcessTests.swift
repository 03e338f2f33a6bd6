#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import TestSupport

/// The tests' process spawner (`TestSupport.ChildProcess`), which replaced Foundation's
/// `Process` after it crashed CI with many descriptors open.
@Suite struct ChildProcessTests {
    @Test("with 1500 descriptors open, a child starts, and inherits none of them")
    func manyDescriptors() throws {
        // Foundation's Process.run() read past its /proc/self/fd buffer at about 1360.
        var opened: [Int32] = []
        defer { for fd in opened { close(fd) } }
        let wanted = 1_500
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < rlim_t(wanted + 500) {
            // Raise the soft limit for this process (as far as the hard limit allows).
            limit.rlim_cur = Swift.min(limit.rlim_max, rlim_t(wanted + 500))
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
        for _ in 0..<wanted {
            let fd = open("/dev/null", O_RDONLY)  // not close-on-exec, on purpose
            try #require(fd >= 0)
            opened.append(fd)
        }
        // The shell lists its own descriptors: only 0, 1 and 2 (and the one `ls` reads with).
        let result = try ChildProcess.runBlocking("/bin/sh", ["-c", "ls /proc/$$/fd"])
        #expect(result.status == 0)
        let inherited = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").compactMap { Int($0) }
        #expect(inherited.contains(1))
        #expect(inherited.count <= 4, "the child inherited \(inherited.count) descriptors")
    }

    @Test("exit status, standard input from a file, standard error apart or merged")
    func streams() throws {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).in")
        try Data("from a file\n".utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let apart = try ChildProcess.runBlocking("/bin/sh", ["-c", "cat; echo oops >&2; exit 3"], stdin: .file(input.path))
        #expect(apart.status == 3)
        #expect(String(decoding: apart.stdout, as: UTF8.self) == "from a file\n")
        #expect(apart.stderr == "oops\n")
        let merged = try ChildProcess.runBlocking("/bin/sh", ["-c", "echo out; echo err >&2"], mergeStderr: true)
        #expect(String(decoding: merged.stdout, as: UTF8.self) == "out\nerr\n")
        #expect(merged.stderr.isEmpty)
    }

    @Test("a signal ends a child and is reported as such; a working directory is honoured")
    func signalsAndDirectory() async throws {
        let child = try ChildProcess("/bin/sleep", ["30"], stdout: .null)
        #expect(child.termination(waitingUpTo: 0.05) == nil)
        child.send(SIGTERM)
        #expect(child.waitForTermination() == .signal(SIGTERM))
        let here = try await ChildProcess.run("/bin/pwd", [], directory: "/tmp")
        #expect(String(decoding: here.stdout, as: UTF8.self) == "/tmp\n")
        #expect(throws: ChildProcessError.self) { _ = try ChildProcess("/nonexistent/program", []) }
    }
}
