import FlightSQL
import Foundation
import Synchronization

/// The shell's read-evaluate-print loop over one connection: SQL statements ended by `;`
/// and dot-commands, each result printed in the current format, each failure printed as
/// one `flightsql: error: …` line on stderr before the loop goes on.
final class ShellSession {
    let client: FlightSQLClient
    /// Where results go (stdout); each command writes through its own buffer.
    let outputDescriptor: Int32
    var format: OutputFormat
    var timing = false
    /// How many commands failed (a non-interactive shell then exits 1).
    private(set) var failures = 0
    private let interrupter: QueryInterrupter?
    /// What error lines leave out: the credentials the shell was started with.
    private let secrets: [String]

    static let prompt = "flightsql> "
    static let continuationPrompt = "      ...> "

    init(client: FlightSQLClient, format: OutputFormat, outputDescriptor: Int32, interrupter: QueryInterrupter?, secrets: [String] = []) {
        self.client = client
        self.secrets = secrets
        self.format = format
        self.outputDescriptor = outputDescriptor
        self.interrupter = interrupter
    }

    /// Reads and runs commands until the input ends or `.quit`.
    func run(lines: some LineSource) async {
        var splitter = StatementSplitter()
        while let input = lines.readLine(prompt: splitter.isInsideStatement ? Self.continuationPrompt : Self.prompt) {
            guard case .line(let line) = input else {
                // Ctrl-C at the prompt: drop the line and any unfinished statement, as psql
                // does, and show a fresh prompt on a new line.
                splitter = StatementSplitter()
                write("^C\n")
                continue
            }
            lines.remember(line)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            // A dot-command is a line of its own between statements; inside one, `.` is SQL.
            if !splitter.isInsideStatement, trimmed.hasPrefix(".") {
                do {
                    let command = try DotCommand.parse(trimmed)
                    if command == .quit { return }
                    await perform(command)
                } catch {
                    report(error)
                }
                continue
            }
            for statement in splitter.feed(line: line) {
                await runSQL(statement)
            }
        }
        // A person's unfinished statement at Ctrl-D is dropped, as in psql; a script's last
        // statement runs even without its `;`.
        if let last = splitter.finish(), !lines.isInteractive {
            await runSQL(last)
        }
    }

    private func perform(_ command: DotCommand) async {
        let client = client
        let format = format
        switch command {
        case .help:
            write(DotCommand.helpText)
        case .quit:
            break
        case .format(nil):
            write(format.rawValue + "\n")
        case .format(let newFormat?):
            self.format = newFormat
        case .timing(let on):
            timing = on
        case .tables(let pattern):
            await timed { sink in
                try await ResultPrinting.print(info: client.getTables(tableNameFilterPattern: pattern), client: client, format: format, to: sink)
            }
        case .schemas:
            await timed { sink in
                try await ResultPrinting.print(info: client.getDbSchemas(), client: client, format: format, to: sink)
            }
        case .catalogs:
            await timed { sink in
                try await ResultPrinting.print(info: client.getCatalogs(), client: client, format: format, to: sink)
            }
        case .describe(let table):
            await timed { sink in
                let columns = try await MetadataQueries.columns(of: table, catalog: nil, schema: nil, client: client)
                try ResultPrinting.print(schema: columns.schema, rows: columns.rows, format: format, to: sink)
            }
        }
    }

    private func runSQL(_ sql: String) async {
        let client = client
        let format = format
        await timed { sink in
            // Flight SQL sends updates differently from queries; the driver's rule decides.
            if FlightSQLStatementKind.detect(sql) == .update {
                let count = try await client.executeUpdate(sql)
                if format == .table { try sink.write(count < 0 ? "OK\n" : "OK, \(count) row\(count == 1 ? "" : "s") affected\n") }
                return
            }
            try await ResultPrinting.print(info: client.execute(sql), client: client, format: format, to: sink)
        }
    }

    /// Runs one command as a task Ctrl-C can cancel, prints its failure (if any) and, with
    /// `.timing on`, its wall-clock time.
    private func timed(_ body: @escaping @Sendable (OutputSink) async throws -> Void) async {
        let descriptor = outputDescriptor
        let started = ContinuousClock.now
        let outcome = Outcome()
        let work: @Sendable () async -> Void = {
            let sink = OutputSink(fileDescriptor: descriptor)
            do {
                try await body(sink)
                try sink.flush()
            } catch {
                try? sink.flush()
                outcome.set(error)
            }
        }
        let cancelled: Bool
        if let interrupter {
            cancelled = await interrupter.run(work)
        } else {
            await work()
            cancelled = false
        }
        if cancelled {
            failures += 1
            printError("cancelled")
        } else if let error = outcome.error {
            if error is OutputClosed { return }
            report(error)
        }
        if timing {
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            write(String(format: "Time: %.3f s\n", seconds))
        }
    }

    private func report(_ error: any Error) {
        failures += 1
        printError(ErrorText.line(for: error, redacting: secrets))
    }

    private func printError(_ message: String) {
        FileHandle.standardError.write(Data(("flightsql: error: " + message + "\n").utf8))
    }

    private func write(_ text: String) {
        let sink = OutputSink(fileDescriptor: outputDescriptor)
        try? sink.write(text)
        try? sink.flush()
    }
}

/// The error a command's task ended with, handed back to the shell's loop.
private final class Outcome: Sendable {
    private let stored = Mutex<(any Error)?>(nil)

    var error: (any Error)? { stored.withLock { $0 } }

    func set(_ error: any Error) { stored.withLock { $0 = error } }
}
