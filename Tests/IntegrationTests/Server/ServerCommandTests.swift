#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FlightSQL
import Foundation
import Testing
import TestSupport

/// `flightsql serve` as a real process: the one readiness line, queries, auth, a clean stop
/// on SIGTERM and SIGINT; `flightsql demo` in this process.
@Suite(.serialized) struct ServerCommandTests {
    /// A running `flightsql serve`, its URL read from the one line it prints.
    final class ServeProcess: @unchecked Sendable {
        let process: ChildProcess
        private(set) var line = ""

        init(_ arguments: [String]) throws {
            process = try ChildProcess(ProcessRunner.flightsqlBinary, ["serve"] + arguments, stdout: .pipe, stderr: .null)
            // Reads up to the first newline (the readiness line) on this thread: the server
            // prints it within a second.
            var bytes = Data()
            while !bytes.contains(UInt8(ascii: "\n")), let output = process.stdoutPipe {
                let chunk = output.availableData
                if chunk.isEmpty { break }
                bytes.append(chunk)
            }
            line = String(decoding: bytes, as: UTF8.self)
        }

        var url: String { line.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "listening on ", with: "") }

        /// Waits up to `seconds` for the process to end; nil if it is still running.
        func waitForExit(seconds: Double) -> ChildProcess.Termination? {
            process.termination(waitingUpTo: seconds)
        }

        /// Ends a process that did not stop on its own (SIGKILL), so a failing test leaks nothing.
        func forceStop() -> Bool {
            process.send(SIGKILL)
            _ = process.waitForTermination()
            return true
        }

        /// Sends `signal` and returns the exit status and whatever else it printed.
        func stop(_ signal: Int32) -> (Int32, String) {
            process.send(signal)
            let status = process.waitForExit()
            let rest = process.stdoutPipe?.readDataToEndOfFile() ?? Data()
            return (status, String(decoding: rest, as: UTF8.self))
        }
    }

    @Test("serve prints exactly one readiness line, serves, and stops cleanly on SIGTERM and SIGINT", arguments: [SIGTERM, SIGINT])
    func serve(signal: Int32) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = try ServeProcess(["--sqlite", path, "--port", "0", "--token", "t0k"])
        #expect(server.line.hasPrefix("listening on grpc://127.0.0.1:"))
        let client = try await FlightSQLClient.connect(url: server.url, options: FlightClientOptions(token: "t0k"))
        #expect(try await client.executeUpdate("CREATE TABLE t (a INTEGER)") <= 0)
        #expect(try await client.executeUpdate("INSERT INTO t VALUES (1), (2)") == 2)
        let table = try await client.fetchAll(try await client.execute("SELECT sum(a) AS s FROM t"))
        #expect(table.batches.first?.columns.first?.int64(at: 0) == 3)
        client.close()
        let (status, rest) = server.stop(signal)
        #expect(status == 0)
        #expect(rest.isEmpty, "serve printed more than its one line: \(rest)")
        #expect(!server.line.contains("t0k"))
    }

    @Test("serve --read-only (over the default :memory: database) answers queries and refuses writes")
    func readOnly() async throws {
        let server = try ServeProcess(["--read-only", "--port", "0"])
        #expect(server.line.hasPrefix("listening on grpc://127.0.0.1:"), "\(server.line)")
        guard server.line.hasPrefix("listening on ") else {
            _ = server.forceStop()
            return
        }
        let client = try await FlightSQLClient.connect(url: server.url)
        let table = try await client.fetchAll(try await client.execute("SELECT 41 + 1 AS answer"))
        #expect(table.batches.first?.columns.first?.int64(at: 0) == 42)
        let refused = await #expect(throws: FlightError.self) { _ = try await client.executeUpdate("CREATE TABLE t (a INTEGER)") }
        #expect(refused?.message.contains("read-only") == true, "\(String(describing: refused))")
        client.close()
        let (status, _) = server.stop(SIGTERM)
        #expect(status == 0)
    }

    /// The audit's race: `serve` printed its line before routing SIGINT/SIGTERM, so a signal
    /// sent at once either killed it (status 143) or was lost (it kept running). Each round
    /// starts a real process and signals it the moment the line is read.
    @Test("serve stops cleanly on a signal sent the instant the ready line appears", arguments: [SIGTERM, SIGINT])
    func signalRightAfterReadyLine(signal: Int32) async throws {
        let rounds = 10
        let outcomes = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[String], any Error>) in
            // The process is read and waited for on a Dispatch thread, never a pool thread.
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try (0..<rounds).map { _ in
                        let server = try ServeProcess(["--port", "0"])
                        guard server.line.hasPrefix("listening on ") else { _ = server.forceStop(); return "no ready line" }
                        server.process.send(signal)
                        guard let ended = server.waitForExit(seconds: 5) else { _ = server.forceStop(); return "still running after 5 s" }
                        return ended.description
                    }
                })
            }
        }
        #expect(outcomes.count == rounds)
        #expect(outcomes.allSatisfy { $0 == "exit 0" }, "outcomes: \(outcomes)")
    }

    @Test("serve refuses bad options with a usage error")
    func usage() async throws {
        for arguments in [["--tls-cert", "x.pem"], ["--username", "u"], ["--token", "a", "--username", "u", "--password", "p"],
                          ["--port", "70000"], ["--endpoints", "0"]] {
            let output = try await ProcessRunner.run(ProcessRunner.flightsqlBinary, ["serve"] + arguments)
            #expect(output.status == 2, "\(arguments)")
            #expect(output.stderr.hasPrefix("flightsql: error: "))
        }
    }

    @Test("serve reports unusable TLS files as one error line and exit status 1")
    func badTLS() async throws {
        var cases = [["--tls-cert", "/nonexistent/cert.pem", "--tls-key", "/nonexistent/key.pem"]]
        if let directory = TestEnvironment.value("FLIGHTSQL_TEST_TLS_DIR") {
            // A key that does not match the certificate.
            cases.append(["--tls-cert", directory + "/server.pem", "--tls-key", directory + "/client.key"])
        }
        for arguments in cases {
            let output = try await ProcessRunner.run(ProcessRunner.flightsqlBinary, ["serve"] + arguments)
            #expect(output.status == 1, "\(arguments)")
            #expect(output.stderr.hasPrefix("flightsql: error: "))
            #expect(output.stdout.isEmpty)
        }
    }

    @Test("serve on a port in use says so and exits 1")
    func portInUse() async throws {
        let first = try ServeProcess(["--port", "0"])
        defer { _ = first.stop(SIGTERM) }
        let port = try #require(first.url.split(separator: ":").last.map(String.init))
        let second = try await ProcessRunner.run(ProcessRunner.flightsqlBinary, ["serve", "--port", port])
        #expect(second.status == 1)
        #expect(second.stderr.hasPrefix("flightsql: error: "))
        #expect(second.stdout.isEmpty)
    }

    @Test("demo runs its tour against an in-process server")
    func demo() async throws {
        let text = try await InProcessCLI.run(["demo"])
        #expect(text.hasPrefix("Flight SQL server listening on grpc://127.0.0.1:"))
        for title in ["(a join)", "(an aggregate)", "(a prepared statement)", "An insert in a transaction", "After the commit"] {
            #expect(text.contains(title), "missing \(title)")
        }
        #expect(text.contains("| Grace     | 30 | 41.00 |"))
        #expect(text.contains("before the commit others saw 5 trips"))
    }
}
