import Arrow
import FlightSQL
import FlightSQLServer
import Foundation
import Testing

/// Database errors keep a standard gRPC code for every client and name their DB-API kind in
/// the `x-flightsql-error-kind` trailer for the project's driver.
@Suite struct ErrorKindTests {
    static let schema = """
        CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, n INTEGER CHECK (n >= 0));
        CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));
        INSERT INTO parent VALUES (1, 'one', 1);
        """

    static func kindTrailer(_ error: FlightError) -> [String] {
        error.trailers.filter { $0.name == FlightSQLErrorKindTrailer.name }.map(\.value)
    }

    @Test("every constraint violation is IntegrityError in the trailer; UNIQUE/PRIMARY KEY ALREADY_EXISTS, the others FAILED_PRECONDITION")
    func constraints() async throws {
        try await TestServer.with { server, client in
            try await server.backend.executeScript(Self.schema)
            let cases: [(String, FlightError.Code, String)] = [
                ("INSERT INTO parent VALUES (1, 'other', 0)", .alreadyExists, "UNIQUE constraint failed"),
                ("INSERT INTO parent VALUES (2, 'one', 0)", .alreadyExists, "UNIQUE constraint failed"),
                ("INSERT INTO parent (id, name) VALUES (3, NULL)", .failedPrecondition, "NOT NULL constraint failed"),
                ("INSERT INTO parent VALUES (4, 'four', -1)", .failedPrecondition, "CHECK constraint failed"),
                ("INSERT INTO child VALUES (1, 99)", .failedPrecondition, "FOREIGN KEY constraint failed"),
            ]
            for (sql, code, text) in cases {
                // As an update (DoPut) and as a query (GetFlightInfo, as ADBC sends it).
                let update = try await #require(throws: FlightError.self) { _ = try await client.executeUpdate(sql) }
                let query = try await #require(throws: FlightError.self) { _ = try await client.execute(sql) }
                for error in [update, query] {
                    #expect(error.code == code, "\(sql)")
                    #expect(error.message.contains(text), "\(sql): \(error.message)")
                    #expect(Self.kindTrailer(error) == ["IntegrityError"], "\(sql)")
                }
            }
        }
    }

    @Test("other database errors name their kind too; Flight-level refusals name none")
    func otherKinds() async throws {
        try await TestServer.with { _, client in
            for (sql, code) in [("SELEC 1", FlightError.Code.invalidArgument), ("SELECT * FROM nowhere", .notFound), ("CREATE TABLE cities (x)", .alreadyExists)] {
                let error = try await #require(throws: FlightError.self) { _ = try await client.table(sql) }
                #expect(error.code == code, "\(sql)")
                #expect(Self.kindTrailer(error) == ["ProgrammingError"], "\(sql)")
            }
            // A value that does not fit its declared type fails the DoGet: DataError.
            _ = try await client.executeUpdate("INSERT INTO cities (id, name, founded) VALUES (9, 'x', 'not a date')")
            let data = try await #require(throws: FlightError.self) { _ = try await client.table("SELECT founded FROM cities") }
            #expect(data.code == .invalidArgument)
            #expect(Self.kindTrailer(data) == ["DataError"])
            // SQL the server refuses by policy is the program's error.
            let policy = try await #require(throws: FlightError.self) { _ = try await client.executeUpdate("BEGIN") }
            #expect(policy.code == .invalidArgument)
            #expect(Self.kindTrailer(policy) == ["ProgrammingError"])
            // A Flight-level refusal (an unknown handle) is no database error: no kind named.
            let unknown = try await #require(throws: FlightError.self) {
                _ = try await client.getFlightInfo(CommandPreparedStatementQuery(preparedStatementHandle: Data("nope".utf8)))
            }
            #expect(unknown.code == .notFound)
            #expect(Self.kindTrailer(unknown).isEmpty)
        }
    }

    @Test("the trailer values are PEP 249 class names of database errors only")
    func trailerValues() {
        #expect(FlightSQLErrorKindTrailer.value(for: .integrityError) == "IntegrityError")
        #expect(FlightSQLErrorKindTrailer.value(for: .databaseError) == "DatabaseError")
        #expect(FlightSQLErrorKindTrailer.value(for: .interfaceError) == nil)
        #expect(FlightSQLErrorKindTrailer.value(for: .warning) == nil)
        #expect(FlightSQLErrorKindTrailer.kind(forValue: "IntegrityError") == .integrityError)
        #expect(FlightSQLErrorKindTrailer.kind(forValue: "InterfaceError") == nil)
        #expect(FlightSQLErrorKindTrailer.kind(forValue: "integrityError") == nil)
        #expect(FlightSQLErrorKindTrailer.kind(forValue: "") == nil)
    }
}
