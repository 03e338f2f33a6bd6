import DBAPI
import FlightSQL
import FlightSQLServer
import Foundation
import Testing

/// What the driver reports for the project's own server's errors (`Docs/Server.md` maps
/// SQLite's errors to gRPC codes, `Docs/DBAPI.md` gRPC codes to DB-API kinds).
@Suite struct OwnServerErrorTests {
    static let schema = """
        CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INTEGER CHECK (n >= 0));
        INSERT INTO parent VALUES (1, 'one', 1);
        """

    @Test("SQL errors: syntax → programmingError (INVALID_ARGUMENT); unknown table → programmingError (NOT_FOUND)")
    func syntax() async throws {
        try await OwnServer.withConnection(script: Self.schema) { _, connection in
            let cursor = try await connection.cursor()
            for (sql, code) in [("SELEC 1", 3), ("SELECT * FROM parent WHERE", 3), ("SELECT nope FROM parent", 3), ("SELECT * FROM missing", 5)] {
                let error = try await #require(throws: DBAPIError.self) { try await cursor.execute(sql) }
                #expect(error.kind == .programmingError, "\(sql): \(error)")
                #expect(error.driverCode == .grpc(code), "\(sql): \(error)")
                #expect(error.isDatabaseError)
            }
            // The same with parameters (the prepare fails) and for updates.
            let prepared = try await #require(throws: DBAPIError.self) { try await cursor.execute("SELEC ?", parameters: [1]) }
            #expect(prepared.kind == .programmingError, "\(prepared)")
            let update = try await #require(throws: DBAPIError.self) { try await cursor.execute("UPDATE missing SET x = 1") }
            #expect(update.kind == .programmingError, "\(update)")
            // The cursor still works.
            #expect(try await cursor.scalar("SELECT count(*) FROM parent", as: Int.self) == 1)
        }
    }

    @Test("constraint violations are integrityError: UNIQUE/PRIMARY KEY (ALREADY_EXISTS), NOT NULL/CHECK (FAILED_PRECONDITION + kind trailer)")
    func constraints() async throws {
        try await OwnServer.withConnection(script: Self.schema) { _, connection in
            let cursor = try await connection.cursor()
            // Docs/Server.md: UNIQUE and PRIMARY KEY are ALREADY_EXISTS, which DBAPI maps to integrityError.
            for (sql, parameters) in [
                ("INSERT INTO parent VALUES (1, 'other', 0)", [Value]()), ("INSERT INTO parent VALUES (?, ?, ?)", [2, "one", 0]),
            ] {
                let error = try await #require(throws: DBAPIError.self) { try await cursor.execute(sql, parameters: parameters) }
                #expect(error.kind == .integrityError, "\(error)")
                #expect(error.driverCode == .grpc(6), "\(error)")
                #expect(!error.description.contains("other"))
            }
            // The other constraints are FAILED_PRECONDITION (gRPC's table alone would say
            // programmingError); the server's x-flightsql-error-kind trailer makes them
            // integrityError, as on the SQLite driver.
            for (sql, parameters) in [
                ("INSERT INTO parent (id, name) VALUES (3, NULL)", [Value]()), ("INSERT INTO parent VALUES (?, ?, ?)", [4, "four", -1]),
                ("UPDATE parent SET n = -5 WHERE id = 1", []), ("UPDATE parent SET name = ? WHERE id = ?", [nil, 1]),
            ] {
                let error = try await #require(throws: DBAPIError.self) { try await cursor.execute(sql, parameters: parameters) }
                #expect(error.kind == .integrityError, "\(error)")
                #expect(error.driverCode == .grpc(9), "\(error)")
            }
            // executemany stops at the failing set.
            let many = try await #require(throws: DBAPIError.self) {
                try await cursor.executemany("INSERT INTO parent (id, name) VALUES (?, ?)", parameterSets: [[10, "ten"], [11, "one"]])
            }
            #expect(many.kind == .integrityError, "\(many)")
            #expect(try await cursor.scalar("SELECT count(*) FROM parent WHERE id = 1", as: Int.self) == 1)
        }
    }

    @Test("wrong or missing credentials → operationalError UNAUTHENTICATED; the token never shows")
    func unauthenticated() async throws {
        let token = "s3cr3t-T0ken+/="
        try await OwnServer.with(auth: .token(token)) { server in
            for query in ["?token=wrong-\(token)", ""] {
                let error = try await #require(throws: DBAPIError.self) {
                    let connection = try await server.connect(query)
                    defer { Task { try? await connection.close() } }
                    let cursor = try await connection.cursor()
                    try await cursor.execute("SELECT 1")
                }
                #expect(error.kind == .operationalError, "\(error)")
                #expect(error.driverCode == .grpc(16), "\(error)")
                #expect(error.description.contains("UNAUTHENTICATED"), "\(error)")
                #expect(!error.description.contains(token))
                #expect(!String(reflecting: error).contains(token))
            }
            // Basic credentials against a token server are refused too.
            let basic = try await #require(throws: DBAPIError.self) {
                let connection = try await server.connect("?username=ada&password=\(token)")
                defer { Task { try? await connection.close() } }
                try await connection.cursor().execute("SELECT 1")
            }
            #expect(basic.kind == .operationalError, "\(basic)")
            #expect(!basic.description.contains(token))
        }
    }

    @Test("a closed cursor or connection is an interfaceError; a read-only server refuses writes with operationalError")
    func interfaceAndReadOnly() async throws {
        try await OwnServer.with(script: Self.schema, options: FlightSQLServerOptions(readOnly: true)) { server in
            let connection = try await server.connect()
            let cursor = try await connection.cursor()
            #expect(try await cursor.scalar("SELECT name FROM parent", as: String.self) == "one")
            for (sql, parameters) in [("DELETE FROM parent", [Value]()), ("INSERT INTO parent (id, name) VALUES (?, ?)", [9, "nine"])] {
                let error = try await #require(throws: DBAPIError.self) { try await cursor.execute(sql, parameters: parameters) }
                #expect(error.kind == .operationalError, "\(error)")
                #expect(error.driverCode == .grpc(7), "\(error)")
            }
            try await cursor.close()
            let closedCursor = try await #require(throws: DBAPIError.self) { try await cursor.execute("SELECT 1") }
            #expect(closedCursor.kind == .interfaceError)
            try await connection.close()
            let closed = try await #require(throws: DBAPIError.self) { _ = try await connection.cursor() }
            #expect(closed.kind == .interfaceError)
        }
    }

    @Test("a server that went away: operationalError (UNAVAILABLE); closing still works")
    func serverGone() async throws {
        let server = try await OwnServer.start(script: "CREATE TABLE t (id INTEGER);")
        let connection = try await server.connect()
        let cursor = try await connection.cursor()
        #expect(try await cursor.scalar("SELECT count(*) FROM t", as: Int.self) == 0)
        await server.stop()
        let error = try await #require(throws: DBAPIError.self) {
            try await cursor.execute("SELECT count(*) FROM t WHERE id = ?", parameters: [1])
        }
        #expect(error.kind == .operationalError, "\(error)")
        #expect(error.driverCode == .grpc(14), "\(error)")
        try await connection.close()
        #expect(connection.isClosed)
    }
}
