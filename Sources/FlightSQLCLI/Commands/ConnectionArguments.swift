import FlightSQL
import Foundation

/// The connection options shared by every command that talks to a server.
enum ConnectionArguments {
    static let specs: [ArgumentParser.OptionSpec] = [
        .init(name: "url", takesValue: true),
        .init(name: "token", takesValue: true),
        .init(name: "username", takesValue: true),
        .init(name: "password", takesValue: true),
        .init(name: "header", takesValue: true),
        .init(name: "tls-root-certs", takesValue: true),
        .init(name: "tls-skip-verify", takesValue: false),
        .init(name: "tls-override-hostname", takesValue: true),
        .init(name: "mtls-cert", takesValue: true),
        .init(name: "mtls-key", takesValue: true),
        .init(name: "timeout", takesValue: true),
    ]

    /// The longest `--timeout`, in seconds (about 31 years), the same limit as the URL's `timeout`.
    static let maximumTimeoutSeconds = 1e9

    /// The server URL: `--url`, else `$FLIGHTSQL_URL`.
    static func url(_ parsed: ArgumentParser.Parsed) throws -> String {
        if let url = parsed.value("url") { return url }
        if let url = ProcessInfo.processInfo.environment["FLIGHTSQL_URL"], !url.isEmpty { return url }
        throw UsageError("no server given: pass --url or set FLIGHTSQL_URL")
    }

    /// The client options the arguments describe.
    static func clientOptions(_ parsed: ArgumentParser.Parsed) throws -> FlightClientOptions {
        var options = FlightClientOptions()
        options.token = parsed.value("token")
        options.username = parsed.value("username")
        options.password = parsed.value("password")
        if options.username != nil, options.password == nil { throw UsageError("--username needs --password") }
        if options.password != nil, options.username == nil { throw UsageError("--password needs --username") }
        if options.token != nil, options.username != nil { throw UsageError("use either --token or --username/--password, not both") }
        for header in parsed.values("header") {
            guard let equals = header.firstIndex(of: "="), equals != header.startIndex else {
                // Not echoed: a header's value is often a credential (`authorization=Bearer …`).
                throw UsageError("--header takes KEY=VALUE (an argument without '=' or with an empty KEY was given)")
            }
            options.headers.append(.init(name: String(header[..<equals]), value: String(header[header.index(after: equals)...])))
        }
        options.tls.rootCertificatesFile = parsed.value("tls-root-certs")
        options.tls.skipVerify = parsed.flag("tls-skip-verify")
        options.tls.overrideHostname = parsed.value("tls-override-hostname")
        options.tls.clientCertificateFile = parsed.value("mtls-cert")
        options.tls.clientKeyFile = parsed.value("mtls-key")
        if (options.tls.clientCertificateFile == nil) != (options.tls.clientKeyFile == nil) {
            throw UsageError("--mtls-cert and --mtls-key go together")
        }
        if let timeout = parsed.value("timeout") {
            // Bounded as the driver's URL parser bounds it: milliseconds of 1e16 seconds and
            // more do not fit an Int64, and converting them would trap.
            guard let seconds = Double(timeout), seconds > 0, seconds.isFinite, seconds < maximumTimeoutSeconds else {
                throw UsageError("--timeout takes a positive number of seconds below \(Int(maximumTimeoutSeconds)), got '\(timeout)'")
            }
            options.timeout = .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
        return options
    }
}
