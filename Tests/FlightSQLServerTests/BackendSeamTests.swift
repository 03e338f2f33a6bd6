import Arrow
import DBAPI
import FlightSQL
import FlightSQLServer
import Foundation
import GRPCTransport
import Testing

/// The `FlightSQLBackend` seam: a backend written outside the module (here, a fixed table of
/// numbers) is served with everything the server does on its own (tickets, IPC, SqlInfo).
@Suite struct BackendSeamTests {
    /// Serves one table, `numbers(n int64)`, whatever the SQL; updates count their parameter sets.
    final class NumbersBackend: FlightSQLBackend {
        var info: FlightSQLBackendInfo {
            FlightSQLBackendInfo(
                databaseName: "Numbers", databaseVersion: "1", isReadOnly: false, supportsTransactions: false,
                supportsSavepoints: false, supportsIngest: false)
        }
        var typeInfo: [FlightSQLTypeInfo] { [FlightSQLTypeInfo(name: "BIGINT", dataType: XdbcDataType.bigint.rawValue)] }
        func openSession(transactional: Bool) async throws -> any FlightSQLBackendSession { Session() }
        func close() async {}
    }

    final class Stream: FlightSQLRecordBatchStream {
        let schema = Schema(fields: [Field(name: "n", type: .int64, isNullable: false)])
        let remaining = LockedCounter(3)
        func next() async throws -> RecordBatch? {
            guard remaining.take() else { return nil }
            return try RecordBatch(schema: schema, rows: (1...4).map { [.int(Int64($0))] })
        }
        func close() async {}
    }

    final class LockedCounter: @unchecked Sendable {
        private var value: Int
        private let lock = NSLock()
        init(_ value: Int) { self.value = value }
        func take() -> Bool {
            lock.lock()
            defer { lock.unlock() }
            guard value > 0 else { return false }
            value -= 1
            return true
        }
    }

    final class Session: FlightSQLBackendSession {
        func executeQuery(_ sql: String, parameters: [Value], batchSize: Int) async throws -> any FlightSQLRecordBatchStream { Stream() }
        func executeUpdate(_ sql: String, parameterSets: [[Value]]) async throws -> Int64 { Int64(max(parameterSets.count, 1)) }
        func prepare(_ sql: String) async throws -> FlightSQLPreparedDescription {
            let isQuery = sql.uppercased().hasPrefix("SELECT")
            return FlightSQLPreparedDescription(
                kind: isQuery ? .query : .update, datasetSchema: isQuery ? Stream().schema : nil,
                parameterSchema: Schema(fields: []), isReadOnly: isQuery)
        }
        func commit() async throws {}
        func rollback() async throws {}
        func beginSavepoint(_ name: String) async throws { throw DBAPIError(.notSupportedError, "no savepoints") }
        func releaseSavepoint(_ name: String) async throws {}
        func rollbackToSavepoint(_ name: String) async throws {}
        func catalogs() async throws -> [String] { ["numbers_db"] }
        func schemas(catalog: String?, pattern: String?) async throws -> [FlightSQLSchemaName] {
            [FlightSQLSchemaName(catalog: "numbers_db", schema: "public")]
        }
        func tables(_ filter: FlightSQLTableFilter, includeSchema: Bool) async throws -> [FlightSQLTableDescription] {
            [FlightSQLTableDescription(
                name: FlightSQLTableName(catalog: "numbers_db", schema: "public", table: "numbers"), type: "table",
                schema: includeSchema ? Stream().schema : nil)]
        }
        func tableTypes() async throws -> [String] { ["table"] }
        func primaryKey(_ table: FlightSQLTableName) async throws -> [FlightSQLKeyColumn] { [] }
        func importedKeys(_ table: FlightSQLTableName) async throws -> [FlightSQLForeignKeyColumn] { [] }
        func exportedKeys(_ table: FlightSQLTableName) async throws -> [FlightSQLForeignKeyColumn] { [] }
        func ingest(
            into table: FlightSQLTableName, schema: Schema, mode: FlightSQLIngestMode, temporary: Bool,
            batches: any FlightSQLRecordBatchSource
        ) async throws -> Int64 { throw DBAPIError(.notSupportedError, "no ingestion") }
        func interrupt() {}
        func close() async {}
    }

    @Test("another database behind the protocol is served: queries, updates, catalogs, SqlInfo")
    func seam() async throws {
        let server = try await FlightSQLServer.start(backend: NumbersBackend())
        let client = try await FlightSQLClient.connect(url: server.url)
        do {
            let table = try await client.fetchAll(try await client.execute("SELECT n FROM numbers"))
            #expect(table.rowCount == 12)
            #expect(table.batches.count == 3)
            #expect(try await client.executeUpdate("DELETE FROM numbers") == 1)
            let catalogs = try await client.fetchAll(try await client.getCatalogs()).rows
            #expect(catalogs == [[.string("numbers_db")]])
            let tables = try await client.fetchAll(try await client.getTables()).rows
            #expect(tables == [[.string("numbers_db"), .string("public"), .string("numbers"), .string("table")]])
            let info = try await client.fetchAll(try await client.getSqlInfo([.flightSqlServerVersion, .flightSqlServerTransaction])).rows
            #expect(info == [[.uint(1), .string("0.1.0 (Numbers 1)")], [.uint(8), .int(0)]])
            let ingest = try await #require(throws: GRPCStatus.self) {
                let raw = try await RawFlight.connect(server.url)
                defer { raw.close() }
                var command = CommandStatementIngest()
                command.table = "numbers"
                _ = try await raw.doPut(command, schema: Stream().schema, batches: [])
            }
            #expect(ingest.code == .unimplemented)
            #expect(ingest.message == "no ingestion")
        } catch {
            client.close()
            await server.shutdown()
            throw error
        }
        client.close()
        await server.shutdown()
    }
}
