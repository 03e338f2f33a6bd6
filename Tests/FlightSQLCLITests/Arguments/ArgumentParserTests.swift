import Testing

@testable import FlightSQLCLI

@Suite struct ArgumentParserTests {
    let parser = ArgumentParser(specs: [.init(name: "url", takesValue: true), .init(name: "header", takesValue: true), .init(name: "tls-skip-verify", takesValue: false)])

    @Test("values, inline values, repeats, flags and positionals")
    func parses() throws {
        let parsed = try parser.parse(["--url", "grpc://h:1", "--header=a=b", "--header", "c=d", "--tls-skip-verify", "SELECT 1"])
        #expect(parsed.value("url") == "grpc://h:1")
        #expect(parsed.values("header") == ["a=b", "c=d"])
        #expect(parsed.flag("tls-skip-verify"))
        #expect(parsed.positionals == ["SELECT 1"])
    }

    @Test("-- ends options so SQL may start with a dash")
    func endOfOptions() throws {
        let parsed = try parser.parse(["--", "--not-an-option"])
        #expect(parsed.positionals == ["--not-an-option"])
    }

    @Test("unknown options and missing values are usage errors")
    func errors() {
        #expect(throws: UsageError.self) { try parser.parse(["--nope"]) }
        #expect(throws: UsageError.self) { try parser.parse(["--url"]) }
        #expect(throws: UsageError.self) { try parser.parse(["--tls-skip-verify=yes"]) }
        #expect(throws: UsageError.self) { try parser.parse(["-x"]) }
    }

    @Test("connection arguments: username needs password, header needs KEY=VALUE, timeout positive")
    func connectionArguments() throws {
        let query = QueryCommand.parser
        #expect(throws: UsageError.self) { try ConnectionArguments.clientOptions(try query.parse(["--username", "u"])) }
        #expect(throws: UsageError.self) { try ConnectionArguments.clientOptions(try query.parse(["--header", "novalue"])) }
        #expect(throws: UsageError.self) { try ConnectionArguments.clientOptions(try query.parse(["--timeout", "-1"])) }
        let options = try ConnectionArguments.clientOptions(try query.parse(["--header", "database=db=1", "--timeout", "1.5"]))
        #expect(options.headers == [.init(name: "database", value: "db=1")])
        #expect(options.timeout == .milliseconds(1500))
    }

    @Test("a --timeout whose milliseconds overflow Int64 is a usage error (exit 2), not a trap")
    func hugeTimeout() async throws {
        let query = QueryCommand.parser
        for timeout in ["1e16", "1e20", "1e300", "9.3e15", "1000000000"] {
            #expect(throws: UsageError.self, "\(timeout)") {
                try ConnectionArguments.clientOptions(try query.parse(["--timeout", timeout]))
            }
        }
        let longest = try ConnectionArguments.clientOptions(try query.parse(["--timeout", "999999999"]))
        #expect(longest.timeout == .seconds(999_999_999))
        let status = await FlightSQLTool.run(arguments: ["query", "--url", "grpc://127.0.0.1:1", "--timeout", "1e20", "SELECT 1"])
        #expect(status == 2)
    }
}
