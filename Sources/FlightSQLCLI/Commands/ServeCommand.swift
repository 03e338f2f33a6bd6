#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import FlightSQLServer
import Foundation
import GRPCTransport
import Synchronization

/// `flightsql serve`: serves an SQLite database over Flight SQL until SIGINT or SIGTERM.
///
/// Prints exactly one line, `listening on grpc://HOST:PORT` (or `grpc+tls://`), once clients
/// can connect, so scripts can wait for it. Secrets given on the command line are never
/// printed.
enum ServeCommand {
    static let parser = ArgumentParser(specs: [
        .init(name: "sqlite", takesValue: true), .init(name: "host", takesValue: true),
        .init(name: "port", takesValue: true), .init(name: "tls-cert", takesValue: true),
        .init(name: "tls-key", takesValue: true), .init(name: "tls-client-ca", takesValue: true),
        .init(name: "token", takesValue: true), .init(name: "username", takesValue: true),
        .init(name: "password", takesValue: true), .init(name: "read-only", takesValue: false),
        .init(name: "endpoints", takesValue: true),
    ])

    static func run(_ arguments: [String], stdout: OutputSink) async throws {
        let parsed = try parser.parse(arguments)
        guard parsed.positionals.isEmpty else { throw UsageError("serve takes no positional arguments") }
        let configuration = try configuration(parsed)
        // Signals are routed before the server starts: a SIGTERM sent the moment the ready
        // line appears must stop the server cleanly, neither kill it nor get lost.
        let termination = try TerminationSignals()
        let backend = try await SQLiteBackend(path: configuration.path, readOnly: configuration.options.readOnly)
        let server: FlightSQLServer
        do {
            server = try await FlightSQLServer.start(
                backend: backend, host: configuration.host, port: configuration.port, tls: configuration.tls,
                auth: configuration.auth, options: configuration.options)
        } catch {
            await backend.close()
            throw error
        }
        try stdout.write("listening on \(server.url)\n")
        try stdout.flush()
        await termination.wait()
        await server.shutdown()
    }

    /// Everything `serve` was asked for.
    struct Configuration {
        var path: String
        var host: String
        var port: Int
        var tls: TLSServerConfiguration?
        var auth: FlightSQLServerAuth
        var options: FlightSQLServerOptions
    }

    static func configuration(_ parsed: ArgumentParser.Parsed) throws -> Configuration {
        let path = parsed.value("sqlite") ?? ":memory:"
        let host = parsed.value("host") ?? "127.0.0.1"
        var port = 0
        if let text = parsed.value("port") {
            guard let value = Int(text), (0...65_535).contains(value) else { throw UsageError("--port must be 0 to 65535") }
            port = value
        }
        var tls: TLSServerConfiguration?
        switch (parsed.value("tls-cert"), parsed.value("tls-key")) {
        case (let cert?, let key?):
            tls = TLSServerConfiguration(certificateChainPath: cert, privateKeyPath: key, clientCAPath: parsed.value("tls-client-ca"))
        case (nil, nil):
            if parsed.value("tls-client-ca") != nil { throw UsageError("--tls-client-ca needs --tls-cert and --tls-key") }
        default:
            throw UsageError("--tls-cert and --tls-key go together")
        }
        let auth: FlightSQLServerAuth
        switch (parsed.value("token"), parsed.value("username"), parsed.value("password")) {
        case (nil, nil, nil): auth = .none
        case (let token?, nil, nil):
            guard !token.isEmpty else { throw UsageError("--token must not be empty") }
            auth = .token(token)
        case (nil, let username?, let password?): auth = .basic(username: username, password: password)
        case (nil, _, _): throw UsageError("--username and --password go together")
        default: throw UsageError("--token cannot be combined with --username/--password")
        }
        var options = FlightSQLServerOptions(readOnly: parsed.flag("read-only"))
        if let text = parsed.value("endpoints") {
            guard let value = Int(text), (1...64).contains(value) else { throw UsageError("--endpoints must be 1 to 64") }
            options.endpoints = value
        }
        return Configuration(path: path, host: host, port: port, tls: tls, auth: auth, options: options)
    }

}

/// SIGINT and SIGTERM turned into an awaitable event (the self-pipe pattern).
///
/// The handler is installed with `sigaction`, which takes effect for the whole process when it
/// returns; a Dispatch signal source registers asynchronously after `resume()` and needs the
/// signal ignored first, which leaves a window in which a signal is lost. The handler only
/// writes one byte to a non-blocking pipe (async-signal-safe); a thread blocked in `read`
/// wakes the waiter. The handler stays installed until the process exits, so a second signal
/// during shutdown is absorbed rather than killing the process half-way.
final class TerminationSignals: Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32

    /// Installs the handlers; throws if the pipe or a handler cannot be set up.
    init() throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw CommandError("cannot create the signal pipe: errno \(errno)") }
        readEnd = ends[0]
        writeEnd = ends[1]
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        // A full pipe must never block the handler; one byte is all the waiter needs.
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        terminationSignalPipe.store(writeEnd, ordering: .sequentiallyConsistent)
        for number in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in
                var byte: UInt8 = 1
                _ = write(terminationSignalPipe.load(ordering: .relaxed), &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            guard sigaction(number, &action, nil) == 0 else {
                throw CommandError("cannot handle signal \(number): errno \(errno)")
            }
        }
    }

    /// Returns once SIGINT or SIGTERM arrived (at once if one already did).
    func wait() async {
        let readEnd = readEnd
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // A plain thread, not the concurrency pool: the read blocks until a signal.
            Thread.detachNewThread {
                var byte: UInt8 = 0
                while read(readEnd, &byte, 1) < 0, errno == EINTR {}
                continuation.resume()
            }
        }
    }
}

/// The signal pipe's write end, read by the signal handler (a C function cannot capture
/// context). Stored before the handlers are installed, so the handler only ever takes the
/// initialised fast path of this global and does one atomic load.
private let terminationSignalPipe = Atomic<Int32>(-1)
