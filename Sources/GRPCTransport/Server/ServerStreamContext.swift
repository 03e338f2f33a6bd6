import Foundation

/// The state one call shares between its handler task and the connection's I/O thread:
/// the ``ServerStreamStateMachine``, the continuations of the handler waiting on it, and
/// the handler's task (to cancel it), all under one lock.
///
/// Neither happens while the lock is held: continuations are recorded in
/// ``State/resumes`` and resumed after it is released (resuming takes the waiting task's
/// status lock, which a concurrent cancel holds while its handlers take this lock: see
/// ``DeferredResumes``), and the handler's task is cancelled only after it is released,
/// because cancelling runs its cancellation handlers synchronously, and they take this lock.
final class ServerStreamContext: Sendable {
    struct State {
        var machine: ServerStreamStateMachine
        var receiveWaiter: CheckedContinuation<Data?, any Error>?
        var sendWaiters: [Int: CheckedContinuation<Void, any Error>] = [:]
        var task: Task<Void, Never>?
        /// Trailers the handler set for a successful end.
        var trailers = GRPCMetadata()
        /// The pending-send bytes last reported to the server's stats.
        var reportedPendingBytes = 0
        /// Resumptions to run once the lock is released.
        var resumes = DeferredResumes()

        /// Resumes the waiters whose answer is now known and reports pending-byte changes.
        /// Flow-control grants are taken separately (``ServerStreamStateMachine/takeGrant(threshold:)``)
        /// by the operations that can release them, so that none is ever dropped.
        mutating func settle(stats: ServerStats) {
            if receiveWaiter != nil { machine.nextMessage().resume(&receiveWaiter, into: &resumes) }
            if !sendWaiters.isEmpty, let failure = machine.abortStatus ?? (machine.streamClosed ? GRPCStatus(code: .cancelled, message: "the stream is closed") : nil) {
                // The machine dropped their messages: they will never be sent.
                for waiter in sendWaiters.values { resumes.resume(waiter, throwing: failure) }
                sendWaiters.removeAll()
            }
            stats.adjustPendingSendBytes(by: machine.pendingSendBytes - reportedPendingBytes)
            reportedPendingBytes = machine.pendingSendBytes
        }
    }

    private let state: Locked<State>

    /// Runs `body` under the lock, then resumes the continuations it settled.
    private func withState<Result>(_ body: (inout State) -> Result) -> Result {
        state.withLockResumingAfter(\.resumes, body)
    }
    /// The HTTP/2 stream id.
    let streamID: Int32
    /// The connection the call runs on.
    let connection: ServerConnection
    /// When the call must be over, from `grpc-timeout`.
    let deadline: ContinuousClock.Instant?
    /// The timeout the deadline came from, for messages.
    let timeout: Duration?
    /// Grants smaller than this wait while messages are queued (batches WINDOW_UPDATEs).
    let grantThreshold: Int
    private let stats: ServerStats

    init(streamID: Int32, connection: ServerConnection, timeout: Duration?, maxMessageSize: Int, grantThreshold: Int, stats: ServerStats) {
        self.streamID = streamID
        self.connection = connection
        self.timeout = timeout
        deadline = timeout.map { ContinuousClock.now + $0 }
        self.grantThreshold = grantThreshold
        self.stats = stats
        state = Locked(State(machine: ServerStreamStateMachine(maxMessageSize: maxMessageSize)))
    }

    // MARK: I/O thread side

    /// A request DATA chunk arrived; returns the grant to release and whether the call
    /// was aborted by it (the I/O side then sends the status).
    func receiveData(_ chunk: UnsafeRawBufferPointer) -> (grant: Int, aborted: Bool) {
        let (grant, aborted, task) = withState { state in
            let aborted = state.machine.receiveData(chunk)
            state.settle(stats: stats)
            return (state.machine.takeGrant(threshold: grantThreshold), aborted, aborted ? state.task : nil)
        }
        task?.cancel()
        return (grant, aborted)
    }

    /// The client half-closed; returns the grant to release and whether this aborted the call.
    func receiveEndOfRequest() -> (grant: Int, aborted: Bool) {
        let (grant, aborted, task) = withState { state in
            let aborted = state.machine.receiveEndOfRequest()
            state.settle(stats: stats)
            return (state.machine.takeGrant(threshold: grantThreshold), aborted, aborted ? state.task : nil)
        }
        task?.cancel()
        return (grant, aborted)
    }

