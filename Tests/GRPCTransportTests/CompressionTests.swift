import Foundation
import Testing
@testable import GRPCTransport
import TestSupport

/// Message compression is not supported (no zlib among the allowed libraries): the client
/// says so in every request and refuses compressed responses; the server refuses
/// compressed requests (see also ``ServerRequestValidationTests``).
@Suite struct CompressionTests {
    @Test("requests carry grpc-accept-encoding: identity")
    func acceptEncodingSent() async throws {
        try await ServerFixture.withClient { client, _ in
            let seen = try await client.unary(path: "/test.Test/Headers", request: Data()).message.text
            #expect(seen.split(separator: "\n").contains("grpc-accept-encoding: identity"), "\(seen)")
            #expect(!seen.contains("grpc-encoding:"))
        }
    }

    /// Runs one unary call against a scripted server sending `response`; returns its error.
    private func callScripted(_ response: Data) async throws -> GRPCStatus? {
        let server = try ScriptedHTTP2Server(response: response)
        defer { server.close() }
        let client = try await HTTP2ClientTransport.connect(url: "grpc://127.0.0.1:\(server.port)", configuration: .init(reconnect: false))
        defer { client.close() }
        return await expectStatus {
            _ = try await withTimeout(30) { try await client.unary(path: "/test.Test/Echo", request: Data(text: "x")) }
        }
    }

    private static let responseHeaders: [(String, String)] = [(":status", "200"), ("content-type", "application/grpc")]
    private static let okTrailers = ScriptedHTTP2Server.headers([("grpc-status", "0")], endStream: true)

    @Test("a response with an unsupported grpc-encoding fails with internal, naming the encoding")
    func unsupportedResponseEncoding() async throws {
        let response = ScriptedHTTP2Server.headers(Self.responseHeaders + [("grpc-encoding", "gzip")], endStream: false)
            + ScriptedHTTP2Server.message(Array("garbage".utf8), compressed: true) + Self.okTrailers
        let status = try await callScripted(response)
        #expect(status?.code == .internal, "\(status.map { "\($0)" } ?? "no error")")
        #expect(status?.message.contains("grpc-encoding \"gzip\"") == true, "\(status.map { "\($0)" } ?? "no error")")
    }

    @Test("a compressed message without a supported encoding fails with internal, never reaching the reader")
    func compressedFlagWithoutEncoding() async throws {
        let response = ScriptedHTTP2Server.headers(Self.responseHeaders, endStream: false)
            + ScriptedHTTP2Server.message(Array("garbage".utf8), compressed: true) + Self.okTrailers
        let status = try await callScripted(response)
        #expect(status?.code == .internal, "\(status.map { "\($0)" } ?? "no error")")
        #expect(status?.message.contains("compressed message") == true, "\(status.map { "\($0)" } ?? "no error")")
    }

    @Test("identity grpc-encoding is accepted")
    func identityAccepted() async throws {
        let server = try ScriptedHTTP2Server(response: ScriptedHTTP2Server.headers(Self.responseHeaders + [("grpc-encoding", "identity")], endStream: false)
            + ScriptedHTTP2Server.message(Array("plain".utf8), compressed: false) + Self.okTrailers)
        defer { server.close() }
        let client = try await HTTP2ClientTransport.connect(url: "grpc://127.0.0.1:\(server.port)", configuration: .init(reconnect: false))
        defer { client.close() }
        let reply = try await withTimeout(30) { try await client.unary(path: "/test.Test/Echo", request: Data(text: "x")) }
        #expect(reply.message.text == "plain")
    }

    @Test("the state machine refuses a grpc-encoding it did not offer before any message")
    func stateMachineRefusesEncoding() {
        var machine = StreamStateMachine(maxMessageSize: 1 << 20)
        let action = machine.receiveHeaders(
            [(":status", Array("200".utf8)), ("content-type", Array("application/grpc".utf8)), ("grpc-encoding", Array("deflate".utf8))],
            endStream: false)
        #expect(action == .reset)
        #expect(machine.status?.code == .internal)
        #expect(machine.status?.message.contains("\"deflate\"") == true)
        #expect(machine.nextMessage() == .failed(machine.status!))
    }
}
