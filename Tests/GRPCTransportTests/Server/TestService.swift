import Foundation
import Synchronization
@testable import GRPCTransport
import TestSupport

/// The `test.Test` service of the server tests, mirroring `Scripts/servers/grpc_test_server.py`
/// so that the same requests work against either server (raw bytes, mostly ASCII text).
enum TestService {
    /// What the Sleep method saw, by tag: "completed", "cancelled" or "deadline".
    static let outcomes = OutcomeRecorder()

    /// The router with every method.
    static func router() -> GRPCServerRouter {
        var router = GRPCServerRouter()
        router.register("/test.Test/Echo") { call in
            let request = try await call.receiveSingleRequest()
            let echoed = echoMetadata(call.metadata)
            if !echoed.isEmpty {
                try await call.sendHeaders(echoed)
                call.setTrailers(echoed)
            }
            try await call.send(request)
        }
        router.registerUnary("/test.Test/Fail") { request, call in
            let (code, message) = split(request.text)
            throw GRPCStatus(code: GRPCStatus.Code(rawValue: Int(code) ?? 2), message: message, metadata: echoMetadata(call.metadata))
        }
        router.registerServerStreaming("/test.Test/Stream") { request, call in
            let (count, size) = split(request.text)
            let message = Data(repeating: UInt8(ascii: "x"), count: Int(size) ?? 0)
            for _ in 0..<(Int(count) ?? 0) { try await call.send(message) }
        }
        router.register("/test.Test/Collect") { call in
            var total = 0
            var count = 0
            while let message = try await call.receive() {
                total += message.count
                count += 1
            }
            try await call.send(Data(text: "\(total):\(count)"))
        }
        router.register("/test.Test/BidiEcho") { call in
            while let message = try await call.receive() { try await call.send(message) }
        }
        router.registerUnary("/test.Test/Sleep") { request, call in
            let (ms, tag) = split(request.text)
            outcomes.record(tag + ":entered", "yes")
            do {
                try await Task.sleep(for: .milliseconds(Int(ms) ?? 0))
            } catch {
                let outcome = call.cancellationStatus?.code == .deadlineExceeded ? "deadline" : "cancelled"
                outcomes.record(tag, outcome)
                throw error
            }
            outcomes.record(tag, "completed")
            return Data(text: "slept")
        }
        router.registerUnary("/test.Test/Big") { request, _ in
            Data(repeating: UInt8(ascii: "b"), count: Int(request.text) ?? 0)
        }
        router.registerUnary("/test.Test/Headers") { _, call in
            var lines: [String] = []
            for entry in call.metadata {
                switch entry.value {
                case .string(let text): lines.append("\(entry.name): \(text)")
                case .binary(let data): lines.append("\(entry.name): \(data.map { String(format: "%02x", $0) }.joined())")
                }
            }
            if let timeout = call.timeout { lines.append("timeout: \(timeout)") }
            return Data(text: lines.joined(separator: "\n"))
        }
        return router
    }

    /// Request metadata named `x-echo-*`.
    static func echoMetadata(_ metadata: GRPCMetadata) -> GRPCMetadata {
        var echoed = GRPCMetadata()
        for entry in metadata where entry.name.hasPrefix("x-echo-") { echoed.add(entry.name, value: entry.value) }
        return echoed
    }

    /// "a:b" → ("a", "b"); "a" → ("a", "").
    static func split(_ text: String) -> (String, String) {
        guard let colon = text.firstIndex(of: ":") else { return (text, "") }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}

/// Outcomes recorded by handlers, awaited by tests.
final class OutcomeRecorder: Sendable {
    private let values = Mutex<[String: String]>([:])

    func record(_ tag: String, _ outcome: String) {
        values.withLock { $0[tag] = outcome }
    }

    /// What is recorded under `tag` now, without waiting.
    func value(_ tag: String) -> String? { values.withLock { $0[tag] } }

    /// Waits up to 20 s of wall time (not a count of sleeps, which stretch under load) for
    /// the handler tagged `tag` to record its outcome.
    func wait(_ tag: String) async throws -> String? {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let value = values.withLock({ $0[tag] }) { return value }
            try await Task.sleep(for: .milliseconds(10))
        }
        return values.withLock { $0[tag] }
    }
}

/// Starting servers and clients for the tests.
enum ServerFixture {
    /// The shared TLS test material.
    static func tlsFile(_ name: String) -> String {
        TestEnvironment.sharedTestData.appendingPathComponent("tls/\(name)").path
    }

    /// The server's TLS settings, with client certificates required if `mutual`.
    static func serverTLS(mutual: Bool = false) -> TLSServerConfiguration {
        TLSServerConfiguration(
            certificateChainPath: tlsFile("server.pem"), privateKeyPath: tlsFile("server.key"),
            clientCAPath: mutual ? tlsFile("ca.pem") : nil)
    }

    /// Runs `body` with a started test server, shutting it down afterwards.
    static func withServer<T>(
        host: String = "127.0.0.1", tls: TLSServerConfiguration? = nil,
        handler: some GRPCServerHandler = TestService.router(),
        configuration: GRPCServerConfiguration = GRPCServerConfiguration(),
        _ body: (GRPCServer) async throws -> T
    ) async throws -> T {
        let server = try await GRPCServer.start(host: host, tls: tls, handler: handler, configuration: configuration)
        do {
            let result = try await body(server)
            await server.shutdown()
            return result
        } catch {
            await server.shutdown()
            throw error
        }
    }

    /// Runs `body` with a client connected to a started test server.
    static func withClient<T>(
        configuration: GRPCServerConfiguration = GRPCServerConfiguration(),
        clientConfiguration: HTTP2ClientTransport.Configuration = .init(),
        _ body: (HTTP2ClientTransport, GRPCServer) async throws -> T
    ) async throws -> T {
        try await withServer(configuration: configuration) { server in
            let client = try await HTTP2ClientTransport.connect(url: server.url, configuration: clientConfiguration)
            defer { client.close() }
            return try await body(client, server)
        }
    }
}
