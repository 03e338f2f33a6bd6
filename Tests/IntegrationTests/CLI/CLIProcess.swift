import Foundation
import TestSupport

/// Runs the real `flightsql` binary for the CLI tests, optionally feeding it standard input
/// (how `flightsql shell` is tested end to end: a script piped in, the output compared).
enum CLIProcess {
    /// What the binary printed and its exit status.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `flightsql ARGUMENTS` with `input` as stdin (empty when nil), without `$FLIGHTSQL_URL` from the outside
    /// and with no history file.
    static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) async throws -> Output {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "FLIGHTSQL_URL")
        env["FLIGHTSQL_HISTORY"] = ""
        env.merge(environment) { $1 }
        let input = input ?? ""
        let environment = env
        // The waiting happens off the Swift concurrency pool (see ProcessRunner).
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(arguments, input: Data(input.utf8), environment: environment) })
            }
        }
    }

    private static func runBlocking(_ arguments: [String], input: Data, environment: [String: String]) throws -> Output {
        // Stdin is a file, not a pipe: a child that exits before reading everything (`.quit`,
        // a failed connection) would otherwise kill this test process with SIGPIPE.
        let inputFile = FileManager.default.temporaryDirectory.appendingPathComponent("flightsql-cli-\(UUID().uuidString).in")
        try input.write(to: inputFile)
        defer { try? FileManager.default.removeItem(at: inputFile) }
        let result = try ChildProcess.runBlocking(
            ProcessRunner.flightsqlBinary, arguments, environment: environment, stdin: .file(inputFile.path))
        return Output(status: result.status, stdout: String(decoding: result.stdout, as: UTF8.self), stderr: result.stderr)
    }
}
