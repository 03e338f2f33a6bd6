import DBAPI
import Foundation
import SQLiteDBAPI
import Testing

/// Code written against the DB-API protocols only: it runs unchanged on any driver.
func countRows(_ connection: some DBAPI.Connection, table: String) async throws(DBAPIError) -> Int {
    let cursor = try await connection.cursor()
    try await cursor.execute("SELECT count(*) FROM \(table)")
    guard let count = try await cursor.fetchone(as: Int.self) else { return 0 }
    return count
}

/// Inserts people and reads them back, through the protocols only.
func roundTripPeople(_ connection: some DBAPI.Connection) async throws(DBAPIError) -> [String] {
    let cursor = try await connection.cursor()
    try await cursor.executemany("INSERT INTO people (id, name) VALUES (?, ?)", parameterSets: [[10, "Grace"], [11, "Alan"]])
    try await connection.commit()
    try await cursor.execute("SELECT name FROM people WHERE id >= ? ORDER BY id", parameters: [10])
    var names: [String] = []
    for try await row in cursor.rows { names.append(try row.decode(String.self, at: 0)) }
    return names
}

@Suite struct DecodingTests {
    struct Person: Decodable, Equatable {
        var id: Int
        var name: String
        var email: String?
        var balance: Decimal
        var born: Date
        var active: Bool
    }

    func people() async throws -> SQLiteConnection {
        try await memoryConnection(
            """
            CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT,
                                 balance DECIMAL(12,2) DEFAULT 0, born DATE DEFAULT '2000-01-01',
                                 active BOOLEAN DEFAULT TRUE);
            INSERT INTO people VALUES (1, 'Ada', 'ada@example.com', '1815.12', '1815-12-10', 1);
            INSERT INTO people VALUES (2, 'Charles', NULL, 0, '1791-12-26', 0);
            """, options: .init())
    }

    @Test("fetchall(as:) decodes rows into Decodable structs")
    func decodable() async throws {
        let connection = try await people()
        let cursor = try await connection.execute("SELECT * FROM people ORDER BY id")
        let people = try await cursor.fetchall(as: Person.self)
        #expect(people.count == 2)
        #expect(people[0].name == "Ada" && people[0].email == "ada@example.com")
        #expect(people[0].balance == Decimal(string: "1815.12"))
        #expect(people[0].born == Date(timeIntervalSince1970: Double(-56_270) * 86_400))
        #expect(people[0].active && !people[1].active)
        #expect(people[1].email == nil)
    }

    @Test("rows decode as tuples and one-column rows as scalars")
    func tuples() async throws {
        let connection = try await people()
        let cursor = try await connection.execute("SELECT id, name, email FROM people ORDER BY id")
        let rows = try await cursor.fetchall()
        let (id, name, email) = try rows[1].decode((Int64, String, String?).self)
        #expect(id == 2 && name == "Charles" && email == nil)
        let count = try await connection.execute("SELECT count(*) FROM people").fetchone(as: Int.self)
        #expect(count == 2)
    }

    @Test("a null into a non-optional property is a dataError naming the column")
    func decodeNull() async throws {
        let connection = try await people()
        let cursor = try await connection.execute("SELECT * FROM people WHERE id = 2")
        do {
            struct Strict: Decodable { var email: String }
            _ = try await cursor.fetchall(as: Strict.self)
            Issue.record("email is NULL")
        } catch {
            #expect(error.kind == .dataError)
            #expect(error.column?.name == "email")
        }
    }

    @Test("generic code over the DBAPI protocols runs on SQLite")
    func genericCode() async throws {
        let connection = try await people()
        #expect(try await countRows(connection, table: "people") == 2)
        #expect(try await roundTripPeople(connection) == ["Grace", "Alan"])
        #expect(try await countRows(connection, table: "people") == 4)
        let existential: any DBAPI.Connection = connection
        #expect(try await countRows(existential, table: "people") == 4)
    }
}
