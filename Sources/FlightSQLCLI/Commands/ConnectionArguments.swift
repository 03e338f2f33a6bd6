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

    /// The secrets among `arguments` (a command line, in any order): `--token`, `--password`,
    /// the `username:password` pair the handshake sends, and the values of `--header`s whose
    /// names suggest a credential, so that error lines can leave them out (see ``ErrorText``).
    ///
    /// Read from the raw arguments, not the parsed options, so that a failure before or during
    /// parsing is covered too; a value taken for a secret by mistake is only over-redacted.
    static func secrets(inArguments arguments: [String]) -> [String] {
        var values: [String: [String]] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" { break }
            guard argument.hasPrefix("--") else { continue }
            let body = argument.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                values[String(body[..<equals]), default: []].append(String(body[body.index(after: equals)...]))
            } else if ["token", "password", "username", "header"].contains(body), index < arguments.count {
                values[String(body), default: []].append(arguments[index])
                index += 1
            }
        }
        var secrets = (values["token"] ?? []) + (values["password"] ?? [])
        for username in values["username"] ?? [] {
            for password in values["password"] ?? [] { secrets.append("\(username):\(password)") }
        }
        for header in values["header"] ?? [] {
            guard let equals = header.firstIndex(of: "=") else { continue }
            let name = header[..<equals].lowercased()
            guard credentialHeaderWords.contains(where: { name.contains($0) }) else { continue }
            let value = String(header[header.index(after: equals)...])
            secrets.append(value)
            // `Bearer T` and `Basic B`: the server may echo the credential without its scheme.
            secrets += value.split(whereSeparator: \.isWhitespace).dropFirst().map(String.init)
            // `a=1; b=2` cookies: each value alone.
            for pair in value.split(separator: ";") {
                if let equals = pair.firstIndex(of: "=") { secrets.append(String(pair[pair.index(after: equals)...])) }
            }
        }
        return secrets.filter { !$0.isEmpty }
    }

    /// Parts of header names (lower-cased) whose values are taken for credentials.
    static let credentialHeaderWords = ["auth", "cookie", "token", "secret", "password", "passwd", "key", "credential", "session", "signature"]

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
