import Foundation
@testable import GRPCTransport
import Testing
import TestSupport

@Suite struct DeadlineAndCancellationTests {
    static let enabled = TestEnvironment.isAvailable(TestServers.plaintextVariable)

    @Test("an expired deadline fails the call with deadlineExceeded", .enabled(if: enabled))
    func deadline() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let tag = "deadline-\(UUID().uuidString)"
        let start = ContinuousClock.now
        let status = await expectStatus {
            _ = try await transport.unary(path: "/test.Test/Sleep", request: Data(text: "10000:\(tag)"), options: GRPCCallOptions(timeout: .milliseconds(1500)))
        }
        let elapsed = ContinuousClock.now - start
        #expect(status?.code == .deadlineExceeded)
        #expect(elapsed >= .milliseconds(1400))
        #expect(elapsed < .seconds(4))
        // The server stopped working on it too: it saw the deadline or the cancel, or (when
        // grpcio's dispatch was slower than the deadline, as under load from the parallel
        // stream tests) never ran the handler at all ("unknown"). A handler still running
        // ("started") or one that ran to the end ("completed") would mean the deadline was lost.
        let outcome = try await transport.unary(path: "/test.Test/Outcome", request: Data(text: tag))
        #expect(["deadline", "cancelled", "unknown"].contains(outcome.message.text), "\(outcome.message.text)")
        // The connection is still good.
        #expect(try await transport.unary(path: "/test.Test/Echo", request: Data(text: "after")).message.text == "after")
    }

    @Test("a deadline is enforced locally even when the server ignores it", .enabled(if: enabled))
    func localDeadline() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let sleeper = try await transport.makeStreamingCall(path: "/test.Test/Sleep", metadata: GRPCMetadata(), options: GRPCCallOptions(timeout: .milliseconds(200)))
        // Never half-closed: the server waits for the request forever; only our timer ends it.
        let start = ContinuousClock.now
        let status = await expectStatus { _ = try await sleeper.receive() }
        #expect(status?.code == .deadlineExceeded)
        // Without the local timer the call would never end; 2 s was once exceeded (2.8 s) on
        // a stalled CI machine, so the bound only has to tell "ended" from "never".
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test("cancel() resets the stream; the server sees the cancellation", .enabled(if: enabled))
    func cancel() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let tag = "cancel-\(UUID().uuidString)"
        let call = try await transport.serverStreaming(path: "/test.Test/Sleep", request: Data(text: "10000:\(tag)"))
        // Cancel only once the server runs the call, so that it can see the cancellation.
        #expect(try await transport.unary(path: "/test.Test/Started", request: Data(text: tag)).message.text == "started")
        call.cancel()
        let status = await expectStatus { _ = try await call.receive() }
        #expect(status?.code == .cancelled)
        let outcome = try await transport.unary(path: "/test.Test/Outcome", request: Data(text: tag))
        #expect(outcome.message.text == "cancelled")
        // Later operations fail the same way.
        #expect(await expectStatus { try await call.send(Data()) }?.code == .cancelled)
    }

    @Test("cancelling the task waiting in receive() cancels the call", .enabled(if: enabled))
    func taskCancellation() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let tag = "task-\(UUID().uuidString)"
        let call = try await transport.serverStreaming(path: "/test.Test/Sleep", request: Data(text: "10000:\(tag)"))
        let task = Task { try await call.receive() }
        #expect(try await transport.unary(path: "/test.Test/Started", request: Data(text: tag)).message.text == "started")
        task.cancel()
        let status = await expectStatus { _ = try await task.value }
        #expect(status?.code == .cancelled)
        #expect(try await transport.unary(path: "/test.Test/Outcome", request: Data(text: tag)).message.text == "cancelled")
    }
}

@Suite struct BackpressureTests {
    static let enabled = TestEnvironment.isAvailable(TestServers.plaintextVariable)

