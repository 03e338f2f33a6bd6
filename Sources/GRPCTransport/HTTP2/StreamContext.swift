import Foundation

/// The state one call shares between the tasks using it and the connection's I/O thread:
/// the ``StreamStateMachine`` plus the continuations of tasks waiting on it, all under one
/// lock. The I/O thread reports HTTP/2 events here; callers take messages and queue sends.
///
/// Continuations are never resumed while the lock is held: they are recorded in
/// ``State/resumes`` and resumed once it is released (see ``DeferredResumes`` for the
/// deadlock that avoids).
final class StreamContext: Sendable {
    struct State {
        var machine: StreamStateMachine
        var receiveWaiter: CheckedContinuation<Data?, any Error>?
        var headerWaiters: [CheckedContinuation<GRPCMetadata, any Error>] = []
        var trailerWaiters: [CheckedContinuation<GRPCMetadata, any Error>] = []
        var sendWaiters: [Int: CheckedContinuation<Void, any Error>] = [:]
        /// Resumptions to run once the lock is released.
        var resumes = DeferredResumes()

        /// Resumes every waiter whose answer is now known. Returns the flow-control grant
        /// that taking a message for a waiting receiver made possible.
        ///
        /// A grant counts the bytes as released, so the caller must hand it to nghttp2.
        /// Paths that do not release bytes (header blocks, local failures, registering
        /// header or trailer waiters) call ``settleWaiters()`` instead and leave the bytes
        /// to the next grant, at the latest the one ``streamClosed(errorCode:override:)``
        /// returns. Taking a grant there and dropping it lost those bytes from the
        /// connection window for good (a stream's own window dies with it, the connection's
        /// does not): the bytes still unread when the trailers arrived, every call. After
        /// enough large calls on one connection the window was gone and the server stalled.
        mutating func settle(grantThreshold: Int) -> Int {
            settleWaiters()
            return machine.takeGrant(threshold: grantThreshold)
        }

        /// Resumes every waiter whose answer is now known, without taking a grant.
        mutating func settleWaiters() {
            if !headerWaiters.isEmpty {
                if let headers = machine.headers {
                    for waiter in headerWaiters { resumes.resume(waiter, returning: headers) }
                    headerWaiters.removeAll()
                } else if let status = machine.status {
                    for waiter in headerWaiters { resumes.resume(waiter, throwing: status) }
                    headerWaiters.removeAll()
                }
            }
            if receiveWaiter != nil { machine.nextMessage().resume(&receiveWaiter, into: &resumes) }
            if let status = machine.status {
                if !trailerWaiters.isEmpty {
                    if let trailers = machine.trailers, status.metadata == trailers {
                        for waiter in trailerWaiters { resumes.resume(waiter, returning: trailers) }
                    } else {
                        for waiter in trailerWaiters { resumes.resume(waiter, throwing: status) }
                    }
                    trailerWaiters.removeAll()
                }
                // Unsent messages are dropped once the call is over: fine if the server
                // finished OK (it no longer wanted them), an error otherwise.
                for waiter in sendWaiters.values {
                    if status.isOK { resumes.resume(waiter) } else { resumes.resume(waiter, throwing: status) }
                }
                sendWaiters.removeAll()
            }
        }
    }

    private let state: Locked<State>

    /// Runs `body` under the lock, then resumes the continuations it settled.
    private func withState<Result>(_ body: (inout State) -> Result) -> Result {
        state.withLockResumingAfter(\.resumes, body)
    }
    /// The method path, for messages.
    let path: String
    /// When the call must be over, if it has a timeout.
    let deadline: ContinuousClock.Instant?
    /// The timeout the deadline came from, for messages.
    let timeout: Duration?
    /// Grants smaller than this wait while messages are queued (batches WINDOW_UPDATEs).
    let grantThreshold: Int

    init(path: String, timeout: Duration?, maxMessageSize: Int, grantThreshold: Int) {
        self.path = path
        self.timeout = timeout
        // Clamped (to ~30 years) so that an absurd timeout cannot overflow the clock.
        deadline = timeout.map { ContinuousClock.now + min($0, .seconds(1_000_000_000)) }
        self.grantThreshold = grantThreshold
        state = Locked(State(machine: StreamStateMachine(maxMessageSize: maxMessageSize)))
    }

