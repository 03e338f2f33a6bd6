import DBAPI
import Foundation
import GRPCTransport

/// The backend sessions: one shared for statements outside transactions, one per open
/// Flight SQL transaction, and the savepoints of those transactions.
final class SessionRegistry: Sendable {
    let backend: any FlightSQLBackend
    let shared: any FlightSQLBackendSession
    private let transactions = Locked<[Data: OpenTransaction]>([:])

    /// An open transaction's session, how many running calls use it, and when the last
    /// use ended (or the transaction began): idle means unused since then.
    private struct OpenTransaction {
        let session: any FlightSQLBackendSession
        var lastUsed: ContinuousClock.Instant
        var uses = 0
    }
    private let savepoints = Locked<[Data: (transaction: Data, name: String)]>([:])

    init(backend: any FlightSQLBackend, shared: any FlightSQLBackendSession) {
        self.backend = backend
        self.shared = shared
    }

    /// Runs `body` with the session for `transactionID` (the shared one for nil or empty);
    /// NOT_FOUND for an unknown or ended transaction. While `body` runs the transaction is in
    /// use, never idle, however long it takes; its idle clock starts when its last use ends.
    func withSession<T>(
        for transactionID: Data?, _ body: (any FlightSQLBackendSession) async throws -> T
    ) async throws -> T {
        guard let transactionID, !transactionID.isEmpty else { return try await body(shared) }
        guard let session = transactions.withLock({ transactions -> (any FlightSQLBackendSession)? in
            transactions[transactionID]?.uses += 1
            return transactions[transactionID]?.session
        }) else {
            throw GRPCStatus(code: .notFound, message: "unknown or ended transaction (an idle transaction is rolled back after a while)")
        }
        defer {
            // A transaction ended meanwhile (EndTransaction) is gone: nothing to count.
            transactions.withLock { transactions in
                transactions[transactionID]?.uses -= 1
                transactions[transactionID]?.lastUsed = .now
            }
        }
        return try await body(session)
    }

    /// Opens a transaction and returns its id.
    func begin() async throws -> Data {
        let session = try await backend.openSession(transactional: true)
        let id = Data(UUID().uuidString.utf8)
        transactions.withLock { $0[id] = OpenTransaction(session: session, lastUsed: .now) }
        return id
    }

    /// Removes a transaction (the caller commits or rolls back and closes it).
    func end(_ transactionID: Data) throws -> any FlightSQLBackendSession {
        guard let open = transactions.withLock({ $0.removeValue(forKey: transactionID) }) else {
            throw GRPCStatus(code: .notFound, message: "unknown or ended transaction")
        }
        savepoints.withLock { $0 = $0.filter { $0.value.transaction != transactionID } }
        return open.session
    }

    /// Removes the transactions no call used for `idle`, returning their ids and sessions
    /// (the caller rolls them back): a client that vanished must not hold locks forever. A
    /// transaction a running call uses is not idle.
    func removeIdle(_ idle: Duration) -> [(Data, any FlightSQLBackendSession)] {
        let deadline = ContinuousClock.now - idle
        let expired = transactions.withLock { transactions in
            let old = transactions.filter { $0.value.uses == 0 && $0.value.lastUsed < deadline }
            for id in old.keys { transactions[id] = nil }
            return old.map { ($0.key, $0.value.session) }
        }
        let ids = Set(expired.map(\.0))
        if !ids.isEmpty { savepoints.withLock { $0 = $0.filter { !ids.contains($0.value.transaction) } } }
        return expired
    }

    /// Records a savepoint and returns its id.
    func addSavepoint(transaction: Data, name: String) -> Data {
        let id = Data(UUID().uuidString.utf8)
        savepoints.withLock { $0[id] = (transaction, name) }
        return id
    }

    /// Removes a savepoint, returning its transaction and name; NOT_FOUND if unknown.
    func removeSavepoint(_ id: Data) throws -> (transaction: Data, name: String) {
        guard let savepoint = savepoints.withLock({ $0.removeValue(forKey: id) }) else {
            throw GRPCStatus(code: .notFound, message: "unknown or ended savepoint")
        }
        return savepoint
    }

    /// Rolls back and closes every open transaction, then the shared session (shutdown).
    func closeAll() async {
        let open = transactions.withLock { transactions in
            defer { transactions = [:] }
            return transactions.values.map(\.session)
        }
        for session in open {
            try? await session.rollback()
            await session.close()
        }
        await shared.close()
    }
}
