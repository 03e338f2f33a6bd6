import Foundation

/// Runs a helper program (a reference client, the `flightsql` binary) without blocking the
/// Swift concurrency pool: the waiting happens on a Dispatch thread. On a 2-core machine the
/// pool has 2 threads, and a test blocking one of them in `waitUntilExit` stalls every other
/// test's async work (and with it every timing assertion in the suite).
public enum ProcessRunner {
    /// What a finished program printed and its exit status.
    public struct Output: Sendable {
        /// The exit status (or the terminating signal's number).
        public var status: Int32
        /// Everything written to standard output.
        public var stdoutData: Data
        /// Standard error as text.
        public var stderr: String
        /// Standard output as UTF-8 text.
        public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    }

    /// Runs `executable` with `arguments` (and `environment`, when given) to completion.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(executable, arguments, environment: environment) })
            }
        }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String]?) throws -> Output {
        let result = try ChildProcess.runBlocking(executable, arguments, environment: environment)
        return Output(status: result.status, stdoutData: result.stdout, stderr: result.stderr)
    }
}
