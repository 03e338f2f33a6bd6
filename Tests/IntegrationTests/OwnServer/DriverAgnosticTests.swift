import DBAPI
import FlightSQL
import Foundation
import SQLiteDBAPI
import Testing

/// The DB-API is driver-agnostic: one generic function written only against the `DBAPI`
/// protocols gives identical results on the SQLite driver and on the Flight SQL driver
/// talking to the project's own server (whose backend is that same SQLite driver).
@Suite struct DriverAgnosticTests {
    struct Trip: Decodable, Equatable, CustomStringConvertible {
        var id: Int
        var city: String
        var fare: Double?
        var price: Decimal?
        var paid: Bool
        var started: Date?
        var note: String?
        var description: String {
            "Trip(\(id), \(city), \(fare.map { "\($0)" } ?? "nil"), \(price.map { "\($0)" } ?? "nil"), \(paid), "
                + "\(started.map { "\($0.timeIntervalSince1970)" } ?? "nil"), \(note ?? "nil"))"
        }
    }

    /// Creates a table, inserts with parameters and executemany, rolls back and commits,
    /// queries with a parameter, decodes rows, and reports everything it saw as text.
    func exercise<C: DBAPI.Connection>(_ connection: C) async throws -> [String] {
        var log: [String] = []
        try await connection.setAutocommit(false)
        log.append("autocommit \(try await connection.autocommit())")
        let cursor = try await connection.cursor()
        try await cursor.execute("""
            CREATE TABLE trips (id INTEGER PRIMARY KEY, city TEXT NOT NULL, fare REAL, price DECIMAL(10,2),
                                paid BOOLEAN NOT NULL, started TIMESTAMP, note TEXT)
            """)
        try await connection.commit()
        let insert = "INSERT INTO trips (id, city, fare, price, paid, started, note) VALUES (?, ?, ?, ?, ?, ?, ?)"
        try await cursor.execute(insert, arguments: [
            1, "Oslo", 12.5, Decimal(string: "99.90")!, true, Date(timeIntervalSince1970: 1_700_000_000.5), "it's \"quoted\"",
        ])
        log.append("insert rowcount \(cursor.rowcount)")
        try await cursor.executemany(insert, argumentSets: [
            [2, "Bergen", nil, nil, false, nil, nil],
            [3, "Oslo", 30.25, Decimal(string: "-0.05")!, true, Date(timeIntervalSince1970: 0), "Grüße 🎉"],
            [4, "Tromsø", 7, Decimal(1), false, Date(timeIntervalSince1970: 86_400 * 365.25), "'; DROP TABLE trips; --"],
        ])
        log.append("executemany rowcount \(cursor.rowcount)")
        try await connection.commit()

        // Work that is rolled back disappears.
        try await cursor.execute("DELETE FROM trips WHERE city = ?", parameters: ["Oslo"])
        log.append("delete rowcount \(cursor.rowcount)")
        try await connection.rollback()
        try await cursor.execute("UPDATE trips SET fare = fare * 2 WHERE fare > ?", parameters: [10])
        log.append("update rowcount \(cursor.rowcount)")
        // A decimal in a TEXT column is stored as its exact digits.
        try await cursor.execute("UPDATE trips SET note = ? WHERE id = ?", arguments: [Decimal(string: "1.5")!, 2])
        log.append("decimal note rowcount \(cursor.rowcount)")
        try await connection.commit()

        try await cursor.execute("SELECT id, city, fare, price, paid, started, note FROM trips WHERE city = ? ORDER BY id", parameters: ["Oslo"])
        log.append("columns " + (cursor.description ?? []).map { "\($0.name):\($0.typeCode):\($0.precision.map(String.init) ?? "-"):\($0.nullOK.map { "\($0)" } ?? "?")" }.joined(separator: ","))
        let oslo = try await cursor.fetchall(as: Trip.self)
        log += oslo.map(\.description)
        log.append("query rowcount \(cursor.rowcount)")

        try await cursor.execute("SELECT id, city, note FROM trips ORDER BY id")
        cursor.arraysize = 3
        let first = try await cursor.fetchmany()
        log.append("fetchmany " + first.map { "\($0.values)" }.joined(separator: " | "))
        for try await row in cursor.rows {
            let (id, city, note) = try row.decode((Int, String, String?).self)
            log.append("row \(id) \(city) \(note ?? "NULL")")
        }

        try await cursor.execute("SELECT count(*), sum(fare), max(started) FROM trips WHERE paid = ?", parameters: [true])
        log.append("aggregate \(try #require(try await cursor.fetchone()).values)")

        // A write that returns rows, run as a query (rolled back below).
        try await cursor.execute("INSERT INTO trips (id, city, paid) VALUES (?, ?, ?), (?, ?, ?) RETURNING id, city",
                                 arguments: [5, "Bodø", false, 6, "Alta", true])
        log.append("returning " + (try await cursor.fetchall()).map { "\($0.values)" }.joined(separator: " | "))
        log.append("returning rowcount \(cursor.rowcount)")

        // The same error kinds.
        do {
            try await cursor.execute(insert, arguments: [1, "again", nil, nil, true, nil, nil])
            log.append("duplicate accepted")
        } catch {
            log.append("duplicate: \(error.kind)")
        }
        do {
            try await cursor.execute(insert, arguments: [9, nil, nil, nil, true, nil, nil])
            log.append("null city accepted")
        } catch {
            log.append("null city: \(error.kind)")
        }
        do {
            try await cursor.execute("SELEC 1")
        } catch {
            log.append("syntax: \(error.kind)")
        }
        try await connection.rollback()
        try await cursor.execute("SELECT count(*) FROM trips")
        log.append("count \(try #require(try await cursor.fetchone()).values)")
        try await connection.close()
        log.append("closed \(connection.isClosed)")
        return log
    }

