import DBAPI
import FlightSQL
import FlightSQLServer
import Foundation

/// `flightsql demo`: starts a Flight SQL server in this process on a free loopback port,
/// over a small sample SQLite database (cities and trips), connects to it through the real
/// network stack with the DB-API driver (`FlightSQLConnection`), and prints a few
/// illustrative queries as tables.
enum DemoCommand {
    /// The sample database: four cities, five trips.
    static let sampleDatabase = """
        CREATE TABLE cities (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL,
                             population REAL, founded DATE);
        CREATE TABLE trips (id INTEGER PRIMARY KEY, city_id INTEGER NOT NULL REFERENCES cities(id),
                            traveller TEXT NOT NULL, km INTEGER NOT NULL, fare DECIMAL(8,2), started TIMESTAMP);
        INSERT INTO cities VALUES
            (1, 'Paris', 'France', 2.10, '0250-01-01'), (2, 'Lyon', 'France', 0.52, '0043-10-09'),
            (3, 'Berlin', 'Germany', 3.68, '1237-10-28'), (4, 'Lisbon', 'Portugal', 0.55, NULL);
        INSERT INTO trips VALUES
            (1, 1, 'Ada', 12, 24.50, '2024-05-01 08:15:00'), (2, 1, 'Grace', 30, 41.00, '2024-05-02 17:40:00'),
            (3, 2, 'Ada', 7, 9.90, '2024-05-03 12:00:00'), (4, 3, 'Alan', 18, 27.30, '2024-05-04 09:05:00'),
            (5, 3, 'Grace', 4, 6.10, NULL);
        """

    /// Runs the demo; it takes no arguments.
    static func run(_ arguments: [String], stdout: OutputSink) async throws {
        guard arguments.isEmpty else { throw UsageError("demo takes no arguments") }
        let backend = try await SQLiteBackend(path: ":memory:")
        try await backend.executeScript(sampleDatabase)
        let server = try await FlightSQLServer.start(backend: backend, host: "127.0.0.1", port: 0)
        do {
            try stdout.write("Flight SQL server listening on \(server.url) (in this process, sample SQLite database)\n")
            try await tour(url: server.url, stdout: stdout)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    /// The queries, through the driver-agnostic DB-API: the same code would run on
    /// `SQLiteConnection`.
    static func tour(url: String, stdout: OutputSink) async throws {
        let connection = try await FlightSQLConnection.connect(url: url)
        do {
            let cursor = try await connection.cursor()
            try await cursor.execute("""
                SELECT t.id, t.traveller, c.name AS city, t.km, t.fare, t.started
                FROM trips t JOIN cities c ON c.id = t.city_id ORDER BY t.id
                """)
            try await show("Trips with their city (a join)", cursor: cursor, stdout: stdout)
            try await cursor.execute("""
                SELECT c.country, count(*) AS trips, sum(t.km) AS km, round(avg(t.fare), 2) AS avg_fare
                FROM trips t JOIN cities c ON c.id = t.city_id GROUP BY c.country ORDER BY km DESC
                """)
            try await show("Distance and fares per country (an aggregate)", cursor: cursor, stdout: stdout)

            // With a parameter the driver prepares the statement and sends the value as an
            // Arrow batch (DoPut) before running it (GetFlightInfo + DoGet).
            let sql = "SELECT traveller, km, fare FROM trips WHERE km >= ? ORDER BY km DESC"
            try await cursor.execute(sql, parameters: [12])
            try await show("\(sql)   with ? = 12 (a prepared statement)", cursor: cursor, stdout: stdout)

            try await insertInTransaction(url: url, reader: cursor, stdout: stdout)
            try await cursor.execute("""
                SELECT c.name AS city, count(t.id) AS trips FROM cities c LEFT JOIN trips t ON t.city_id = c.id
                GROUP BY c.name ORDER BY c.name
                """)
            try await show("After the commit", cursor: cursor, stdout: stdout)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// A second connection with autocommit off (a Flight SQL transaction) inserts a trip;
    /// `reader`'s connection does not see it until the commit.
    static func insertInTransaction(url: String, reader: FlightSQLCursor, stdout: OutputSink) async throws {
        let writer = try await FlightSQLConnection.connect(url: url)
        do {
            try await writer.setAutocommit(false)
            let cursor = try await writer.cursor()
            try await cursor.execute(
                "INSERT INTO trips (city_id, traveller, km, fare) VALUES (?, ?, ?, ?)",
                arguments: [4, "Ada", 21, Decimal(33)])
            let inserted = cursor.rowcount
            try await reader.execute("SELECT count(*) FROM trips")
            let before = try await reader.fetchone()?.decode(Int.self, at: 0)
            try await writer.commit()
            try stdout.write("\n== An insert in a transaction ==\n")
            try stdout.write("inserted \(inserted) row; before the commit others saw \(before.map(String.init) ?? "?") trips\n")
        } catch {
            try? await writer.close()
            throw error
        }
        try await writer.close()
    }

    /// Prints the cursor's current result under `title`.
    static func show(_ title: String, cursor: FlightSQLCursor, stdout: OutputSink) async throws {
        let rows = try await cursor.fetchall()
        try stdout.write("\n== \(title) ==\n")
        try DemoTable.write(columns: cursor.description ?? [], rows: rows, to: stdout)
    }
}