    @Test("a reader that stops reading pauses the server, which blocks send(); cancelling the blocked send cancels the call", .enabled(if: enabled))
    func blockedSendCancels() async throws {
        let transport = try await TestServers.plaintext(configuration: .init(initialStreamWindowSize: 65_535))
        defer { transport.close() }
        let call = try await transport.makeStreamingCall(path: "/test.Test/BidiEcho", metadata: GRPCMetadata(), options: .defaults)
        let sent = Locked(0)
        let sender = Task {
            let chunk = Data(repeating: 1, count: 1 << 20)
            // 1 GiB would be echoed back; nobody reads the echoes, so this must block.
            for _ in 0..<1024 {
                try await call.send(chunk)
                sent.withLock { $0 += 1 }
            }
        }
        // Wait until sending stops progressing (it must: nobody reads the echoes).
        var before = -1
        var after = sent.withLock { $0 }
        for _ in 0..<20 where after != before {
            before = after
            try await Task.sleep(for: .milliseconds(500))
            after = sent.withLock { $0 }
        }
        #expect(after == before)  // blocked, not progressing
        #expect(after < 64)
        let buffered = try #require(call as? HTTP2StreamingCall).bufferedBytes.max
        #expect(buffered <= 65_535 + (1 << 20) + 5)
        sender.cancel()
        let status = await expectStatus { try await withTimeout(10) { try await sender.value } }
        #expect(status?.code == .cancelled)
        #expect(await expectStatus { _ = try await call.receive() }?.code == .cancelled)
    }

    @Test("cancelling a connect in progress ends it with cancelled")
    func cancelConnect() async throws {
        // A listener that accepts but never speaks: connect waits for SETTINGS.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        _ = listen(listener, 4)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let connecting = Task { try await HTTP2ClientTransport.connect(url: "grpc://127.0.0.1:\(port)", configuration: .init(connectTimeout: .seconds(30))) }
        try await Task.sleep(for: .milliseconds(200))
        connecting.cancel()
        let start = ContinuousClock.now
        let status = await expectStatus { _ = try await withTimeout(10) { try await connecting.value } }
        #expect(status?.code == .cancelled)
        #expect(ContinuousClock.now - start < .seconds(5))
    }
}

@Suite struct CallOptionsTests {
    @Test("the effective timeout is the earlier of timeout and deadline")
    func effectiveTimeout() {
        let now = ContinuousClock.now
        #expect(GRPCCallOptions().effectiveTimeout(now: now) == nil)
        #expect(GRPCCallOptions(timeout: .seconds(5)).effectiveTimeout(now: now) == .seconds(5))
        #expect(GRPCCallOptions(deadline: now + .seconds(2)).effectiveTimeout(now: now) == .seconds(2))
        #expect(GRPCCallOptions(timeout: .seconds(5), deadline: now + .seconds(2)).effectiveTimeout(now: now) == .seconds(2))
        #expect(GRPCCallOptions(timeout: .seconds(1), deadline: now + .seconds(2)).effectiveTimeout(now: now) == .seconds(1))
    }

    @Test("a deadline already past fails at once with deadlineExceeded", .enabled(if: TestEnvironment.isAvailable(TestServers.plaintextVariable)))
    func pastDeadline() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let status = await expectStatus {
            _ = try await transport.unary(path: "/test.Test/Echo", request: Data(), options: GRPCCallOptions(deadline: .now - .seconds(1)))
        }
        #expect(status?.code == .deadlineExceeded)
        let response = try await transport.unary(path: "/test.Test/Headers", request: Data(), options: GRPCCallOptions(deadline: .now + .seconds(20)))
        let remaining = response.message.text.split(separator: "\n").first { $0.hasPrefix("time-remaining: ") }.flatMap { Double($0.dropFirst(16)) }
        #expect(remaining.map { $0 > 15 && $0 <= 20 } == true)
    }
}

extension CallOptionsTests {
    @Test("an absurdly long timeout neither traps nor expires", .enabled(if: TestEnvironment.isAvailable(TestServers.plaintextVariable)))
    func hugeTimeout() async throws {
        let transport = try await TestServers.plaintext()
        defer { transport.close() }
        let response = try await transport.unary(path: "/test.Test/Echo", request: Data(text: "long"), options: GRPCCallOptions(timeout: .seconds(Int64.max / 2)))
        #expect(response.message.text == "long")
        // Capped at Int64.max nanoseconds (292 years), rounded up to hours.
        #expect(GRPCWire.encodeTimeout(.seconds(Int64.max / 2)) == "2562048H")
    }
}
