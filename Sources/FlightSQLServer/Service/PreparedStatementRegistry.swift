import Arrow
import DBAPI
import Foundation
import GRPCTransport

/// A prepared statement: its SQL, what the backend said about it, and the parameters bound
/// by the last `DoPut`.
struct PreparedStatement: Sendable {
    let sql: String
    let transactionID: Data?
    let description: FlightSQLPreparedDescription
    var parameterSets: [[Value]] = []
}

/// The open prepared statements by handle.
final class PreparedStatementRegistry: Sendable {
    private let statements = Locked<[Data: PreparedStatement]>([:])

    func add(_ statement: PreparedStatement) -> Data {
        let handle = Data(UUID().uuidString.utf8)
        statements.withLock { $0[handle] = statement }
        return handle
    }

    func statement(_ handle: Data) throws -> PreparedStatement {
        guard let statement = statements.withLock({ $0[handle] }) else {
            throw GRPCStatus(code: .notFound, message: "unknown or closed prepared statement")
        }
        return statement
    }

    func bind(_ handle: Data, parameterSets: [[Value]]) throws {
        try statements.withLock { statements throws(GRPCStatus) in
            guard statements[handle] != nil else {
                throw GRPCStatus(code: .notFound, message: "unknown or closed prepared statement")
            }
            statements[handle]?.parameterSets = parameterSets
        }
    }

    /// Forgets the statement; whether it was open.
    @discardableResult
    func remove(_ handle: Data) -> Bool {
        statements.withLock { $0.removeValue(forKey: handle) != nil }
    }
}
