import Foundation
import GRPCTransport
import TestSupport

/// The test servers (`Scripts/servers/grpc_test_server.py`) named by the environment.
enum TestServers {
    static let plaintextVariable = "FLIGHTSQL_TEST_GRPC_URL"
    static let tlsVariable = "FLIGHTSQL_TEST_GRPC_TLS_URL"
    static let mtlsVariable = "FLIGHTSQL_TEST_GRPC_MTLS_URL"
    static let tlsDirectoryVariable = "FLIGHTSQL_TEST_TLS_DIR"

    /// Connects to the plaintext server.
    static func plaintext(configuration: HTTP2ClientTransport.Configuration = .init()) async throws -> HTTP2ClientTransport {
        try await HTTP2ClientTransport.connect(url: TestEnvironment.require(plaintextVariable), configuration: configuration)
    }

    /// A file of the shared TLS test material (`ca.pem`, `client.key`, …).
    static func tlsFile(_ name: String) throws -> String {
        let directory = try TestEnvironment.require(tlsDirectoryVariable)
        return URL(fileURLWithPath: directory).appendingPathComponent(name).path
    }

    /// Trusting the test CA.
    static func trustingTestCA() throws -> TLSConfiguration {
        TLSConfiguration(trustedRootCertificatesPath: try tlsFile("ca.pem"))
    }
}

extension Data {
    /// UTF-8 bytes of a string.
    init(text: String) { self.init(text.utf8) }
    /// The bytes as UTF-8 text.
    var text: String { String(decoding: self, as: UTF8.self) }
}

/// The test could not finish in time (a hang is a failure, not a stuck run).
struct TimedOut: Error, CustomStringConvertible {
    var seconds: Double
    var description: String { "timed out after \(seconds) s" }
}

/// Runs `body`, failing with ``TimedOut`` if it takes longer than `seconds`.
func withTimeout<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimedOut(seconds: seconds)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// The status a call failed with (fails the test if it did not throw a `GRPCStatus`).
func expectStatus(_ body: () async throws -> Void) async -> GRPCStatus? {
    do {
        try await body()
        return nil
    } catch let status as GRPCStatus {
        return status
    } catch {
        return GRPCStatus(code: .unknown, message: "not a GRPCStatus: \(error)")
    }
}
