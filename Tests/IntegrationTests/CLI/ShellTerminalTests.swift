import Foundation
import Testing
import TestSupport

/// `flightsql shell` on a pseudo-terminal, typed at as a person would: Ctrl-C at the prompt
/// drops the line, Ctrl-C during a query cancels it.
@Suite struct ShellTerminalTests {
    @Test("Ctrl-C at the prompt drops the typed line and an unfinished statement; the next line runs alone")
    func ctrlCAtPrompt() async throws {
        try await OwnServer.with { server in
            let (status, result, output) = try await TerminalProcess.run(["shell", "--url", server.url]) { terminal in
                try terminal.expectPrompt()
                try terminal.type("SELECT 'dropped' AS d")
                try terminal.expect("AS d")
                try terminal.type("\u{03}")
                // A fresh prompt on a new line, the old text left behind as in psql.
                try terminal.expectPrompt("^C\r\nflightsql> ")
                // Inside a statement: Ctrl-C drops the lines before too (back to the main prompt).
                try terminal.type("SELECT 'also dropped',\r")
                try terminal.expectPrompt("      ...> ")
                try terminal.type("\u{03}")
                try terminal.expectPrompt("^C\r\nflightsql> ")
                try terminal.type("SELECT 'kept' AS k;\r")
                let result = try terminal.expect("(1 row)")
                try terminal.expectPrompt()
                try terminal.type(".quit\r")
                return (terminal.exitStatus(), result, terminal.output)
            }
            // Asserted here, in the test's task (the body runs on a Dispatch thread).
            #expect(result.contains("| kept |"), "\(result)")
            #expect(!output.contains("error"), "\(output)")
            #expect(status == 0)
        }
    }

    @Test("non-ASCII text is typed, edited and sent intact, also without a locale in the environment")
    func nonASCII() async throws {
        try await OwnServer.with { server in
            let (status, result) = try await TerminalProcess.run(
                ["shell", "--url", server.url], environment: ["LANG": "", "LC_ALL": "", "LC_CTYPE": ""]
            ) { terminal in
                try terminal.expectPrompt()
                // Typed with a mistake, fixed with backspaces: one keypress removes all of `ß` or `ë`.
                try terminal.type("SELECT 'Zoë ß'")
                try terminal.type("\u{7f}\u{7f}\u{7f}\u{7f}ü' AS n;\r")
                let result = try terminal.expect("(1 row)")
                // At the prompt, line editing on: see expectPrompt.
                try terminal.expectPrompt()
                try terminal.type("\u{04}")
                return (terminal.exitStatus(), result)
            }
            // Asserted here, in the test's task (the body runs on a Dispatch thread).
            #expect(result.contains("| Zoü"), "\(result)")
            #expect(status == 0)
        }
    }

    @Test("Ctrl-C during a query still cancels it, and the shell goes on")
    func ctrlCDuringQuery() async throws {
        try await OwnServer.with { server in
            let (status, result) = try await TerminalProcess.run(["shell", "--url", server.url]) { terminal in
                try terminal.expectPrompt()
                // Minutes if nothing stops it.
                try terminal.type("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT count(*) FROM c;\r")
                try terminal.expect("FROM c;\r\n")
                Thread.sleep(forTimeInterval: 0.5)
                try terminal.type("\u{03}")
                try terminal.expect("flightsql: error: cancelled")
                try terminal.expectPrompt()
                try terminal.type("SELECT 41 + 1 AS answer;\r")
                let result = try terminal.expect("(1 row)")
                // At the prompt, line editing on: see expectPrompt.
                try terminal.expectPrompt()
                try terminal.type("\u{04}")
                return (terminal.exitStatus(), result)
            }
            #expect(result.contains("42"), "\(result)")
            #expect(status == 0)
        }
    }
}
