import Arrow
import FlightSQL
import Foundation
import GRPCTransport
import Testing

@testable import FlightSQLServer

/// A bulk ingestion is all or nothing: a batch that fails halfway leaves the table as it was
/// (a regression: replace dropped the old table first and every batch committed on its own),
/// and inside a client's transaction it leaves that transaction as it was, still usable.
@Suite struct IngestAtomicityTests {
    static let schema = Schema(fields: [Field(name: "id", type: .int64, isNullable: false), Field(name: "word", type: .utf8)])
    static let good = try! RecordBatch(schema: schema, rows: [[.int(10), .string("x")], [.int(11), .string("y")]])

    /// A batch of ``schema`` whose second row has a null `id`, which its NOT NULL column refuses.
    static func badBatch() throws -> RecordBatch {
        let nullable = Schema(fields: [Field(name: "id", type: .int64), Field(name: "word", type: .utf8)])
        let rows = try RecordBatch(schema: nullable, rows: [[.int(12), .string("z")], [.null, .string("oops")]])
        return try RecordBatch(schema: schema, rowCount: rows.rowCount, columns: rows.columns)
    }

    /// Ingests ``good`` then a bad batch into `words`; returns the error the server reported.
    static func failingIngest(
        _ raw: RawFlight, mode: CommandStatementIngest.TableDefinitionOptions.TableExistsOption,
        temporary: Bool = false, transactionID: Data? = nil
    ) async throws -> GRPCStatus {
        var command = CommandStatementIngest()
        command.table = "words"
        command.temporary = temporary
        command.tableDefinitionOptions = .init(ifNotExist: .create, ifExists: mode)
        if let transactionID { command.transactionID = transactionID }
        let batches = [good, try badBatch()]
        return try await #require(throws: GRPCStatus.self) { _ = try await raw.doPut(command, schema: schema, batches: batches) }
    }

    static let original = "CREATE TABLE words (id INTEGER NOT NULL, word TEXT); INSERT INTO words VALUES (1, 'a'), (2, 'b');"

    @Test("a replace or append whose second batch fails leaves the table as it was", arguments: [
        CommandStatementIngest.TableDefinitionOptions.TableExistsOption.replace, .append,
    ])
    func failingBatch(_ mode: CommandStatementIngest.TableDefinitionOptions.TableExistsOption) async throws {
        try await TestServer.with { server, client in
            try await server.backend.executeScript(Self.original)
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            let status = try await Self.failingIngest(raw, mode: mode)
            #expect(status.code != .ok)
            #expect(status.message.contains("NOT NULL"), "\(status.message)")
            #expect(try await client.table("SELECT id, word FROM words ORDER BY id").rows == [[.int(1), .string("a")], [.int(2), .string("b")]])
            // Nothing is left in a transaction: the next autocommit write commits.
            #expect(try await client.executeUpdate("INSERT INTO words VALUES (3, 'c')") == 1)
            #expect(try await client.table("SELECT count(*) FROM words").rows == [[.int(3)]])
        }
    }

    @Test("a failing ingestion that would create the table leaves no table")
    func failingCreate() async throws {
        try await TestServer.with { server, client in
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            _ = try await Self.failingIngest(raw, mode: .fail)
            let tables = try await client.rows(try await client.getTables(tableNameFilterPattern: "words"))
            #expect(tables.isEmpty)
        }
    }

    @Test("a temporary ingestion outside a transaction is atomic too, and its table readable")
    func temporary() async throws {
        try await TestServer.with { server, client in
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            var command = CommandStatementIngest()
            command.table = "words"
            command.temporary = true
            command.tableDefinitionOptions = .init(ifNotExist: .create, ifExists: .fail)
            let put = try await raw.doPut(command, schema: Self.schema, batches: [Self.good])
            #expect(try DoPutUpdateResult(protobuf: put[0]).recordCount == 2)
            for mode in [CommandStatementIngest.TableDefinitionOptions.TableExistsOption.replace, .append] {
                _ = try await Self.failingIngest(raw, mode: mode, temporary: true)
                #expect(try await client.table("SELECT id FROM temp.words ORDER BY id").rows == [[.int(10)], [.int(11)]])
            }
            command.tableDefinitionOptions = .init(ifNotExist: .create, ifExists: .replace)
            _ = try await raw.doPut(command, schema: Self.schema, batches: [Self.good, Self.good])
            #expect(try await client.table("SELECT count(*) FROM temp.words").rows == [[.int(4)]])
            // No staging table is left behind.
            #expect(try await client.table("SELECT count(*) FROM temp.sqlite_schema").rows == [[.int(1)]])
        }
    }

    @Test("inside a transaction, a failing ingestion undoes only itself and the transaction goes on")
    func insideTransaction() async throws {
        try await TestServer.with { server, client in
            try await server.backend.executeScript(Self.original)
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            let id = try await client.beginTransaction()
            #expect(try await client.executeUpdate("INSERT INTO words VALUES (5, 'e')", transactionID: id) == 1)
            _ = try await Self.failingIngest(raw, mode: .replace, transactionID: id)
            #expect(try await client.table("SELECT id FROM words ORDER BY id", transactionID: id).rows == [[.int(1)], [.int(2)], [.int(5)]])
            try await client.endTransaction(id, .commit)
            #expect(try await client.table("SELECT id FROM words ORDER BY id").rows == [[.int(1)], [.int(2)], [.int(5)]])
        }
    }
}
