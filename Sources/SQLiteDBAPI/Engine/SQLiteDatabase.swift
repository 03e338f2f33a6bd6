import CSQLite
import DBAPI
import Dispatch
import Foundation

/// The owner of one `sqlite3*` handle and the serial queue every use of it runs on.
///
/// **Why `@unchecked Sendable` is safe.** The handle is opened with `SQLITE_OPEN_NOMUTEX`,
/// so SQLite does no locking of its own; this class provides the serialization instead. The
/// handle, and every statement prepared on it, is touched only inside jobs on `queue`, a
/// serial `DispatchQueue`, so no two threads ever use them at once. The exceptions are
/// `init`, which runs before the object is shared, and ``interrupt()``, which SQLite allows
/// from any thread and which a lock keeps from racing with `close`.
///
/// **Why a queue rather than a lock.** SQLite calls block (a busy timeout sleeps for up to
/// seconds); running them on a dedicated queue keeps them off Swift's cooperative thread pool,
/// whose few threads must not be parked waiting for a file lock.
final class SQLiteDatabase: @unchecked Sendable {
    /// The serial queue that confines the handle.
    private let queue: DispatchQueue
    /// The open handle; nil once closed. Read and written only on `queue` (and in `init`).
    private var handle: OpaquePointer?
    /// The same handle for ``interrupt()``, the one call SQLite allows from any thread; the
    /// lock keeps it from racing with closing. Nil once closed.
    private var interruptTarget: OpaquePointer?
    private let interruptLock = NSLock()
    /// The stop flag of the job running on the queue, if it can be stopped; read by the
    /// progress handler, which SQLite calls on the queue while that job steps. Queue-confined.
    private var runningJobStop: StopFlag?

    /// How long a statement waits for another connection's lock, in milliseconds (0: fail at once).
    let busyTimeoutMilliseconds: Int32

    /// Wraps a handle that was just opened; `busyTimeoutMilliseconds` replaces any busy
    /// timeout set on it with a wait that a stop ends too (see `sqliteBusyWait`).
    init(handle: OpaquePointer, label: String, busyTimeoutMilliseconds: Int32) {
        self.handle = handle
        interruptTarget = handle
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        queue = DispatchQueue(label: "SQLiteDBAPI.\(label)")
        // A progress handler rather than `sqlite3_interrupt`: the latter stops whatever runs
        // on the handle, and its flag outlives the call while any statement is active, so on
        // a connection shared by several cursors it could stop a statement other than the
        // one meant. The handler stops only the job whose own flag is raised. Unretained:
        // SQLite calls it only inside jobs on the queue, which hold `self`, and it is
        // removed before the handle closes.
        sqlite3_progress_handler(handle, Self.progressInterval, sqliteStopCheck, Unmanaged.passUnretained(self).toOpaque())
        // SQLite's own busy timeout sleeps without calling the progress handler, so a
        // statement waiting for a lock could not be stopped; this one checks between naps.
        sqlite3_busy_handler(handle, sqliteBusyWait, Unmanaged.passUnretained(self).toOpaque())
    }

    /// How many virtual machine instructions SQLite runs between checks of the stop flag:
    /// a few microseconds of work, so a stop takes effect at once and checks cost nothing.
    static let progressInterval: Int32 = 1000

    /// Whether the running job was asked to stop; called by the progress and busy handlers
    /// on the queue.
    var runningJobShouldStop: Bool { runningJobStop?.isRaised ?? false }

    deinit {
        // Close on the queue, after any finalize jobs that statements' deinits enqueued
        // (the serial queue keeps the order); `close_v2` also copes with statements that
        // are finalized later still.
        if let handle {
            let pointer = UncheckedPointer(raw: handle)
            queue.async {
                // The handlers' context is this object, which is going away.
                sqlite3_progress_handler(pointer.raw, 0, nil, nil)
                sqlite3_busy_handler(pointer.raw, nil, nil)
                sqlite3_close_v2(pointer.raw)
            }
        }
    }

