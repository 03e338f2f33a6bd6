import DBAPI
import FlightSQL
import Foundation
import Testing
import TestSupport

/// Statements without rows, the kind override, parameters and transactions against the
/// third-party servers (which support only parts of them; see Docs/FlightSQLDriver.md).
@Suite struct DriverUpdateTests {
    @Test("CREATE TABLE and INSERT on benostreamdb run as updates; rows read back", .enabled(if: TestEnvironment.isAvailable(DriverServers.bsdb)))
    func createInsert() async throws {
        let connection = try await DriverServers.connect(DriverServers.bsdb)
        let cursor = try await connection.cursor()
        let table = DriverServers.uniqueTableName("driver_updates")
        try await cursor.execute("CREATE TABLE \(table) (id BIGINT, name VARCHAR, score DOUBLE)")
        #expect(cursor.description == nil, "an update has no result set")
        #expect(cursor.rowcount == 0, "benostreamdb answers DDL with an update result of count 0 (proto3 encodes it as empty)")
        try await cursor.execute("INSERT INTO \(table) VALUES (1, 'a', 0.5), (2, 'b', NULL), (3, NULL, -1)")
        #expect(cursor.rowcount == 1, "benostreamdb reports 1 for a three-row INSERT")
        try await cursor.execute("/* comment */ insert into \(table) values (4, 'd', 4)")
        #expect(cursor.description == nil)
        let rows = try await connection.execute("SELECT id, name, score FROM \(table) ORDER BY id").fetchall()
        #expect(rows.count == 4)
        #expect(try rows.map { try $0.decode(Int.self, at: 0) } == [1, 2, 3, 4])
        #expect(rows[2]["name"] == .null)
        #expect(try rows[0].decode(Double.self, named: "score") == 0.5)
        try await cursor.execute("DELETE FROM \(table) WHERE id > 2")
        #expect(try await connection.execute("SELECT count(*) FROM \(table)").fetchone()?.decode(Int.self, at: 0) == 2)
        try await cursor.execute("DROP TABLE \(table)")
        try await connection.close()
    }

    @Test("the statement kind can be forced per execute or per cursor", .enabled(if: TestEnvironment.isAvailable(DriverServers.bsdb)))
    func forcedKind() async throws {
        let connection = try await DriverServers.connect(DriverServers.bsdb)
        let cursor = try await connection.cursor()
        let table = DriverServers.uniqueTableName("driver_kinds")
        try await cursor.execute("CREATE TABLE \(table) (id BIGINT)")
        // As a query, benostreamdb runs the INSERT and returns an empty result set.
        try await cursor.execute("INSERT INTO \(table) VALUES (1), (2), (3)", kind: .query)
        #expect(cursor.description != nil, "a query always has a result set")
        #expect(try await cursor.fetchall().isEmpty)
        cursor.statementKind = .query
        #expect(cursor.statementKind == .query)
        try await cursor.execute("INSERT INTO \(table) VALUES (4)")
        #expect(cursor.description != nil)
        cursor.statementKind = .automatic
        try await cursor.execute("SELECT count(*) FROM \(table)", kind: .query)
        #expect(try await cursor.fetchone()?.decode(Int.self, at: 0) == 4)
        try await cursor.execute("DROP TABLE \(table)")
        try await connection.close()
    }

    @Test("roapi acknowledges updates without running them", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapi)))
    func roapiUpdates() async throws {
        let connection = try await DriverServers.connect(DriverServers.roapi)
        let cursor = try await connection.cursor()
        // roapi's DoPut update handler answers 1 whatever the statement: this one would fail as a query.
        try await cursor.execute("SELECT * FROM no_such_table_for_updates", kind: .update)
        #expect(cursor.rowcount == 1)
        #expect(cursor.description == nil)
        try await connection.close()
    }

    @Test("neither server supports transactions: autocommit stays on", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapi)), arguments: [DriverServers.roapi, DriverServers.bsdb])
    func noTransactions(server: String) async throws {
        let connection = try await DriverServers.connect(server)
        let capabilities = try await connection.serverCapabilities()
        #expect(!capabilities.supportsTransactions)
        #expect(capabilities.serverName?.isEmpty == false)
        #expect(try await connection.autocommit())
        try await connection.commit()
        let rollback = try await #require(throws: DBAPIError.self) { try await connection.rollback() }
        #expect(rollback.kind == .notSupportedError)
        let manual = try await #require(throws: DBAPIError.self) { try await connection.setAutocommit(false) }
        #expect(manual.kind == .notSupportedError)
        #expect(try await connection.autocommit())
        try await connection.setAutocommit(true)
        try await connection.close()
    }
}
