import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What callers ask of a connection's I/O thread. Processed in order.
enum ConnectionCommand: Sendable {
    /// Open a stream with these request headers (pseudo-headers first).
    case start(StreamContext, [(name: String, value: [UInt8])])
    /// The stream's deferred data source has data (or END_STREAM) to send.
    case resumeData(StreamContext)
    /// Release bytes the consumer took to the server's flow-control windows.
    case consume(StreamContext, Int)
    /// Reset the stream with an HTTP/2 error code.
    case reset(StreamContext, UInt32)
    /// Close the connection: fail every call, send GOAWAY, stop.
    case shutdown
}

/// Settings of one HTTP/2 connection.
struct HTTP2ConnectionSettings: Sendable {
    var connectTimeout: Duration
    var initialStreamWindowSize: Int
    var connectionWindowSize: Int
    var maxFrameSize: Int
    var keepalive: HTTP2ClientTransport.Keepalive?
}

/// The part of a connection shared by callers and its I/O thread: the connection state,
/// the command queue and the wake-up pipe, under one lock.
///
/// The I/O thread (``ConnectionIO``) owns the socket, TLS and nghttp2 session; callers
/// only queue commands and wake it. Once the state is `closed` the pipe is gone and
/// `enqueue` refuses, so nothing is ever written to a closed (or reused) descriptor.
final class HTTP2Connection: Sendable {
    struct Shared {
        var state = ConnectionStateMachine()
        /// Commands for the I/O thread, and its wake-up pipe (closed when the thread ends).
        var queue = CommandQueue<ConnectionCommand>()
        var readyWaiter: CheckedContinuation<Void, any Error>?
        /// Whether ``close()`` ended it (such a connection is not replaced).
        var closedByCaller = false
        /// Whether the task waiting for the connection was cancelled.
        var connectCancelled = false
    }

    let shared = Locked(Shared())
    let target: GRPCTarget
    let tls: TLSConfiguration?
    let settings: HTTP2ConnectionSettings

    init(target: GRPCTarget, tls: TLSConfiguration?, settings: HTTP2ConnectionSettings) {
        self.target = target
        self.tls = tls
        self.settings = settings
    }

    /// Starts the I/O thread and waits until the connection is usable (the server's
    /// SETTINGS arrived) or failed.
    func start() async throws {
        let io = try ConnectionIO(connection: self)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
                shared.withLock { shared in
                    shared.queue = CommandQueue(wakeFD: io.wakeWriteFD)
                    shared.readyWaiter = waiter
                }
                let thread = Thread { io.run() }
                thread.name = "grpc-http2 \(target)"
                thread.start()
            }
        } onCancel: {
            // The I/O thread notices between connection steps and fails the waiter.
            shared.withLock { $0.connectCancelled = true }
            close()
        }
    }

    /// Queues a command and wakes the I/O thread; `false` if the connection is closed.
    @discardableResult
    func enqueue(_ command: ConnectionCommand) -> Bool {
        shared.withLock { shared in
            guard !shared.state.isClosed else { return false }
            return shared.queue.push(command)
        }
    }

    /// Queues the start of a call, or returns why calls cannot start now.
    func startCall(_ context: StreamContext, headers: [(name: String, value: [UInt8])]) -> GRPCStatus? {
        shared.withLock { shared in
            if let refusal = shared.state.checkCanStartCall() { return refusal }
            // Ready implies the I/O thread runs, so the queue is open.
            guard shared.queue.push(.start(context, headers)) else {
                return GRPCStatus(code: .unavailable, message: "the connection is closed")
            }
            return nil
        }
    }

    /// Whether a new connection may take this one's place: it failed or is draining after
    /// GOAWAY (not closed by the caller, not still connecting).
    var isReplaceable: Bool {
        shared.withLock { shared in
            switch shared.state.state {
            case .goingAway: return true
            case .closed: return !shared.closedByCaller
            case .connecting, .ready, .closing: return false
            }
        }
    }

    /// Asks the connection to close (idempotent).
    func close() {
        let starting = shared.withLock { shared in
            let starting = shared.state.close()
            if starting { shared.closedByCaller = true }
            return starting
        }
        if starting { enqueue(.shutdown) }
    }
}

/// Keeps a connection open while anyone can still use it: the transport and each of its
/// calls hold one owner, and when the last reference goes the connection is closed, so a
/// transport dropped without `close()` does not leave its I/O thread and socket behind.
final class ConnectionOwner: Sendable {
    let connection: HTTP2Connection

    init(_ connection: HTTP2Connection) {
        self.connection = connection
    }

    deinit {
        connection.close()
    }
}
