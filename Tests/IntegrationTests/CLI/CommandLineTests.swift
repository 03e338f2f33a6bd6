import Foundation
import Testing
import TestSupport

/// The real `flightsql` binary: exit statuses, one-line errors, no secrets on stderr.
@Suite struct CommandLineTests {
    func flightsql(_ arguments: [String], environment: [String: String] = [:]) async throws -> ProcessRunner.Output {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "FLIGHTSQL_URL")
        env.merge(environment) { $1 }
        return try await ProcessRunner.run(ProcessRunner.flightsqlBinary, arguments, environment: env)
    }

    @Test("usage errors exit 2")
    func usage() async throws {
        for arguments in [[], ["query"], ["query", "--bogus", "x"], ["nope"], ["query", "--format", "xml", "--url", "grpc://h:1", "SELECT 1"]] {
            let output = try await flightsql(arguments)
            #expect(output.status == 2, "\(arguments)")
            #expect(output.stderr.hasPrefix("flightsql: error: "))
            #expect(output.stderr.split(separator: "\n").count == 1, "one line: \(output.stderr)")
        }
    }

    @Test("a failure exits 1 with one line on stderr and never prints the password or token")
    func failure() async throws {
        let output = try await flightsql(["query", "--url", "grpc://127.0.0.1:1", "--username", "u", "--password", "s3cret-PASS", "SELECT 1"])
        #expect(output.status == 1)
        #expect(output.stderr.hasPrefix("flightsql: error: "))
        #expect(output.stderr.split(separator: "\n").count == 1)
        #expect(!output.stderr.contains("s3cret-PASS"))
        let tokenRun = try await flightsql(["query", "--url", "grpc://127.0.0.1:1", "--token", "tok-SECRET-1", "SELECT 1"])
        #expect(tokenRun.status == 1)
        #expect(!tokenRun.stderr.contains("tok-SECRET-1"))
    }

    @Test("--url defaults to $FLIGHTSQL_URL; jsonl and arrow output", .enabled(if: TestEnvironment.isAvailable("FLIGHTSQL_TEST_ROAPI_URL")))
    func environmentURL() async throws {
        let url = try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_URL")
        let output = try await flightsql(["query", "--format", "jsonl", "SELECT 1 AS one"], environment: ["FLIGHTSQL_URL": url])
        #expect(output.status == 0)
        #expect(output.stdout == "{\"one\":1}\n")
    }

    @Test("--format arrow writes an IPC stream that cat and pyarrow read back", .enabled(if: TestEnvironment.isAvailable("FLIGHTSQL_TEST_ROAPI_URL")))
    func arrowFormat() async throws {
        let url = try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_URL")
        let python = try TestEnvironment.require("FLIGHTSQL_TEST_PYTHON")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flightsql-\(UUID().uuidString).arrows").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let query = try await flightsql(["query", "--url", url, "--format", "arrow", "SELECT * FROM types ORDER BY id"])
        #expect(query.status == 0)
        try query.stdoutData.write(to: URL(fileURLWithPath: path))
        let cat = try await flightsql(["cat", "--format", "jsonl", path])
        #expect(cat.status == 0)
        let reference = try await ProcessRunner.adbcReference(url: url, sql: "SELECT * FROM types ORDER BY id")
        #expect(cat.stdout == reference)
        // pyarrow, a third-party reader, accepts the stream too.
        let check = try await ProcessRunner.run(python, ["-c", "import pyarrow as pa, sys; print(pa.ipc.open_stream(sys.argv[1]).read_all().num_rows)", path])
        #expect(check.status == 0)
        #expect(check.stdout == "5\n")
    }
}
