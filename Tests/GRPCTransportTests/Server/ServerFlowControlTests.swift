import Foundation
import Testing
@testable import GRPCTransport
import TestSupport

/// Back-pressure in both directions: neither a slow client nor a fast one can make the
/// server buffer without bound.
@Suite(.serialized) struct ServerFlowControlTests {
    /// The process's resident memory in bytes (Linux `/proc/self/statm`).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }

    @Test("a 500 MiB server stream to a slow reader keeps the server's buffers bounded")
    func slowConsumer() async throws {
        let messageSize = 1 << 20
        let count = 500
        try await ServerFixture.withClient { client, server in
            let before = Self.residentBytes()
            let call = try await client.serverStreaming(path: "/test.Test/Stream", request: Data(text: "\(count):\(messageSize)"))
            var received = 0
            var messages = 0
            let started = ContinuousClock.now
            while let message = try await call.receive() {
                received += message.count
                messages += 1
                // A slow consumer: pause regularly so the windows fill up and stay full.
                if messages % 10 == 0 { try await Task.sleep(for: .milliseconds(20)) }
            }
            let elapsed = ContinuousClock.now - started
            let stats = server.core.stats
            let maxPending = stats.maxPendingSendBytes.load(ordering: .relaxed)
            let maxOutbound = stats.maxOutboundBufferBytes.load(ordering: .relaxed)
            let growth = Self.residentBytes() - before
            print("slow consumer: \(received >> 20) MiB in \(elapsed); server max pending send bytes \(maxPending), max socket buffer \(maxOutbound), RSS growth \(growth >> 20) MiB")
            #expect(messages == count)
            #expect(received == count * messageSize)
            // One message per sender waits for flow control, plus nothing else.
            #expect(maxPending <= messageSize + 5)
            #expect(maxOutbound <= HTTP2SocketPump.outboundLimit + 128 * 1024)
            #expect(stats.pendingSendBytes.load(ordering: .relaxed) == 0)
            // Neither side held the stream: far less than the 500 MiB that went through.
            #expect(growth < 200 << 20)
        }
    }

    @Test("throughput of a large server stream")
    func throughput() async throws {
        try await ServerFixture.withClient { client, _ in
            let call = try await client.serverStreaming(path: "/test.Test/Stream", request: Data(text: "256:\(1 << 20)"))
            let started = ContinuousClock.now
            var received = 0
            while let message = try await call.receive() { received += message.count }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("server stream throughput: \(received >> 20) MiB in \(elapsed) = \(Int(Double(received) / 1e6 / seconds)) MB/s")
            #expect(received == 256 << 20)
        }
    }

    @Test("throughput of a large server stream over TLS")
    func tlsThroughput() async throws {
        try await ServerFixture.withServer(tls: ServerFixture.serverTLS()) { server in
            let client = try await HTTP2ClientTransport.connect(url: server.url, tls: TLSConfiguration(trustedRootCertificatesPath: ServerFixture.tlsFile("ca.pem")))
            defer { client.close() }
            let call = try await client.serverStreaming(path: "/test.Test/Stream", request: Data(text: "128:\(1 << 20)"))
            let started = ContinuousClock.now
            var received = 0
            while let message = try await call.receive() { received += message.count }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("TLS server stream throughput: \(received >> 20) MiB in \(elapsed) = \(Int(Double(received) / 1e6 / seconds)) MB/s")
            #expect(received == 128 << 20)
        }
    }

    @Test("a client sending faster than the handler reads is held back by the stream window")
    func slowHandler() async throws {
        let observed = OutcomeRecorder()
        var router = GRPCServerRouter()
        router.register("/test.Test/SlowCollect") { call in
            var total = 0
            while let message = try await call.receive() {
                total += message.count
                try await Task.sleep(for: .milliseconds(2))
            }
            observed.record("max-buffered", String(call.context.bufferedBytes.max))
            try await call.send(Data(text: String(total)))
        }
        let configuration = GRPCServerConfiguration(initialStreamWindowSize: 256 * 1024)
        try await ServerFixture.withServer(handler: router, configuration: configuration) { server in
            let client = try await HTTP2ClientTransport.connect(url: server.url)
            defer { client.close() }
            let call = try await client.makeStreamingCall(path: "/test.Test/SlowCollect", metadata: GRPCMetadata(), options: .defaults)
            let message = Data(count: 64 * 1024)
            for _ in 0..<200 { try await call.send(message) }  // 12.5 MiB
            try await call.finishSending()
            #expect(try await call.receive()?.text == String(200 * 64 * 1024))
            let maxBuffered = Int(try await observed.wait("max-buffered") ?? "") ?? .max
            print("slow handler: server held at most \(maxBuffered) request bytes")
            // The stream window plus one partial message, not the 12.5 MiB sent.
            #expect(maxBuffered <= 256 * 1024 + 64 * 1024 + 5)
        }
    }
}
