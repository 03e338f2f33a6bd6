import Testing

@testable import FlightSQLCLI

@Suite struct DotCommandTests {
    @Test("every command parses with its arguments")
    func commands() throws {
        #expect(try DotCommand.parse(".help") == .help)
        #expect(try DotCommand.parse(".quit") == .quit)
        #expect(try DotCommand.parse(".exit") == .quit)
        #expect(try DotCommand.parse(".tables") == .tables(pattern: nil))
        #expect(try DotCommand.parse(".tables tr%") == .tables(pattern: "tr%"))
        #expect(try DotCommand.parse(".schemas") == .schemas)
        #expect(try DotCommand.parse(".catalogs") == .catalogs)
        #expect(try DotCommand.parse(".describe trips") == .describe(table: "trips"))
        #expect(try DotCommand.parse(".describe \"my table\"") == .describe(table: "my table"))
        #expect(try DotCommand.parse(".describe 'it''s'") == .describe(table: "it's"))
        #expect(try DotCommand.parse(".format") == .format(nil))
        #expect(try DotCommand.parse(".format csv") == .format(.csv))
        #expect(try DotCommand.parse(".format   jsonl  ") == .format(.jsonl))
        #expect(try DotCommand.parse(".timing on") == .timing(true))
        #expect(try DotCommand.parse(".timing off") == .timing(false))
    }

    @Test("mistakes are errors with a usage line, never a crash")
    func mistakes() {
        let cases: [(String, String)] = [
            (".nope", "unknown command '.nope' (.help lists the commands)"),
            (".describe", "usage: .describe TABLE"),
            (".describe a b", "usage: .describe TABLE"),
            (".timing", "usage: .timing on|off"),
            (".timing maybe", "usage: .timing on|off"),
            (".format arrow", "unknown format 'arrow' (use table, jsonl or csv)"),
            (".format xml", "unknown format 'xml' (use table, jsonl or csv)"),
            (".quit now", "usage: .quit"),
            (".describe \"open", "unterminated quote"),
        ]
        for (line, message) in cases {
            #expect(throws: ShellInputError(message), "\(line)") { try DotCommand.parse(line) }
        }
    }

    @Test("words split on whitespace; quotes group and may be doubled")
    func words() throws {
        #expect(try DotCommand.split("  .a  b\t'c d'  \"e\"\"f\" ") == [".a", "b", "c d", "e\"f"])
        #expect(try DotCommand.split(".a ''") == [".a", ""])
    }

    @Test("lines that look like they hold a credential stay out of the history")
    func secretLooking() {
        #expect(LineEditor.isSecretLooking("CREATE USER bob PASSWORD 'x';"))
        #expect(LineEditor.isSecretLooking("SET api_key = 'abc'"))
        #expect(LineEditor.isSecretLooking("-- Authorization: Bearer abc"))
        #expect(!LineEditor.isSecretLooking("SELECT * FROM trips;"))
    }
}
