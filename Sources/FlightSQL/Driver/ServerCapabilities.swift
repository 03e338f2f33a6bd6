import Arrow
import DBAPI
import Foundation

/// What a Flight SQL server says it supports, read from `GetSqlInfo`.
public struct FlightSQLServerCapabilities: Sendable, Hashable {
    /// The server's name (`FLIGHT_SQL_SERVER_NAME`), when it reports one.
    public var serverName: String?
    /// Whether the server runs SQL (`FLIGHT_SQL_SERVER_SQL`); nil when not reported.
    public var supportsSQL: Bool?
    /// Transaction support (`FLIGHT_SQL_SERVER_TRANSACTION`); `.none` when not reported.
    public var transactions: SqlSupportedTransaction

    /// Creates capabilities.
    public init(serverName: String? = nil, supportsSQL: Bool? = nil, transactions: SqlSupportedTransaction = .none) {
        self.serverName = serverName
        self.supportsSQL = supportsSQL
        self.transactions = transactions
    }

    /// Whether `BeginTransaction`/`EndTransaction` may be used.
    public var supportsTransactions: Bool { transactions == .transaction || transactions == .savepoint }

    /// The ids the driver asks for.
    static let requestedInfo: [SqlInfo] = [.flightSqlServerName, .flightSqlServerSql, .flightSqlServerTransaction]

    /// Reads the capabilities from the batches of a `GetSqlInfo` result: column 0 is the
    /// `uint32` info id, column 1 the dense union holding its value. Ids and value types
    /// this driver does not expect are ignored.
    init(sqlInfoBatches batches: [RecordBatch]) {
        self.init()
        for batch in batches where batch.columns.count >= 2 {
            let ids = batch.columns[0]
            let values = batch.columns[1]
            for row in 0..<batch.rowCount {
                guard let id = ids.uint64(at: row) else { continue }
                let value = values.value(at: row)
                switch (id, value) {
                case (UInt64(SqlInfo.flightSqlServerName.rawValue), .string(let name)): serverName = name
                case (UInt64(SqlInfo.flightSqlServerSql.rawValue), .bool(let flag)): supportsSQL = flag
                case (UInt64(SqlInfo.flightSqlServerTransaction.rawValue), .int(let level)):
                    transactions = Int32(exactly: level).map(SqlSupportedTransaction.init(rawValue:)) ?? .none
                case (UInt64(SqlInfo.flightSqlServerTransaction.rawValue), .bool(let flag)):
                    // Some servers answer with a bool: true means plain transactions.
                    transactions = flag ? .transaction : .none
                default: continue
                }
            }
        }
    }
}
