#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The `flightsql` command: dispatches to a subcommand and turns every failure into one line
/// on stderr and an exit status (0 success, 1 failure, 2 usage error). It never lets an error
/// escape as a crash, and it never prints a secret given on the command line.
public enum FlightSQLTool {
    /// The command's version, printed by `flightsql --version`.
    public static let version = "0.1.0"

    /// Runs the command with `arguments` (without the program name) and returns the exit status.
    public static func run(arguments: [String]) async -> Int32 {
        // A closed stdout must end the output quietly, not kill the process (see OutputSink).
        signal(SIGPIPE, SIG_IGN)
        let stdout = OutputSink(fileDescriptor: STDOUT_FILENO)
        do {
            try await dispatch(arguments, stdout: stdout)
            try stdout.flush()
            return 0
        } catch is OutputClosed {
            return 0
        } catch let exit as ExitStatus {
            try? stdout.flush()
            return exit.status
        } catch let error as UsageError {
            printError(ErrorText.redact("\(error.description) (\(usageHint))", secrets: ConnectionArguments.secrets(inArguments: arguments)))
            return 2
        } catch {
            try? stdout.flush()
            printError(errorLine(for: error, arguments: arguments))
            return 1
        }
    }

    /// The line printed for a failure of the command run with `arguments`: the error's text
    /// without the secrets the arguments hold, even when the server echoed them.
    static func errorLine(for error: any Error, arguments: [String]) -> String {
        ErrorText.line(for: error, redacting: ConnectionArguments.secrets(inArguments: arguments))
    }

    static func dispatch(_ arguments: [String], stdout: OutputSink) async throws {
        guard let command = arguments.first else { throw UsageError("no command given") }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "query": try await QueryCommand.run(rest, stdout: stdout)
        case "cat": try CatCommand.run(rest, stdout: stdout)
        case "shell": try await ShellCommand.run(rest, stdout: stdout)
        case _ where MetadataCommand.definitions[command] != nil: try await MetadataCommand.run(command, rest, stdout: stdout)
        case "serve": try await ServeCommand.run(rest, stdout: stdout)
        case "demo": try await DemoCommand.run(rest, stdout: stdout)
        case "help", "-h", "--help": try stdout.write(usage)
        case "--version", "version": try stdout.write("flightsql \(version)\n")
        default: throw UsageError("unknown command '\(command)'")
        }
    }

    static let usageHint = "run 'flightsql help' for usage"

    static let usage = """
        Usage: flightsql COMMAND [OPTIONS]

        Commands:
          query [OPTIONS] SQL     Run SQL on a Flight SQL server and print the result.
          shell [OPTIONS]         Interactive SQL shell (reads statements from stdin when piped).
          catalogs [OPTIONS]      List the catalogs.
          schemas [OPTIONS] [--catalog C] [--schema-pattern P]
                                  List the database schemas.
          tables [OPTIONS] [--catalog C] [--schema-pattern P] [--table-pattern P]
                 [--type T]... [--include-schema]
                                  List the tables (patterns: SQL LIKE syntax, % and _).
          table-types [OPTIONS]   List the table types.
          columns [OPTIONS] [--catalog C] [--schema S] TABLE
                                  Show a table's columns.
          primary-keys [OPTIONS] [--catalog C] [--schema S] TABLE
                                  Show a table's primary key.
          info [OPTIONS] [--id N|NAME]...
                                  Show the server's SqlInfo (all, or the ids given).
          type-info [OPTIONS] [--data-type N]
                                  Show the data types the server supports.
          cat [--format F] FILE   Print an Arrow IPC stream or file ('-' reads stdin).
          serve [OPTIONS]         Serve an SQLite database over Flight SQL (see Docs/Server.md).
          demo                    Start a sample server in-process and query it.
          help                    Show this help.
          --version               Show the version.

        Connection and output options (query, shell and the metadata commands):
          --url URL                     grpc://, grpc+tcp:// or grpc+tls://HOST:PORT (default: $FLIGHTSQL_URL)
          --token T                     Send 'authorization: Bearer T'
          --username U --password P     Flight handshake with Basic authentication
          --header KEY=VALUE            Extra request header (repeatable), e.g. database=mydb
          --tls-root-certs PEM          Trust these root certificates instead of the system's
          --tls-skip-verify             Do not verify the server's certificate (unsafe)
          --tls-override-hostname NAME  Verify the certificate against NAME
          --mtls-cert PEM --mtls-key PEM  Client certificate and key for mutual TLS
          --timeout SECONDS             Deadline for each call
          --format table|jsonl|csv|arrow  Output format (default: table on a terminal, else jsonl)

        """

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data(("flightsql: error: " + message + "\n").utf8))
    }
}
