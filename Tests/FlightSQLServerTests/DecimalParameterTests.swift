import Arrow
import DBAPI
import FlightSQL
import FlightSQLServer
import Foundation
import Testing

/// Decimal parameters: the server's union parameter type imposes scale 18 on decimals, which
/// must not show up as trailing zeros in what SQLite stores.
@Suite struct DecimalParameterTests {
    /// A decimal as a client converting to the server's parameter schema sends it: rescaled
    /// to the union's decimal member, decimal256(76, 18).
    static func unionDecimal(_ text: String) throws -> ArrowValue {
        let rescaled = try #require(ExactDecimal(text)?.rescaled(to: 18))
        let words = try #require(rescaled.twosComplementWords(wordCount: 4))
        return .decimal(ArrowDecimal(words: words, precision: 76, scale: 18))
    }

    @Test("decimals in the union parameter type are stored in their shortest exact form; DECIMAL(p,s) keeps its scale")
    func unionDecimalsStoreShortText() async throws {
        try await TestServer.with { server, client in
            _ = try await client.executeUpdate("CREATE TABLE notes (t TEXT, u, d DECIMAL(10,2))")
            let prepared = try await client.prepare("INSERT INTO notes (t, u, d) VALUES (?, ?, ?)")
            let schema = try ArrowIPC.schema(fromMessage: prepared.parameterSchema)
            let rows: [[ArrowValue]] = [
                [try Self.unionDecimal("1.5"), try Self.unionDecimal("1.5"), try Self.unionDecimal("1.5")],
                [try Self.unionDecimal("100"), try Self.unionDecimal("-0.000000000000000001"), try Self.unionDecimal("0")],
            ]
            let batch = try RecordBatch(schema: schema, rows: rows)
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            let put = try await raw.doPut(
                CommandPreparedStatementUpdate(preparedStatementHandle: prepared.preparedStatementHandle), schema: schema, batches: [batch])
            #expect(try DoPutUpdateResult(protobuf: put[0]).recordCount == 2)
            let table = try await client.table("SELECT t, typeof(u) AS ut, u, d FROM notes ORDER BY rowid")
            #expect(table.rows == [
                [.string("1.5"), .string("text"), .string("1.5"), .decimal(ArrowDecimal(unscaled: 150, precision: 10, scale: 2))],
                [.string("100"), .string("text"), .string("-0.000000000000000001"), .decimal(ArrowDecimal(unscaled: 0, precision: 10, scale: 2))],
            ])
        }
    }

    @Test("a client's own decimal type keeps its scale, as on the SQLite driver (12.30 stays 12.30)")
    func clientDecimalsKeepTheirScale() async throws {
        try await TestServer.with { server, client in
            _ = try await client.executeUpdate("CREATE TABLE notes (t TEXT)")
            let prepared = try await client.prepare("INSERT INTO notes (t) VALUES (?)")
            let schema = Schema(fields: [Field(name: "p", type: .decimal(bitWidth: 128, precision: 10, scale: 2))])
            let batch = try RecordBatch(schema: schema, rows: [[.decimal(ArrowDecimal(unscaled: 1230, precision: 10, scale: 2))]])
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            _ = try await raw.doPut(
                CommandPreparedStatementUpdate(preparedStatementHandle: prepared.preparedStatementHandle), schema: schema, batches: [batch])
            #expect(try await client.table("SELECT t FROM notes").rows == [[.string("12.30")]])
        }
    }
}
