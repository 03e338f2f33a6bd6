import DBAPI
import Foundation

/// The state a connection shares with its cursors: the client, the open transaction and
/// the server's capabilities (read once, on first need).
final class FlightSQLSession: Sendable {
    let client: FlightSQLClient
    private let state = Locked(State())

    private struct State {
        var transactionID: Data?
        /// Autocommit is off: statements must run in a transaction.
        var manualCommit = false
        var capabilities: FlightSQLServerCapabilities?
        /// The open transaction's savepoints, outermost first (name and server id).
        var savepoints: [(name: String, id: Data)] = []
    }

    init(client: FlightSQLClient) { self.client = client }

    /// The transaction statements run in, or nil in autocommit mode.
    var transactionID: Data? { state.withLock { $0.transactionID } }

    /// Whether autocommit is off (statements need a transaction).
    var manualCommit: Bool {
        get { state.withLock { $0.manualCommit } }
        set { state.withLock { $0.manualCommit = newValue } }
    }

    /// The transaction a statement runs in: nil in autocommit mode; with autocommit off, the
    /// open transaction, begun now if beginning it after the last commit or rollback failed.
    func statementTransactionID() async throws(DBAPIError) -> Data? {
        let (id, manual) = state.withLock { ($0.transactionID, $0.manualCommit) }
        if let id { return id }
        guard manual else { return nil }
        try await beginTransaction()
        return transactionID
    }

    /// Takes the open transaction's id away (to end it); nil when none is open.
    func takeTransaction() -> Data? {
        state.withLock { state in
            defer {
                state.transactionID = nil
                state.savepoints = []
            }
            return state.transactionID
        }
    }

    /// Forgets transaction `id` (and its savepoints) once it has ended, unless another
    /// transaction has become current meanwhile.
    private func forgetTransaction(_ id: Data) {
        state.withLock { state in
            guard state.transactionID == id else { return }
            state.transactionID = nil
            state.savepoints = []
        }
    }

    /// Commits or rolls back the open transaction, if there is one, and forgets it only once
    /// the server has ended it: a failed commit (the network dropped, the server was busy)
    /// leaves the transaction open on the server, still holding its locks, and the caller
    /// must still be able to commit or roll it back. Only when the server no longer knows the
    /// transaction (NOT_FOUND: it was already ended or rolled back as idle) is it forgotten
    /// anyway, since nothing could ever end it. Returns whether a transaction was ended.
    func endOpenTransaction(commit: Bool) async throws(DBAPIError) -> Bool {
        guard let id = transactionID else { return false }
        do {
            try await endTransaction(id, commit: commit)
        } catch {
            if error.driverCode == .grpc(5) { forgetTransaction(id) }
            throw error
        }
        forgetTransaction(id)
        return true
    }

    /// Begins a transaction and makes it current.
    func beginTransaction() async throws(DBAPIError) {
        let id = try await mappingFlightErrors { try await client.beginTransaction() }
        state.withLock { $0.transactionID = id }
    }

    /// Commits or rolls back `id`.
    func endTransaction(_ id: Data, commit: Bool) async throws(DBAPIError) {
        try await mappingFlightErrors { try await client.endTransaction(id, action: commit ? .commit : .rollback) }
    }

    /// Begins a savepoint named `name` in the open transaction.
    func beginSavepoint(_ name: String, transactionID: Data) async throws(DBAPIError) {
        let id = try await mappingFlightErrors { try await client.beginSavepoint(name, transactionID: transactionID) }
        state.withLock { state in
            if state.transactionID == transactionID { state.savepoints.append((name, id)) }
        }
    }

    /// Releases or rolls back to the innermost savepoint named `name`; it and the savepoints
    /// begun after it end (Flight SQL's meaning for both).
    func endSavepoint(_ name: String, rollback: Bool) async throws(DBAPIError) {
        let found: Data? = state.withLock { state in
            guard let index = state.savepoints.lastIndex(where: { $0.name == name }) else { return nil }
            defer { state.savepoints.removeSubrange(index...) }
            return state.savepoints[index].id
        }
        guard let id = found else {
            throw DBAPIError(.programmingError, "no open savepoint has that name")
        }
        try await mappingFlightErrors { try await client.endSavepoint(id, action: rollback ? .rollback : .release) }
    }

    /// The server's capabilities, asked for once. A server that does not implement
    /// `GetSqlInfo` is taken to support nothing optional.
    func capabilities() async throws(DBAPIError) -> FlightSQLServerCapabilities {
        if let known = state.withLock({ $0.capabilities }) { return known }
        let capabilities: FlightSQLServerCapabilities
        do {
            let info = try await client.getSqlInfo(FlightSQLServerCapabilities.requestedInfo)
            capabilities = FlightSQLServerCapabilities(sqlInfoBatches: try await client.fetchAll(info).batches)
        } catch let error as FlightError where error.code == .unimplemented {
            capabilities = FlightSQLServerCapabilities()
        } catch {
            throw DBAPIError.flight(error)
        }
        state.withLock { $0.capabilities = capabilities }
        return capabilities
    }
}
