import DBAPI
import FlightSQL
import Foundation
import Testing
import TestSupport

/// What the third-party servers do with prepared statements and bound parameters (neither
/// supports binding; the project's own server tests the full path).
@Suite struct DriverParameterTests {
    @Test("roapi prepares but does not implement binding: notSupportedError", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapi)))
    func roapi() async throws {
        let connection = try await DriverServers.connect(DriverServers.roapi)
        let cursor = try await connection.cursor()
        let error = try await #require(throws: DBAPIError.self) { try await cursor.execute("SELECT ? + 1 AS answer", parameters: [41]) }
        #expect(error.kind == .notSupportedError, "\(error)")
        #expect(error.driverCode == .grpc(12))
        #expect(!error.description.contains("41"))
        // Without parameters nothing is prepared, so the same connection keeps working.
        try await cursor.execute("SELECT 41 + 1 AS answer")
        #expect(try await cursor.fetchone()?.decode(Int.self, at: 0) == 42)
        try await connection.close()
    }

    @Test("benostreamdb cannot plan ? and ignores bound values for $1", .enabled(if: TestEnvironment.isAvailable(DriverServers.bsdb)))
    func bsdb() async throws {
        let connection = try await DriverServers.connect(DriverServers.bsdb)
        let cursor = try await connection.cursor()
        for sql in ["SELECT ? + 1 AS answer", "SELECT $1 + 1 AS answer"] {
            let error = try await #require(throws: DBAPIError.self) { try await cursor.execute(sql, parameters: [41]) }
            #expect(error.kind == .internalError, "\(sql): \(error)")
            print("[bsdb] \(sql): \(error)")
        }
        let table = DriverServers.uniqueTableName("driver_params")
        try await cursor.execute("CREATE TABLE \(table) (id BIGINT)")
        let error = try await #require(throws: DBAPIError.self) { try await cursor.executemany("INSERT INTO \(table) VALUES ($1)", parameterSets: [[1], [2]]) }
        print("[bsdb] executemany: \(error)")
        #expect(try await connection.execute("SELECT count(*) FROM \(table)").fetchone()?.decode(Int.self, at: 0) == 0)
        try await cursor.execute("DROP TABLE \(table)")
        try await connection.close()
    }
}