    @Test("one generic function gives identical results on SQLiteConnection and on FlightSQLConnection to our server")
    func identical() async throws {
        let local = try await exercise(try SQLiteConnection.open(path: ":memory:"))
        var remote: [String] = []
        try await OwnServer.with { server in
            remote = try await exercise(try await server.connect())
        }
        #expect(remote == local)
        for (index, (a, b)) in zip(local, remote).enumerated() where a != b {
            Issue.record("line \(index): SQLite \(a) | Flight SQL \(b)")
        }
        // Spot checks, so that "identical" cannot mean "identically empty".
        #expect(local.count == 20)
        #expect(local.contains("executemany rowcount 3"))
        #expect(local.contains("update rowcount 2"))
        #expect(local.contains { $0.hasPrefix("fetchmany") && $0.contains("[2, 'Bergen', '1.5']") })
        #expect(local.contains("returning rowcount 2"))
        #expect(local.contains("duplicate: integrityError"))
        #expect(local.contains("null city: integrityError"))
        #expect(local.contains("syntax: programmingError"))
        #expect(local.last == "closed true")
        print(local.joined(separator: "\n"))
    }

    @Test("NOT NULL, CHECK and FOREIGN KEY violations are integrityError on both drivers, as UNIQUE is")
    func constraintKinds() async throws {
        func kinds<C: DBAPI.Connection>(_ connection: C) async throws -> [String] {
            let cursor = try await connection.cursor()
            try await cursor.execute("CREATE TABLE c (id INTEGER PRIMARY KEY, v TEXT NOT NULL, n INTEGER CHECK (n > 0))")
            try await cursor.execute("CREATE TABLE d (id INTEGER PRIMARY KEY, c_id INTEGER REFERENCES c(id))")
            try await cursor.execute("INSERT INTO c (id, v, n) VALUES (1, 'x', 1)")
            var kinds: [String] = []
            for (sql, parameters) in [
                ("INSERT INTO c (id, v) VALUES (2, NULL)", [Value]()),
                ("INSERT INTO c (id, v, n) VALUES (?, ?, ?)", [2, "x", 0]),
                ("INSERT INTO d (id, c_id) VALUES (?, ?)", [1, 99]),
                ("INSERT INTO c (id, v, n) VALUES (?, ?, ?)", [1, "again", 5]),
                // Refused alike: an unsigned integer beyond Int64 (dataError on both).
                ("INSERT INTO c (id, v, n) VALUES (?, ?, ?)", [3, "x", .uint(UInt64.max)]),
                // A table that exists already is the program's error, not the data's.
                ("CREATE TABLE c (x)", []),
            ] {
                do {
                    try await cursor.execute(sql, parameters: parameters)
                    kinds.append("accepted")
                } catch {
                    kinds.append("\(error.kind)")
                }
            }
            try await connection.close()
            return kinds
        }
        let local = try await kinds(try SQLiteConnection.open(path: ":memory:"))
        var remote: [String] = []
        try await OwnServer.with { server in remote = try await kinds(try await server.connect()) }
        #expect(local == ["integrityError", "integrityError", "integrityError", "integrityError", "dataError", "programmingError"])
        // The server sends standard gRPC codes (FAILED_PRECONDITION, ALREADY_EXISTS) and names the
        // database's kind in the x-flightsql-error-kind trailer, which the driver follows.
        #expect(remote == local)
    }
}