    /// Runs `body` on the queue with the open handle and returns its result;
    /// `interfaceError` if the database was closed.
    ///
    /// With `stoppingOnCancel`, cancelling the calling task stops the statements `body`
    /// steps: they fail with `SQLITE_INTERRUPT` within a few thousand instructions, also when
    /// the task was cancelled before the job started; a statement waiting for another
    /// connection's lock gives up within a nap (`SQLITE_BUSY`). Only this job is stopped —
    /// the flag is its own, so neither other cursors' jobs on the same handle nor later jobs
    /// notice. Statement work (execute, fetch, describe) and catalog queries opt in;
    /// transaction control does not, so cleanup in a cancelled task (a rollback, a commit)
    /// still runs.
    func perform<T: Sendable>(
        stoppingOnCancel: Bool = false,
        _ body: @escaping @Sendable (OpaquePointer) throws(DBAPIError) -> T
    ) async throws(DBAPIError) -> T {
        guard stoppingOnCancel else { return try await run(stop: nil, body).get() }
        let stop = StopFlag()
        let result = await withTaskCancellationHandler {
            await run(stop: stop, body)
        } onCancel: {
            stop.raise()
        }
        return try result.get()
    }

    /// Runs `body` as one job on the queue, with `stop` as the job's stop flag.
    private func run<T: Sendable>(
        stop: StopFlag?, _ body: @escaping @Sendable (OpaquePointer) throws(DBAPIError) -> T
    ) async -> Result<T, DBAPIError> {
        await withCheckedContinuation { continuation in
            queue.async {
                guard let handle = self.handle else {
                    continuation.resume(returning: .failure(SQLiteDatabase.closedError))
                    return
                }
                self.runningJobStop = stop
                defer { self.runningJobStop = nil }
                do throws(DBAPIError) {
                    continuation.resume(returning: .success(try body(handle)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
    }

    /// Runs `body` on the queue whether or not the database is open (finalizing statements
    /// needs no open handle) and waits for it.
    func performAlways(_ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                body()
                continuation.resume()
            }
        }
    }

    /// Runs `body` on the queue later, without waiting: for `deinit`s, which cannot await.
    func enqueue(_ body: @escaping @Sendable () -> Void) {
        queue.async(execute: body)
    }

    /// Rolls back an open transaction (as PEP 249 requires of `close`) and closes the handle.
    /// Statements not yet finalized keep the connection alive as a "zombie" until they are,
    /// which `sqlite3_close_v2` allows. Closing twice is harmless.
    func close() async {
        await performAlways {
            guard let handle = self.handle else { return }
            if sqlite3_get_autocommit(handle) == 0 {
                sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
            }
            self.interruptLock.withLock { self.interruptTarget = nil }
            sqlite3_progress_handler(handle, 0, nil, nil)
            sqlite3_busy_handler(handle, nil, nil)
            sqlite3_close_v2(handle)
            self.handle = nil
        }
    }

    /// Makes the statements running on the handle stop with `SQLITE_INTERRUPT`
    /// (`sqlite3_interrupt`, safe from any thread). Called off the queue, on purpose: the
    /// queue is busy with the statement to stop.
    func interrupt() {
        interruptLock.withLock {
            if let interruptTarget { sqlite3_interrupt(interruptTarget) }
        }
    }

    /// Runs SQL without parameters or results (`BEGIN`, `COMMIT`, …) on `handle`.
    /// Must be called on the queue.
    static func exec(_ handle: OpaquePointer, _ sql: String) throws(DBAPIError) {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw SQLiteErrors.error(code: code, handle: handle) }
    }

    static let closedError = DBAPIError(.interfaceError, "connection is closed")
}

/// SQLite's progress handler: a non-zero answer makes the running statement fail with
/// `SQLITE_INTERRUPT`. `context` is the unretained ``SQLiteDatabase`` (see its `init`).
private func sqliteStopCheck(_ context: UnsafeMutableRawPointer?) -> Int32 {
    guard let context else { return 0 }
    return Unmanaged<SQLiteDatabase>.fromOpaque(context).takeUnretainedValue().runningJobShouldStop ? 1 : 0
}

/// A one-way flag asking one job on the database queue to stop: raised from any thread (a
/// task's cancellation handler), read by the progress handler on the queue.
final class StopFlag: @unchecked Sendable {
    // @unchecked: `raised` is only touched under `lock`.
    private let lock = NSLock()
    private var raised = false

    /// Asks the job to stop; it cannot be lowered again (a fresh job gets a fresh flag).
    func raise() { lock.withLock { raised = true } }

    /// Whether ``raise()`` was called.
    var isRaised: Bool { lock.withLock { raised } }
}

/// An `OpaquePointer` that may cross into a job on the database queue (for finalizing a
/// statement from a `deinit`). Safe because the job is the pointer's only user from then on.
struct UncheckedPointer: @unchecked Sendable {
    let raw: OpaquePointer
}