    /// The HTTP/2 stream closed; cancels the handler if it was still running. Returns the
    /// received bytes never released, which the connection window needs back.
    func streamClosed(errorCode: UInt32) -> Int {
        let (leftover, task) = withState { state in
            let wasAborted = state.machine.abortStatus != nil
            let leftover = state.machine.closeStream(errorCode: errorCode)
            state.settle(stats: stats)
            return (leftover, !wasAborted && state.machine.abortStatus != nil ? state.task : nil)
        }
        task?.cancel()
        return leftover
    }

    /// Aborts the call with `status` (deadline, shutdown, lost connection, a cancelled
    /// handler task) and cancels the handler. Returns whether this changed anything (if
    /// so, the I/O side should ``takeResponseAction()`` to send the status) and the
    /// received bytes to release, since nobody will read them now.
    func abort(_ status: GRPCStatus, cancelTask: Bool = true) -> (changed: Bool, grant: Int) {
        let (changed, grant, task) = withState { state in
            let changed = state.machine.abort(status)
            state.settle(stats: stats)
            return (changed, state.machine.takeGrant(threshold: grantThreshold), changed && cancelTask ? state.task : nil)
        }
        task?.cancel()
        return (changed, grant)
    }

    /// What to submit for the response now.
    func takeResponseAction() -> ServerStreamStateMachine.ResponseAction {
        withState { $0.machine.takeResponseAction() }
    }

    /// Fills the next DATA frame; resumes the senders whose messages were handed over.
    func readOutbound(into buffer: UnsafeMutableRawBufferPointer) -> ServerStreamStateMachine.OutboundChunk {
        let chunk = withState { state in
            let chunk = state.machine.readOutbound(into: buffer)
            for id in chunk.completedSends {
                if let waiter = state.sendWaiters.removeValue(forKey: id) { state.resumes.resume(waiter) }
            }
            stats.adjustPendingSendBytes(by: state.machine.pendingSendBytes - state.reportedPendingBytes)
            state.reportedPendingBytes = state.machine.pendingSendBytes
            return chunk
        }
        stats.sentMessageBytes.add(chunk.count, ordering: .relaxed)
        return chunk
    }

    // MARK: Handler side

    /// Records the handler's task, cancelling it at once if the call was already aborted.
    func attach(_ task: Task<Void, Never>) {
        let aborted = withState { state in
            state.task = task
            return state.machine.abortStatus != nil
        }
        if aborted { task.cancel() }
    }

    /// Registers the handler's receive (or answers it at once); returns the grant.
    func receive(_ waiter: CheckedContinuation<Data?, any Error>) -> Int {
        withState { state in
            guard NextMessage.register(waiter, in: &state.receiveWaiter, resumes: &state.resumes) else { return 0 }
            state.settle(stats: stats)
            return state.machine.takeGrant(threshold: grantThreshold)
        }
    }

    /// Queues a framed message; `waiter` resumes once all of it is handed to HTTP/2 (or
    /// fails). Returns whether the I/O side must be told.
    func enqueueSend(_ framed: Data, waiter: CheckedContinuation<Void, any Error>) -> Bool {
        withState { state in
            switch state.machine.enqueueSend(framed) {
            case .failure(let status):
                state.resumes.resume(waiter, throwing: status)
                return false
            case .success(let (id, update)):
                state.sendWaiters[id] = waiter
                state.settle(stats: stats)
                return update
            }
        }
    }

    /// Queues the response headers; returns whether the I/O side must be told.
    func queueHeaders(_ metadata: GRPCMetadata) throws(GRPCStatus) -> Bool {
        try state.withLock { state throws(GRPCStatus) in
            try state.machine.queueHeaders(metadata).get()
        }
    }

    /// Sets the trailers of a successful end.
    func setTrailers(_ metadata: GRPCMetadata) {
        withState { $0.trailers = metadata }
    }

    /// The handler ended with `status`; returns whether the I/O side must be told and the
    /// received bytes to release (unread requests are dropped). The trailers set with
    /// ``setTrailers(_:)`` come first, then the status's own metadata.
    func finish(_ status: GRPCStatus) -> (update: Bool, grant: Int) {
        withState { state in
            var status = status
            var trailers = state.trailers
            trailers.add(contentsOf: status.metadata)
            status.metadata = trailers
            let update = state.machine.finish(status)
            state.settle(stats: stats)
            return (update, state.machine.takeGrant(threshold: grantThreshold))
        }
    }

    /// Why the call was aborted, if it was.
    var abortStatus: GRPCStatus? { withState { $0.machine.abortStatus } }

    /// Request bytes held for the handler now and at most so far (flow-control tests).
    var bufferedBytes: (current: Int, max: Int) {
        withState { ($0.machine.bufferedBytes, $0.machine.maxBufferedBytes) }
    }
}