    // MARK: I/O thread side

    /// A header block arrived; returns whether to reset the stream and whether to resume
    /// its deferred data source (to send END_STREAM after the server finished).
    func receiveHeaders(_ fields: [(name: String, value: [UInt8])], endStream: Bool) -> (reset: Bool, resume: Bool) {
        withState { state in
            let action = state.machine.receiveHeaders(fields, endStream: endStream)
            state.settleWaiters()
            return (action == .reset, state.machine.takeResumeNeeded())
        }
    }

    /// A DATA chunk arrived; returns whether to reset the stream and how many bytes to
    /// release to the server's window now.
    func receiveData(_ chunk: UnsafeRawBufferPointer) -> (reset: Bool, grant: Int) {
        withState { state in
            let action = state.machine.receiveData(chunk)
            let grant = state.settle(grantThreshold: grantThreshold)
            return (action == .reset, grant)
        }
    }

    /// The stream closed in HTTP/2. `override` replaces the reset-derived status (GOAWAY).
    /// Returns the received bytes never released, which the connection window needs back.
    func streamClosed(errorCode: UInt32, override: GRPCStatus?) -> Int {
        withState { state in
            if let override { state.machine.finish(override) } else { state.machine.streamClosed(errorCode: errorCode) }
            return state.settle(grantThreshold: grantThreshold)
        }
    }

    /// Ends the call with a local status; `false` if it had already ended.
    @discardableResult
    func fail(_ status: GRPCStatus) -> Bool {
        withState { state in
            let changed = state.machine.finish(status)
            state.settleWaiters()
            return changed
        }
    }

    /// Fills the next DATA frame; completed sends are resumed.
    func readOutbound(into buffer: UnsafeMutableRawBufferPointer) -> StreamStateMachine.OutboundChunk {
        withState { state in
            let chunk = state.machine.readOutbound(into: buffer)
            for id in chunk.completedSends {
                if let waiter = state.sendWaiters.removeValue(forKey: id) { state.resumes.resume(waiter) }
            }
            return chunk
        }
    }

    /// Whether the call has ended.
    var isFinished: Bool { withState { $0.machine.isFinished } }

    // MARK: Caller side

    /// Queues a framed message; `waiter` resumes once it is handed to HTTP/2 (or fails).
    /// Returns whether the I/O thread must resume the stream's data source.
    func enqueueSend(_ framed: Data, waiter: CheckedContinuation<Void, any Error>) -> Bool {
        withState { state in
            switch state.machine.enqueueSend(framed) {
            case .failure(let status):
                if status.isOK { state.resumes.resume(waiter) } else { state.resumes.resume(waiter, throwing: status) }
                return false
            case .success(let id):
                state.sendWaiters[id] = waiter
                return state.machine.takeResumeNeeded()
            }
        }
    }

    /// Half-closes; returns whether the I/O thread must resume the data source.
    func finishSending() -> Bool {
        withState { state in
            state.machine.finishSending()
            return state.machine.takeResumeNeeded()
        }
    }

    /// Registers a receiver (or answers it at once); returns the grant to release.
    func receive(_ waiter: CheckedContinuation<Data?, any Error>) -> Int {
        withState { state in
            guard NextMessage.register(waiter, in: &state.receiveWaiter, resumes: &state.resumes) else { return 0 }
            return state.settle(grantThreshold: grantThreshold)
        }
    }

    /// Registers a waiter for the response headers (or answers it at once).
    func responseHeaders(_ waiter: CheckedContinuation<GRPCMetadata, any Error>) {
        withState { state in
            state.headerWaiters.append(waiter)
            state.settleWaiters()
        }
    }

    /// Registers a waiter for the trailers (or answers it at once).
    func trailers(_ waiter: CheckedContinuation<GRPCMetadata, any Error>) {
        withState { state in
            state.trailerWaiters.append(waiter)
            state.settleWaiters()
        }
    }

    /// Bytes held for the consumer now, and the most ever held (flow-control tests).
    var bufferedBytes: (current: Int, max: Int) {
        withState { ($0.machine.bufferedBytes, $0.machine.maxBufferedBytes) }
    }
}
