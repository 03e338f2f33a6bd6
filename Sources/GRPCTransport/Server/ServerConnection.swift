import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What handler tasks ask of a connection's I/O thread. Processed in order.
enum ServerCommand: Sendable {
    /// Look at the call's response state and submit what it needs (headers, a
    /// Trailers-Only response, or resuming its deferred data source).
    case update(ServerStreamContext)
    /// Release bytes the handler took to the client's flow-control windows.
    case consume(ServerStreamContext, Int)
    /// Shut the connection down: end the calls, send GOAWAY, close.
    case shutdown
}

/// The part of one accepted connection shared by handler tasks, the server and the
/// connection's I/O thread: the command queue and the wake-up pipe, under one lock.
///
/// Once `closed`, the pipe is gone and ``enqueue(_:)`` refuses, so nothing is ever written
/// to a closed (or reused) descriptor; likewise the socket is shut down by
/// ``requestShutdown()`` only while the I/O thread has not closed it.
final class ServerConnection: Sendable {
    struct Shared {
        /// Commands for the I/O thread, and its wake-up pipe (closed when the thread ends).
        var queue = CommandQueue<ServerCommand>()
        /// The accepted socket, until the I/O thread closes it.
        var socketFD: Int32 = -1
        /// Whether the HTTP/2 session runs (the TLS handshake is over).
        var established = false
        var closed = false
        var shutdownRequested = false
    }

    let shared = Locked(Shared())
    /// The client's address, for messages and ``GRPCServerCall/peer``.
    let peer: String
    /// The server-unique number of this connection.
    let id: Int

    init(id: Int, peer: String, socketFD: Int32, wakeFD: Int32) {
        self.id = id
        self.peer = peer
        shared.withLock {
            $0.socketFD = socketFD
            $0.queue = CommandQueue(wakeFD: wakeFD)
        }
    }

    /// Queues a command and wakes the I/O thread; `false` once the connection is closed.
    @discardableResult
    func enqueue(_ command: ServerCommand) -> Bool {
        shared.withLock { shared in
            guard !shared.closed else { return false }
            return shared.queue.push(command)
        }
    }

    /// Asks the connection to shut down. During the TLS handshake (a blocking loop that
    /// reads no commands) the socket itself is shut down, which ends the handshake at once.
    func requestShutdown() {
        let established = shared.withLock { shared -> Bool in
            shared.shutdownRequested = true
            if !shared.established, !shared.closed, shared.socketFD >= 0 {
                _ = Glibc.shutdown(shared.socketFD, Int32(SHUT_RDWR))
            }
            return shared.established
        }
        if established { enqueue(.shutdown) }
    }

    /// The handshake is over; returns `false` if a shutdown was requested meanwhile.
    func markEstablished() -> Bool {
        shared.withLock { shared in
            shared.established = true
            return !shared.shutdownRequested
        }
    }

    /// Takes the queued commands (the I/O thread's turn).
    func takeCommands() -> [ServerCommand] {
        shared.withLock { $0.queue.take() }
    }

    /// The I/O thread is ending: refuse further commands. The caller closes the descriptors
    /// after this returns, so ``requestShutdown()`` can no longer touch them.
    func markClosed() {
        shared.withLock { shared in
            shared.closed = true
            shared.socketFD = -1
            _ = shared.queue.close()
        }
    }
}
