import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a ``GRPCServer``'s threads and tasks share: the handler, the settings, the TLS
/// context, the open connections and the count of running handlers (for shutdown).
final class ServerCore: Sendable {
    let handler: any GRPCServerHandler
    let configuration: GRPCServerConfiguration
    let tlsContext: TLSServerContext?
    let stats = ServerStats()

    private struct State {
        var connections: [Int: ServerConnection] = [:]
        var nextConnectionID = 0
        var runningHandlers = 0
        var shuttingDown = false
        var idleWaiters: [CheckedContinuation<Void, Never>] = []

        var isIdle: Bool { connections.isEmpty && runningHandlers == 0 }

        /// The waiters to resume if shutdown has begun and nothing runs any more.
        mutating func takeIdleWaiters() -> [CheckedContinuation<Void, Never>] {
            guard shuttingDown, isIdle else { return [] }
            defer { idleWaiters.removeAll() }
            return idleWaiters
        }
    }
    private let state = Locked(State())

    init(handler: any GRPCServerHandler, configuration: GRPCServerConfiguration, tlsContext: TLSServerContext?) {
        self.handler = handler
        self.configuration = configuration
        self.tlsContext = tlsContext
    }

    /// Serves a newly accepted socket on its own I/O thread (or closes it if the server is
    /// shutting down or out of descriptors).
    func accept(socketFD: Int32, peer: String) {
        guard let pipe = WakePipe.make() else {
            close(socketFD)
            return
        }
        let connection = state.withLock { state -> ServerConnection? in
            guard !state.shuttingDown else { return nil }
            state.nextConnectionID += 1
            let connection = ServerConnection(id: state.nextConnectionID, peer: peer, socketFD: socketFD, wakeFD: pipe.write)
            state.connections[connection.id] = connection
            return connection
        }
        guard let connection else {
            close(socketFD)
            close(pipe.read)
            close(pipe.write)
            return
        }
        let io = ServerConnectionIO(core: self, connection: connection, socketFD: socketFD, wakeReadFD: pipe.read, wakeWriteFD: pipe.write)
        let thread = Thread { io.run() }
        thread.name = "grpc-server \(peer)"
        thread.start()
    }

    /// A connection's I/O thread ended.
    func connectionEnded(_ connection: ServerConnection) {
        let waiters = state.withLock { state in
            state.connections.removeValue(forKey: connection.id)
            return state.takeIdleWaiters()
        }
        waiters.forEach { $0.resume() }
    }

    /// Runs the handler for a new call in its own task, and ends the call with its outcome.
    func runHandler(_ call: GRPCServerCall) {
        state.withLock { $0.runningHandlers += 1 }
        let handler = self.handler
        let task = Task {
            let status: GRPCStatus
            do {
                try await handler.handle(call)
                status = .ok
            } catch let thrown as GRPCStatus {
                status = thrown
            } catch is CancellationError {
                status = call.cancellationStatus ?? GRPCStatus(code: .cancelled, message: "the handler of \(call.path) was cancelled")
            } catch {
                status = GRPCStatus(code: .unknown, message: "\(error)")
            }
            call.finishHandler(status)
            self.handlerEnded()
        }
        call.context.attach(task)
    }

    private func handlerEnded() {
        let waiters = state.withLock { state in
            state.runningHandlers -= 1
            return state.takeIdleWaiters()
        }
        waiters.forEach { $0.resume() }
    }

    /// Refuses new connections, asks every connection to shut down, and waits until all
    /// connections are closed and all handlers have returned.
    func shutdown(listener: ServerListener) async {
        let connections = state.withLock { state in
            state.shuttingDown = true
            return Array(state.connections.values)
        }
        await listener.stop()
        for connection in connections { connection.requestShutdown() }
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state -> Bool in
                if state.isIdle { return true }
                state.idleWaiters.append(waiter)
                return false
            }
            if idle { waiter.resume() }
        }
    }

    /// Open connections and running handlers now (tests).
    var activity: (connections: Int, handlers: Int) {
        state.withLock { ($0.connections.count, $0.runningHandlers) }
    }
}
