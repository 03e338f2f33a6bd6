import Arrow
import FlightSQL
import Foundation
import Testing

@testable import FlightSQLServer

/// SqlInfo's function lists name only functions the linked SQLite really has: each one
/// advertised is called through the server.
@Suite struct SqlInfoFunctionTests {
    /// A call of each function SQLite may have, with arguments it accepts. A function added to
    /// the lists without a call here fails the test, so every advertised name stays proven.
    static let calls: [String: String] = [
        "abs": "abs(-2)", "ceil": "ceil(1.5)", "floor": "floor(1.5)", "round": "round(1.25, 1)",
        "max": "max(1, 2)", "min": "min(1, 2)", "sign": "sign(-3)", "sqrt": "sqrt(4)", "pow": "pow(2, 3)",
        "exp": "exp(0)", "ln": "ln(1)", "log": "log(100)", "mod": "mod(7, 3)", "pi": "pi()", "random": "random()",
        "length": "length('abc')", "lower": "lower('A')", "upper": "upper('a')", "ltrim": "ltrim(' a')",
        "rtrim": "rtrim('a ')", "trim": "trim(' a ')", "replace": "replace('abc', 'b', 'x')",
        "substr": "substr('abc', 2)", "instr": "instr('abc', 'c')", "printf": "printf('%d', 1)",
        "format": "format('%d', 1)", "char": "char(65)", "unicode": "unicode('A')", "hex": "hex('A')",
        "quote": "quote('a')", "date": "date('2024-01-02')", "time": "time('10:00')",
        "datetime": "datetime('2024-01-02 10:00')", "julianday": "julianday('2024-01-02')",
        "unixepoch": "unixepoch('2024-01-02')", "strftime": "strftime('%Y', '2024-01-02')",
        "timediff": "timediff('2024-01-02', '2024-01-01')",
    ]

    @Test("every function in SQL_NUMERIC/STRING/DATETIME_FUNCTIONS runs on the server's SQLite")
    func advertisedFunctionsRun() async throws {
        try await TestServer.with { server, client in
            let info = try await client.rows(try await client.getSqlInfo([.sqlNumericFunctions, .sqlStringFunctions, .sqlDatetimeFunctions]))
            #expect(info.count == 3)
            var advertised: [String] = []
            for row in info {
                guard case .list(let names) = row[1] else {
                    Issue.record("function list \(row[0]) is not a string list")
                    continue
                }
                advertised += names.compactMap { if case .string(let name) = $0 { name } else { nil } }
            }
            #expect(advertised.contains("abs") && advertised.contains("date"))
            for name in advertised {
                let call = try #require(Self.calls[name], "no sample call for the advertised function \(name)")
                let table = try await client.table("SELECT \(call) AS v")
                #expect(table.rows.count == 1, "\(call)")
                #expect(table.rows.first?.first != .null, "\(call) returned NULL")
            }
            // timediff exists from SQLite 3.43 on (Debian 12 links 3.40.1).
            let version = try #require(SQLiteSqlInfo.versionNumber(server.backend.sqliteVersion))
            #expect(advertised.contains("timediff") == (version >= 3_043_000))
            if version < 3_043_000 {
                await #expect(throws: FlightError.self) { _ = try await client.table("SELECT timediff('2024-01-02', '2024-01-01')") }
            }
        }
    }

    @Test("the fallback without PRAGMA function_list goes by the version functions appeared in")
    func versionFallback() {
        #expect(SQLiteSqlInfo.versionNumber("3.40.1") == 3_040_001)
        #expect(SQLiteSqlInfo.versionNumber("3.43") == 3_043_000)
        #expect(SQLiteSqlInfo.versionNumber("unknown") == nil)
        #expect(SQLiteSqlInfo.versionNumber("3..1") == nil)
        let old = SQLiteSqlInfo.functions(forVersionNumber: 3_034_000)
        #expect(old.contains("abs") && !old.contains("sqrt") && !old.contains("unixepoch") && !old.contains("timediff"))
        let debian12 = SQLiteSqlInfo.functions(forVersionNumber: 3_040_001)
        #expect(debian12.contains("sqrt") && debian12.contains("unixepoch") && !debian12.contains("timediff"))
        #expect(SQLiteSqlInfo.functions(forVersionNumber: 3_043_000).contains("timediff"))
        let values = SQLiteSqlInfo.values(functions: ["abs", "date"])
        #expect(values[SqlInfo.sqlNumericFunctions.rawValue] == .stringList(["abs"]))
        #expect(values[SqlInfo.sqlDatetimeFunctions.rawValue] == .stringList(["date"]))
        #expect(values[SqlInfo.sqlStringFunctions.rawValue] == .stringList([]))
    }
}
