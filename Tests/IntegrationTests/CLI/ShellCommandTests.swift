import Foundation
import Testing
import TestSupport

/// `flightsql shell` with a script piped into stdin, against the project's own server.
@Suite struct ShellCommandTests {
    @Test("statements over several lines, dot-commands, formats, updates and errors give exact output")
    func script() async throws {
        try await OwnServer.with(storage: .temporaryFile, script: MetadataCommandTests.script) { server in
            let input = """
                -- a comment line is not a statement
                SELECT name, country
                  FROM cities ORDER BY id;
                .describe cities
                SELECT nope;
                .bogus
                INSERT INTO trips VALUES (3, 1, 7.25);
                .format jsonl
                SELECT 'a;b' AS s; SELECT count(*) AS n FROM trips;
                .format
                .format csv
                .tables t%
                SELECT 1 AS last
                """
            let output = try await CLIProcess.run(["shell", "--url", server.url], input: input)
            #expect(output.status == 1, "a statement failed")
            #expect(output.stderr == """
                flightsql: error: invalid argument: no such column: nope
                flightsql: error: unknown command '.bogus' (.help lists the commands)

                """)
            #expect(output.stdout == """
                +--------+---------+
                | name   | country |
                +--------+---------+
                | Oslo   | NO      |
                | Bergen | NO      |
                +--------+---------+
                (2 rows)
                +---------+-------------+-----------+----------+----------+
                | ordinal | column_name | data_type | nullable | sql_type |
                +---------+-------------+-----------+----------+----------+
                |       1 | id          | int64     | false    | INTEGER  |
                |       2 | name        | utf8      | false    | TEXT     |
                |       3 | country     | utf8      | true     | TEXT     |
                +---------+-------------+-----------+----------+----------+
                (3 rows)
                OK, 1 row affected
                {"s":"a;b"}
                {"n":3}
                jsonl
                catalog_name,db_schema_name,table_name,table_type\r
                ,main,trips,table\r
                last\r
                1\r

                """)
        }
    }

    @Test("a script without errors exits 0; .quit stops reading; .timing prints the time")
    func quitAndTiming() async throws {
        try await OwnServer.with(script: MetadataCommandTests.script) { server in
            let output = try await CLIProcess.run(
                ["shell", "--url", server.url, "--format", "jsonl"],
                input: ".timing on\nSELECT 1 AS one;\n.timing off\n.quit\nSELECT nope;\n")
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stderr == "")
            let lines = output.stdout.split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines.first == "{\"one\":1}")
            #expect(lines.last.map { $0.wholeMatch(of: /Time: \d+\.\d{3} s/) != nil } == true)
        }
    }

    @Test(".help lists the dot-commands; an unreachable server fails with one line")
    func helpAndFailure() async throws {
        try await OwnServer.with { server in
            let help = try await CLIProcess.run(["shell", "--url", server.url], input: ".help\n")
            #expect(help.status == 0)
            #expect(help.stdout.hasPrefix(".catalogs "))
            #expect(help.stdout.contains(".describe TABLE"))
        }
        let down = try await CLIProcess.run(["shell", "--url", "grpc://127.0.0.1:1", "--token", "tok-SECRET-9"], input: "SELECT 1;\n")
        #expect(down.status == 1)
        #expect(down.stderr.hasPrefix("flightsql: error: "))
        #expect(down.stderr.split(separator: "\n").count == 1)
        #expect(!down.stderr.contains("tok-SECRET-9"))
    }
}
