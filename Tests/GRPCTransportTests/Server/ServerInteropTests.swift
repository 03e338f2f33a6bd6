import Foundation
import Testing
@testable import GRPCTransport
import TestSupport

/// A third-party client as judge: Python grpcio (`Scripts/reference/grpc_probe_client.py`)
/// calling our server, plaintext, TLS and mutual TLS.
@Suite(.enabled(if: TestEnvironment.isAvailable("FLIGHTSQL_TEST_PYTHON")))
struct ServerInteropTests {
    /// Runs the probe with `arguments`; returns its exit status and output.
    static func probe(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let python = try TestEnvironment.require("FLIGHTSQL_TEST_PYTHON")
        let script = TestEnvironment.packageRoot.appendingPathComponent("Scripts/reference/grpc_probe_client.py").path
        // Output and errors in one stream, read while it runs (off the concurrency pool), so a
        // full pipe can never block the probe.
        let result = try await ChildProcess.run(python, [script] + arguments, mergeStderr: true)
        return (result.status, String(decoding: result.stdout, as: UTF8.self))
    }

    private func expectAllOK(_ result: (status: Int32, output: String), tls: Bool = false) {
        #expect(result.status == 0, "grpcio probe failed:\n\(result.output)")
        for check in (tls ? ["alpn-h2", "alpn-refuses-http1"] : []) + ["unary", "metadata-headers", "metadata-trailers", "server-streaming", "server-streaming-large", "client-streaming", "bidi", "status", "status-trailers", "unimplemented"] {
            #expect(result.output.contains("ok \(check)\n"), "missing check \(check):\n\(result.output)")
        }
    }

    @Test("grpcio over plaintext")
    func plaintext() async throws {
        try await ServerFixture.withServer { server in
            expectAllOK(try await Self.probe(["--target", "127.0.0.1:\(server.port)"]))
        }
    }

    @Test("grpcio over TLS")
    func tls() async throws {
        try await ServerFixture.withServer(tls: ServerFixture.serverTLS()) { server in
            expectAllOK(try await Self.probe(["--target", "localhost:\(server.port)", "--ca", ServerFixture.tlsFile("ca.pem")]), tls: true)
        }
    }

    @Test("grpcio over mutual TLS, and refused without a client certificate")
    func mutualTLS() async throws {
        try await ServerFixture.withServer(tls: ServerFixture.serverTLS(mutual: true)) { server in
            let target = "localhost:\(server.port)"
            expectAllOK(try await Self.probe([
                "--target", target, "--ca", ServerFixture.tlsFile("ca.pem"),
                "--cert", ServerFixture.tlsFile("client.pem"), "--key", ServerFixture.tlsFile("client.key"),
            ]), tls: true)
            let refused = try await Self.probe(["--target", target, "--ca", ServerFixture.tlsFile("ca.pem"), "--ready-timeout", "3"])
            #expect(refused.status != 0)
            #expect(!refused.output.contains("ok unary"))
        }
    }
}
