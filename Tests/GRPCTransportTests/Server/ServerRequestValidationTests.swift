import Foundation
import Testing
@testable import GRPCTransport
import TestSupport

/// Requests a gRPC server must refuse, sent over a real connection.
@Suite struct ServerRequestValidationTests {
    @Test("a content-type that is not application/grpc gets HTTP 415")
    func wrongContentType() async throws {
        try await ServerFixture.withClient { client, _ in
            let call = try RawCalls.start(client, path: "/test.Test/Echo", headers: RawCalls.headers(path: "/test.Test/Echo", overrides: [("content-type", "application/json")]))
            try await call.finishSending()
            let error = await #expect(throws: GRPCStatus.self) { _ = try await call.responseHeaders() }
            #expect(error?.message.contains("415") == true)
        }
    }

    @Test("a method other than POST is refused with HTTP 405")
    func wrongMethod() async throws {
        try await ServerFixture.withClient { client, _ in
            let call = try RawCalls.start(client, path: "/test.Test/Echo", headers: RawCalls.headers(path: "/test.Test/Echo", overrides: [(":method", "PUT")]))
            try await call.finishSending()
            let error = await #expect(throws: GRPCStatus.self) { _ = try await call.responseHeaders() }
            #expect(error?.message.contains("405") == true)
        }
    }

    @Test("a compressed message (flag 1) ends with unimplemented")
    func compressedMessage() async throws {
        try await ServerFixture.withClient { client, _ in
            let call = try RawCalls.start(client, path: "/test.Test/Echo", headers: RawCalls.headers(path: "/test.Test/Echo"))
            try await RawCalls.sendBytes(client, call, Data([1, 0, 0, 0, 3, 1, 2, 3]))
            try await call.finishSending()
            let error = await #expect(throws: GRPCStatus.self) { _ = try await call.receive() }
            #expect(error?.code == .unimplemented)
            #expect(error?.message.contains("compression not supported") == true)
        }
    }

    @Test("grpc-encoding other than identity ends with unimplemented")
    func unsupportedEncoding() async throws {
        try await ServerFixture.withClient { client, _ in
            let call = try RawCalls.start(client, path: "/test.Test/Echo", headers: RawCalls.headers(path: "/test.Test/Echo", extra: [("grpc-encoding", "gzip")]))
            try await call.finishSending()
            let error = await #expect(throws: GRPCStatus.self) { _ = try await call.receive() }
            #expect(error?.code == .unimplemented)
            #expect(error?.message.contains("grpc-encoding gzip") == true)
            #expect(error?.metadata.first("grpc-accept-encoding") == "identity")
        }
    }

    @Test("a malformed grpc-timeout is refused, a request ending inside a message fails")
    func malformedRequests() async throws {
        try await ServerFixture.withClient { client, _ in
            let timeout = try RawCalls.start(client, path: "/test.Test/Echo", headers: RawCalls.headers(path: "/test.Test/Echo", extra: [("grpc-timeout", "soon")]))
            try await timeout.finishSending()
            let timeoutError = await #expect(throws: GRPCStatus.self) { _ = try await timeout.receive() }
            #expect(timeoutError?.message.contains("grpc-timeout") == true)

            let truncated = try RawCalls.start(client, path: "/test.Test/Echo", headers: RawCalls.headers(path: "/test.Test/Echo"))
            try await RawCalls.sendBytes(client, truncated, Data([0, 0, 0, 0, 10, 1, 2]))
            try await truncated.finishSending()
            let truncatedError = await #expect(throws: GRPCStatus.self) { _ = try await truncated.receive() }
            #expect(truncatedError?.code == .internal)
            #expect(try await client.unary(path: "/test.Test/Echo", request: Data(text: "fine")).message.text == "fine")
        }
    }

    static let parseCases: [(fields: [(String, String)], expected: String)] = [
        ([(":method", "POST"), (":path", "/a.B/C"), ("content-type", "application/grpc+proto"), ("grpc-timeout", "5S"), ("x-k", "v")], "ok"),
        ([(":method", "GET"), (":path", "/a.B/C"), ("content-type", "application/grpc")], "405"),
        ([(":method", "POST"), (":path", "/a.B/C")], "415"),
        ([(":method", "POST"), (":path", "/a.B/C"), ("content-type", "text/plain")], "415"),
        ([(":method", "POST"), (":path", "/a.B/C"), ("content-type", "application/grpc"), ("grpc-timeout", "123456789S")], "grpc"),
        ([(":method", "POST"), (":path", "/a.B/C"), ("content-type", "application/grpc"), ("grpc-encoding", "gzip")], "grpc"),
    ]

    @Test("request head parsing")
    func parse() {
        for (fields, expected) in Self.parseCases {
            check(fields: fields, expected: expected)
        }
    }

    private func check(fields: [(String, String)], expected: String) {
        let result = ServerRequestHead.parse(fields.map { (name: $0.0, value: Array($0.1.utf8)) })
        switch result {
        case .success(let head):
            #expect(expected == "ok")
            #expect(head.path == "/a.B/C")
            #expect(head.timeout == .seconds(5))
            #expect(head.metadata.first("x-k") == "v")
        case .failure(.http(let status, _)):
            #expect(expected == String(status))
        case .failure(.grpc):
            #expect(expected == "grpc")
        }
    }
}
