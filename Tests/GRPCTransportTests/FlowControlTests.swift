import Foundation
@testable import GRPCTransport
import Testing
import TestSupport

@Suite struct FlowControlTests {
    static let enabled = TestEnvironment.isAvailable(TestServers.plaintextVariable)

    @Test("a 200 MiB server stream read slowly keeps buffered bytes within the window", .enabled(if: enabled))
    func slowReaderIsBounded() async throws {
        let window = 1 << 20
        let transport = try await TestServers.plaintext(configuration: .init(initialStreamWindowSize: window))
        defer { transport.close() }
        let messageSize = 256 * 1024
        let count = 800  // 200 MiB
        let call = try await transport.serverStreaming(path: "/test.Test/Stream", request: Data(text: "\(count):\(messageSize)"))
        let http2Call = try #require(call as? HTTP2StreamingCall)
        var received = 0
        var total = 0
        let start = ContinuousClock.now
        while let message = try await call.receive() {
            received += 1
            total += message.count
            // Pause now and then: the server must stop sending, not fill our memory.
            if received.isMultiple(of: 100) {
                try await Task.sleep(for: .milliseconds(100))
                // While we slept the server could send at most one window more.
                #expect(http2Call.bufferedBytes.current <= window + messageSize + 5)
            }
        }
        let seconds = Double((ContinuousClock.now - start).components.attoseconds) / 1e18 + Double((ContinuousClock.now - start).components.seconds)
        #expect(received == count)
        #expect(total == count * messageSize)
        let maxBuffered = http2Call.bufferedBytes.max
        print("flow control: 200 MiB in \(String(format: "%.2f", seconds)) s with pauses; max buffered \(maxBuffered) bytes (window \(window))")
        #expect(maxBuffered <= window + messageSize + 5)
    }

    @Test("throughput of a 256 MiB server stream", .enabled(if: enabled))
    func throughput() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let call = try await transport.serverStreaming(path: "/test.Test/Stream", request: Data(text: "1024:262144"))
        var total = 0
        let start = ContinuousClock.now
        while let message = try await call.receive() { total += message.count }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("throughput: \(total >> 20) MiB in \(String(format: "%.2f", seconds)) s = \(String(format: "%.0f", Double(total) / seconds / 1e6)) MB/s; max buffered \((call as? HTTP2StreamingCall)?.bufferedBytes.max ?? -1)")
        #expect(total == 1024 * 262_144)
    }

    @Test("a message larger than the stream window is still received (no deadlock)", .enabled(if: enabled))
    func messageLargerThanWindow() async throws {
        let transport = try await TestServers.plaintext(configuration: .init(initialStreamWindowSize: 65_535, connectionWindowSize: 65_535))
        defer { transport.close() }
        let response = try await withTimeout(30) {
            try await transport.unary(path: "/test.Test/Big", request: Data(text: "\(20 << 20)"))
        }
        #expect(response.message.count == 20 << 20)
        #expect(response.message.allSatisfy { $0 == UInt8(ascii: "b") })
    }

    @Test("a message over the maximum size fails with resourceExhausted; the connection survives", .enabled(if: enabled))
    func maxMessageSize() async throws {
        let transport = try await TestServers.plaintext(configuration: .init(maxReceiveMessageSize: 1 << 20))
        defer { transport.close() }
        let status = await expectStatus { _ = try await transport.unary(path: "/test.Test/Big", request: Data(text: "2000000")) }
        #expect(status?.code == .resourceExhausted)
        #expect(status?.message.contains("2000000") == true)
        #expect(status?.message.contains("\(1 << 20)") == true)
        // A per-call limit overrides the transport's.
        let bigger = try await transport.unary(path: "/test.Test/Big", request: Data(text: "2000000"), options: GRPCCallOptions(maxReceiveMessageSize: 4 << 20))
        #expect(bigger.message.count == 2_000_000)
        let smaller = await expectStatus {
            _ = try await transport.unary(path: "/test.Test/Big", request: Data(text: "1000"), options: GRPCCallOptions(maxReceiveMessageSize: 999))
        }
        #expect(smaller?.code == .resourceExhausted)
        #expect(try await transport.unary(path: "/test.Test/Echo", request: Data(text: "ok")).message.text == "ok")
    }

    @Test("a 50 MiB unary response within the default limit", .enabled(if: enabled))
    func bigUnary() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let response = try await transport.unary(path: "/test.Test/Big", request: Data(text: "\(50 << 20)"))
        #expect(response.message.count == 50 << 20)
    }
}
