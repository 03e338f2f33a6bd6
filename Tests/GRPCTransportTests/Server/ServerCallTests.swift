import Foundation
import Testing
@testable import GRPCTransport
import TestSupport

/// Our client against our server over loopback: the call shapes.
@Suite struct ServerCallTests {
    @Test("unary echo, including an empty message")
    func unaryEcho() async throws {
        try await ServerFixture.withClient { client, _ in
            let response = try await client.unary(path: "/test.Test/Echo", request: Data(text: "hello"))
            #expect(response.message.text == "hello")
            #expect(response.headers.first("content-type") == "application/grpc")
            #expect(response.trailers.isEmpty)
            let empty = try await client.unary(path: "/test.Test/Echo", request: Data())
            #expect(empty.message.isEmpty)
        }
    }

    @Test("server streaming delivers 10 000 messages in order")
    func serverStreaming() async throws {
        try await ServerFixture.withClient { client, _ in
            let call = try await client.serverStreaming(path: "/test.Test/Stream", request: Data(text: "10000:100"))
            var count = 0
            while let message = try await call.receive() {
                #expect(message.count == 100)
                count += 1
            }
            #expect(count == 10_000)
            #expect(try await call.trailers().isEmpty)
        }
    }

    @Test("client streaming: the handler reads every request message")
    func clientStreaming() async throws {
        try await ServerFixture.withClient { client, _ in
            let call = try await client.makeStreamingCall(path: "/test.Test/Collect", metadata: GRPCMetadata(), options: .defaults)
            for index in 0..<100 { try await call.send(Data(repeating: 1, count: index)) }
            try await call.finishSending()
            #expect(try await call.receive()?.text == "4950:100")
            #expect(try await call.receive() == nil)
        }
    }

    @Test("bidirectional streaming: replies interleave with requests")
    func bidi() async throws {
        try await ServerFixture.withClient { client, _ in
            let call = try await client.makeStreamingCall(path: "/test.Test/BidiEcho", metadata: GRPCMetadata(), options: .defaults)
            for index in 0..<50 {
                try await call.send(Data(text: "ping \(index)"))
                // Each reply arrives before the next request is sent: truly interleaved.
                #expect(try await call.receive()?.text == "ping \(index)")
            }
            try await call.finishSending()
            #expect(try await call.receive() == nil)
            #expect(try await call.trailers().isEmpty)
        }
    }

    @Test("100 concurrent calls on one connection")
    func concurrentCalls() async throws {
        try await ServerFixture.withClient { client, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        let call = try await client.serverStreaming(path: "/test.Test/Stream", request: Data(text: "20:\(index * 100)"))
                        var count = 0
                        while let message = try await call.receive() {
                            #expect(message.count == index * 100)
                            count += 1
                        }
                        #expect(count == 20)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("many connections at once")
    func manyConnections() async throws {
        try await ServerFixture.withServer { server in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let client = try await HTTP2ClientTransport.connect(url: server.url)
                        defer { client.close() }
                        for round in 0..<5 {
                            let response = try await client.unary(path: "/test.Test/Echo", request: Data(text: "\(index).\(round)"))
                            #expect(response.message.text == "\(index).\(round)")
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("a status with a non-ASCII message and trailers reaches the client")
    func statusWithMessage() async throws {
        try await ServerFixture.withClient { client, _ in
            var metadata = GRPCMetadata()
            metadata.add("x-echo-note", "trailer value")
            metadata.add("x-echo-data-bin", binary: Data([0, 1, 2, 0xFF, 0xFE]))
            let message = "introuvable: café ✓ 100% \"quoted\"\nnext line"
            let error = await #expect(throws: GRPCStatus.self) {
                _ = try await client.unary(path: "/test.Test/Fail", request: Data(text: "5:\(message)"), metadata: metadata)
            }
            #expect(error?.code == .notFound)
            #expect(error?.message == message)
            #expect(error?.metadata.first("x-echo-note") == "trailer value")
            #expect(error?.metadata.firstBinary("x-echo-data-bin") == Data([0, 1, 2, 0xFF, 0xFE]))
        }
    }

    @Test("metadata: headers and trailers, -bin values, request metadata and timeout seen by the handler")
    func metadata() async throws {
        try await ServerFixture.withClient { client, _ in
            var metadata = GRPCMetadata()
            metadata.add("x-echo-plain", "hello")
            metadata.add("x-echo-key-bin", binary: Data([0xDE, 0xAD, 0xBE, 0xEF, 0x00]))
            let echoed = try await client.unary(path: "/test.Test/Echo", request: Data(text: "m"), metadata: metadata)
            #expect(echoed.headers.first("x-echo-plain") == "hello")
            #expect(echoed.headers.firstBinary("x-echo-key-bin") == Data([0xDE, 0xAD, 0xBE, 0xEF, 0x00]))
            #expect(echoed.trailers.first("x-echo-plain") == "hello")
            #expect(echoed.trailers.firstBinary("x-echo-key-bin") == Data([0xDE, 0xAD, 0xBE, 0xEF, 0x00]))

            let seen = try await client.unary(
                path: "/test.Test/Headers", request: Data(), metadata: metadata,
                options: GRPCCallOptions(timeout: .seconds(30))).message.text
            #expect(seen.contains("x-echo-plain: hello"))
            #expect(seen.contains("x-echo-key-bin: deadbeef00"))
            #expect(seen.contains("user-agent: swift-flightsql/"))
            #expect(seen.contains("timeout: "))
            #expect(!seen.contains("grpc-timeout"))
        }
    }

    @Test("an unknown method ends with unimplemented")
    func unknownMethod() async throws {
        try await ServerFixture.withClient { client, _ in
            let error = await #expect(throws: GRPCStatus.self) {
                _ = try await client.unary(path: "/test.Test/NoSuchMethod", request: Data())
            }
            #expect(error?.code == .unimplemented)
            #expect(error?.message.contains("/test.Test/NoSuchMethod") == true)
            // The connection is still fine.
            let after = try await client.unary(path: "/test.Test/Echo", request: Data(text: "ok"))
            #expect(after.message.text == "ok")
        }
    }

    @Test("an oversized request message ends with resourceExhausted")
    func oversizedMessage() async throws {
        try await ServerFixture.withClient(configuration: GRPCServerConfiguration(maxReceiveMessageSize: 1024)) { client, _ in
            let error = await #expect(throws: GRPCStatus.self) {
                _ = try await client.unary(path: "/test.Test/Echo", request: Data(count: 100_000))
            }
            #expect(error?.code == .resourceExhausted)
            let largest = try await client.unary(path: "/test.Test/Echo", request: Data(count: 1024))
            #expect(largest.message.count == 1024)
        }
    }

    @Test("a unary method given two requests ends with invalidArgument")
    func unaryWithTwoRequests() async throws {
        try await ServerFixture.withClient { client, _ in
            let call = try await client.makeStreamingCall(path: "/test.Test/Echo", metadata: GRPCMetadata(), options: .defaults)
            try await call.send(Data(text: "a"))
            try await call.send(Data(text: "b"))
            try await call.finishSending()
            let error = await #expect(throws: GRPCStatus.self) { _ = try await call.receive() }
            #expect(error?.code == .invalidArgument)
        }
    }
}

