import Foundation
import Testing
@testable import GRPCTransport
import TestSupport

/// Deadlines, cancellation and disconnects, seen from the handler.
@Suite struct ServerCancellationTests {
    @Test("the server enforces grpc-timeout: the handler is cancelled and the client gets deadlineExceeded")
    func serverDeadline() async throws {
        try await ServerFixture.withClient { client, _ in
            // No client-side timer: only the server's deadline can end this call.
            let call = try RawCalls.start(client, path: "/test.Test/Sleep", headers: RawCalls.headers(path: "/test.Test/Sleep", extra: [("grpc-timeout", "200m")]))
            try await call.send(Data(text: "10000:server-deadline"))
            try await call.finishSending()
            let started = ContinuousClock.now
            let error = await #expect(throws: GRPCStatus.self) { _ = try await call.receive() }
            #expect(error?.code == .deadlineExceeded)
            #expect(ContinuousClock.now - started < .seconds(5))
            try await expectStopped("server-deadline", as: ["deadline"])
        }
    }

    @Test("a client-side timeout ends the call and the handler")
    func clientDeadline() async throws {
        try await ServerFixture.withClient { client, _ in
            let error = await #expect(throws: GRPCStatus.self) {
                _ = try await client.unary(path: "/test.Test/Sleep", request: Data(text: "10000:client-deadline"), options: GRPCCallOptions(timeout: .milliseconds(200)))
            }
            #expect(error?.code == .deadlineExceeded)
            // The client resets the stream at the same moment the server's deadline passes:
            // either way the handler must be stopped.
            try await expectStopped("client-deadline", as: ["deadline", "cancelled"])
        }
    }

    @Test("a client cancel (RST_STREAM) cancels the handler's task")
    func clientCancel() async throws {
        try await ServerFixture.withClient { client, server in
            let call = try await client.makeStreamingCall(path: "/test.Test/Sleep", metadata: GRPCMetadata(), options: .defaults)
            try await call.send(Data(text: "10000:cancel"))
            try await call.finishSending()
            try await Task.sleep(for: .milliseconds(200))
            call.cancel()
            #expect(try await TestService.outcomes.wait("cancel") == "cancelled")
            // The connection serves new calls afterwards, and the handler is gone.
            #expect(try await client.unary(path: "/test.Test/Echo", request: Data(text: "after")).message.text == "after")
            #expect(try await waitFor { server.core.activity.handlers == 0 })
        }
    }

    @Test("a client that disconnects mid-call cancels the handler")
    func disconnect() async throws {
        try await ServerFixture.withServer { server in
            let client = try await HTTP2ClientTransport.connect(url: server.url)
            let call = try await client.makeStreamingCall(path: "/test.Test/Sleep", metadata: GRPCMetadata(), options: .defaults)
            try await call.send(Data(text: "10000:disconnect"))
            try await call.finishSending()
            try await Task.sleep(for: .milliseconds(200))
            client.close()
            #expect(try await TestService.outcomes.wait("disconnect") == "cancelled")
            #expect(try await waitFor { server.core.activity == (0, 0) })
        }
    }

    @Test("a client disconnecting in the middle of a large server stream frees everything")
    func disconnectDuringStream() async throws {
        try await ServerFixture.withServer { server in
            let client = try await HTTP2ClientTransport.connect(url: server.url)
            let call = try await client.serverStreaming(path: "/test.Test/Stream", request: Data(text: "100000:10000"))
            for _ in 0..<10 { _ = try await call.receive() }
            client.close()
            #expect(try await waitFor { server.core.activity == (0, 0) })
            #expect(server.core.stats.pendingSendBytes.load(ordering: .relaxed) == 0)
        }
    }

    @Test("shutdown ends running calls with unavailable and waits for their handlers")
    func shutdownDuringCalls() async throws {
        let server = try await GRPCServer.start(handler: TestService.router())
        let client = try await HTTP2ClientTransport.connect(url: server.url)
        defer { client.close() }
        let call = try await client.makeStreamingCall(path: "/test.Test/Sleep", metadata: GRPCMetadata(), options: .defaults)
        try await call.send(Data(text: "10000:shutdown"))
        try await call.finishSending()
        try await Task.sleep(for: .milliseconds(200))
        await server.shutdown()
        #expect(server.core.activity == (0, 0))
        #expect(try await TestService.outcomes.wait("shutdown") == "cancelled")
        let error = await #expect(throws: GRPCStatus.self) { _ = try await call.receive() }
        #expect(error?.code == .unavailable)
        await server.shutdown()  // idempotent
    }
}

/// Polls `condition` for up to 5 s.
/// The Sleep handler tagged `tag` was stopped with one of `outcomes`, or never entered its
/// body: on a loaded machine the deadline can pass before the request message reaches the
/// handler, and then the call ends without running it, which is just as correct. What must
/// never happen is a handler that started and was left running.
func expectStopped(_ tag: String, as outcomes: Set<String>, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    if let outcome = try await TestService.outcomes.wait(tag) {
        #expect(outcomes.contains(outcome), "the handler ended as \(outcome)", sourceLocation: sourceLocation)
    } else {
        #expect(TestService.outcomes.value(tag + ":entered") == nil, "the handler started and was never stopped", sourceLocation: sourceLocation)
    }
}

func waitFor(_ condition: () -> Bool) async throws -> Bool {
    for _ in 0..<500 {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}
