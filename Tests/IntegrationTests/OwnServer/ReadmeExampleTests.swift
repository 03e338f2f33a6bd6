import DBAPI
import FlightSQL
import Foundation
import SQLiteDBAPI
import Testing

/// The README's "Use it from Swift" example, verbatim, run on both drivers: if the README's
/// code stops compiling or working, this fails.
@Suite struct ReadmeExampleTests {
    // README example start
    struct Trip: Decodable {
        var id: Int
        var city: String
        var fare: Double?
    }

    /// Written only against the DBAPI protocols: runs unchanged on any driver.
    func report(_ connection: some DBAPI.Connection) async throws -> [String] {
        let cursor = try await connection.cursor()
        try await cursor.execute("CREATE TABLE trips (id INTEGER PRIMARY KEY, city TEXT NOT NULL, fare REAL)")
        try await cursor.executemany(
            "INSERT INTO trips VALUES (?, ?, ?)",
            parameterSets: [[1, "Oslo", 12.5], [2, "Bergen", nil], [3, "Oslo", 30.25]])
        try await cursor.execute("SELECT id, city, fare FROM trips WHERE city = ? ORDER BY id", parameters: ["Oslo"])
        print(cursor.description!.map(\.name))                 // ["id", "city", "fare"]
        let trips = try await cursor.fetchall(as: Trip.self)    // typed rows
        try await cursor.execute("SELECT count(*), sum(fare) FROM trips")
        let row = try await cursor.fetchone()!
        let (count, total) = try row.decode((Int, Double?).self)
        return trips.map { "\($0.id) \($0.city) \($0.fare ?? 0)" } + ["\(count) trips, \(total ?? 0)"]
    }
    // README example end

    @Test("the README's example gives the same report on SQLite and on Flight SQL")
    func readmeExample() async throws {
        let local = try SQLiteConnection.open(path: ":memory:")
        let localReport = try await report(local)
        try await local.close()

        var remoteReport: [String] = []
        try await OwnServer.with { server in
            let connection = try await FlightSQLConnection.connect(url: server.url)  // e.g. "grpc+tls://host:443?token=…"
            remoteReport = try await report(connection)
            try await connection.close()
        }
        #expect(localReport == ["1 Oslo 12.5", "3 Oslo 30.25", "3 trips, 42.75"])
        #expect(remoteReport == localReport)
    }
}
