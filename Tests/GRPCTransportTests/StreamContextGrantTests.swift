import Foundation
@testable import GRPCTransport
import Testing

/// Every DATA byte a stream receives must be handed back to nghttp2 exactly once (the
/// connection window is shared by every call on the connection, and lives on after the
/// stream). Bytes still unread when the trailers arrived were once counted as released
/// and dropped, so each large call shrank the connection window until a server stalled.
@Suite struct StreamContextGrantTests {
    private func fields(_ pairs: [(String, String)]) -> [(name: String, value: [UInt8])] {
        pairs.map { ($0.0, Array($0.1.utf8)) }
    }

    private func receiveData(_ context: StreamContext, _ data: Data) -> Int {
        data.withUnsafeBytes { context.receiveData($0).grant }
    }

    /// Takes one message as a consumer would; returns the message and the grant it released.
    private func take(_ context: StreamContext) async throws -> (Data?, Int) {
        var grant = 0
        let message = try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Data?, any Error>) in
            grant = context.receive(waiter)
        }
        return (message, grant)
    }

    @Test("bytes unread when the trailers arrive are released when the stream closes", arguments: [0, 3, 10])
    func unreadAtTrailers(readBeforeTrailers: Int) async throws {
        let context = StreamContext(path: "/t.T/M", timeout: nil, maxMessageSize: 1 << 20, grantThreshold: 16 * 1024)
        var released = 0
        var received = 0
        _ = context.receiveHeaders(fields([(":status", "200"), ("content-type", "application/grpc")]), endStream: false)
        let message = MessageDeframer.frame(Data(repeating: 7, count: 10_000))
        for index in 0..<10 {
            received += message.count
            released += receiveData(context, message)
            if index < readBeforeTrailers {
                let (taken, grant) = try await take(context)
                #expect(taken?.count == 10_000)
                released += grant
            }
        }
        let result = context.receiveHeaders(fields([("grpc-status", "0")]), endStream: true)
        #expect(!result.reset)
        // nghttp2 closes the stream right after the END_STREAM header block.
        released += context.streamClosed(errorCode: 0, override: nil)
        // The consumer reads the rest afterwards; the deinit of a reader cancels the call.
        while true {
            let (taken, grant) = try await take(context)
            released += grant
            if taken == nil { break }
        }
        context.fail(GRPCStatus(code: .cancelled, message: "done"))
        #expect(released == received)
    }

    @Test("bytes unread when the call fails locally are released when the stream closes")
    func unreadAtLocalFailure() async throws {
        let context = StreamContext(path: "/t.T/M", timeout: nil, maxMessageSize: 1 << 20, grantThreshold: 1 << 20)
        _ = context.receiveHeaders(fields([(":status", "200"), ("content-type", "application/grpc")]), endStream: false)
        let message = MessageDeframer.frame(Data(repeating: 1, count: 50_000))
        var released = 0
        for _ in 0..<4 { released += receiveData(context, message) }
        // Cancelled (or past its deadline): the I/O thread then resets the stream.
        #expect(context.fail(GRPCStatus(code: .cancelled, message: "cancelled")))
        released += receiveData(context, message)  // DATA already in flight
        released += context.streamClosed(errorCode: 8, override: nil)
        #expect(released == 5 * message.count)
    }
}
