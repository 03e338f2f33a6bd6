import Foundation
import Testing
@testable import GRPCTransport
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client socket for sending bytes a real client never would.
final class RawSocket {
    let fd: Int32

    init(port: Int, host: String = "127.0.0.1") throws {
        fd = try SocketConnector.connect(host: host, port: port, deadline: .now + .seconds(5))
        // Back to blocking: these tests write and read synchronously.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    }

    deinit { close(fd) }

    func write(_ data: Data) throws {
        let n = data.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if n < 0 { throw GRPCStatus(code: .unavailable, message: "send failed") }
    }

    /// Reads (and discards) until the peer closes; `false` if it did not within `timeout`.
    func readUntilClosed(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let wait = SocketConnector.milliseconds(until: deadline)
            if wait == 0 { return false }
            guard poll(&pfd, 1, wait) > 0 else { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return true }
        }
    }
}

/// Garbage from the network: the server must survive it and keep serving.
@Suite struct ServerRobustnessTests {
    static let preface = Data("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    /// An HTTP/2 frame header and payload.
    static func frame(type: UInt8, flags: UInt8, stream: UInt32, _ payload: [UInt8]) -> Data {
        let length = payload.count
        var bytes: [UInt8] = [UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), type, flags]
        bytes += [UInt8(stream >> 24 & 0x7F), UInt8(stream >> 16 & 0xFF), UInt8(stream >> 8 & 0xFF), UInt8(stream & 0xFF)]
        return Data(bytes + payload)
    }

    /// HPACK "literal without indexing, new name" for a header.
    static func literal(_ name: String, _ value: String) -> [UInt8] {
        [0x00, UInt8(name.utf8.count)] + Array(name.utf8) + [UInt8(value.utf8.count)] + Array(value.utf8)
    }

    private func expectServing(_ server: GRPCServer) async throws {
        let client = try await HTTP2ClientTransport.connect(url: server.url)
        defer { client.close() }
        #expect(try await client.unary(path: "/test.Test/Echo", request: Data(text: "alive")).message.text == "alive")
    }

    @Test("random bytes instead of a preface: the connection is dropped")
    func randomBytes() async throws {
        try await ServerFixture.withServer { server in
            var generator = SystemRandomNumberGenerator()
            for _ in 0..<5 {
                let socket = try RawSocket(port: server.port)
                try socket.write(Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }))
                #expect(socket.readUntilClosed(timeout: .seconds(5)))
            }
            let http1 = try RawSocket(port: server.port)
            try http1.write(Data("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            #expect(http1.readUntilClosed(timeout: .seconds(5)))
            try await expectServing(server)
            #expect(try await waitFor { server.core.activity == (0, 0) })
        }
    }

    @Test("a valid preface followed by garbage: GOAWAY and close")
    func prefaceThenGarbage() async throws {
        try await ServerFixture.withServer { server in
            let socket = try RawSocket(port: server.port)
            var bytes = Self.preface
            bytes.append(Self.frame(type: 0x4, flags: 0, stream: 0, []))  // empty SETTINGS
            bytes.append(Data(repeating: 0xEE, count: 1000))
            try socket.write(bytes)
            #expect(socket.readUntilClosed(timeout: .seconds(5)))
            // A DATA frame on stream 0 is a connection error too.
            let second = try RawSocket(port: server.port)
            try second.write(Self.preface + Self.frame(type: 0x4, flags: 0, stream: 0, []) + Self.frame(type: 0x0, flags: 0, stream: 0, [1, 2, 3]))
            #expect(second.readUntilClosed(timeout: .seconds(5)))
            try await expectServing(server)
        }
    }

    @Test("a HEADERS frame then close: the started call is cancelled and cleaned up")
    func headersThenClose() async throws {
        try await ServerFixture.withServer { server in
            do {
                let socket = try RawSocket(port: server.port)
                var block: [UInt8] = [0x83, 0x86]  // :method POST, :scheme http (static table)
                block += Self.literal(":path", "/test.Test/BidiEcho")
                block += Self.literal(":authority", "localhost")
                block += Self.literal("content-type", "application/grpc")
                var bytes = Self.preface + Self.frame(type: 0x4, flags: 0, stream: 0, [])
                bytes.append(Self.frame(type: 0x1, flags: 0x4, stream: 1, block))  // END_HEADERS
                bytes.append(Self.frame(type: 0x0, flags: 0, stream: 1, [0, 0, 0, 0, 100, 1, 2]))  // half a message
                try socket.write(bytes)
                #expect(try await waitFor { server.core.activity.handlers == 1 })
            }  // the socket closes here
            #expect(try await waitFor { server.core.activity == (0, 0) })
            try await expectServing(server)
        }
    }

    @Test("a silent plaintext client is dropped after the preface timeout")
    func silentClient() async throws {
        try await ServerFixture.withServer(configuration: GRPCServerConfiguration(handshakeTimeout: .milliseconds(300))) { server in
            let socket = try RawSocket(port: server.port)
            #expect(socket.readUntilClosed(timeout: .seconds(5)))
            try await expectServing(server)
        }
    }

    @Test("many garbage connections at once do not disturb a running call")
    func garbageStorm() async throws {
        try await ServerFixture.withServer { server in
            let client = try await HTTP2ClientTransport.connect(url: server.url)
            defer { client.close() }
            let call = try await client.serverStreaming(path: "/test.Test/Stream", request: Data(text: "2000:1000"))
            for round in 0..<50 {
                let socket = try RawSocket(port: server.port)
                try socket.write(round % 2 == 0 ? Self.preface + Data(repeating: UInt8(round), count: 64) : Data(repeating: 0, count: 3))
            }
            var count = 0
            while try await call.receive() != nil { count += 1 }
            #expect(count == 2000)
            try await expectServing(server)
        }
    }
}
