#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FlightSQL
import Foundation

/// `flightsql shell [OPTIONS]`: an interactive SQL shell on one connection. On a terminal it
/// edits lines with libedit and keeps a history; otherwise it runs the statements it reads
/// from stdin and exits 1 if any of them failed.
enum ShellCommand {
    static let parser = ArgumentParser(specs: ConnectionArguments.specs + [.init(name: "format", takesValue: true)])

    static func run(_ arguments: [String], stdout: OutputSink) async throws {
        let parsed = try parser.parse(arguments)
        guard parsed.positionals.isEmpty else {
            throw UsageError("shell takes no arguments besides options, got '\(parsed.positionals[0])' (pipe SQL into its stdin)")
        }
        let url = try ConnectionArguments.url(parsed)
        let options = try ConnectionArguments.clientOptions(parsed)
        var format = OutputFormat.table
        if let name = parsed.value("format") {
            guard let chosen = OutputFormat(rawValue: name), chosen != .arrow else {
                throw UsageError("unknown format '\(name)' for the shell (use table, jsonl or csv)")
            }
            format = chosen
        }

        let client = try await FlightSQLClient.connect(url: url, options: options)
        defer { client.close() }
        try stdout.flush()
        let interactive = isatty(STDIN_FILENO) == 1
        let session = ShellSession(
            client: client, format: format, outputDescriptor: STDOUT_FILENO,
            interrupter: interactive ? try QueryInterrupter() : nil,
            secrets: ConnectionArguments.secrets(inArguments: arguments))
        if interactive {
            // Not the URL: it may carry credentials.
            FileHandle.standardError.write(Data("flightsql \(FlightSQLTool.version) shell: end statements with ';', .help for help, Ctrl-D to quit\n".utf8))
            await session.run(lines: LineEditor(historyPath: historyPath()))
            return
        }
        await session.run(lines: StandardInputLines())
        if session.failures > 0 { throw ExitStatus(1) }
    }

    /// `$FLIGHTSQL_HISTORY` (empty: no history), else `~/.flightsql_history`.
    static func historyPath() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["FLIGHTSQL_HISTORY"] { return path.isEmpty ? nil : path }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return (home as NSString).appendingPathComponent(".flightsql_history")
    }
}
