import FlightSQL
import Foundation
import GRPCTransport
import Testing

@testable import FlightSQLCLI

/// Error lines never show a credential from the command line, whatever the server echoes.
@Suite struct ErrorTextTests {
    static let token = "s3cr3t-T0ken+value/42"
    static let password = "hunter2-Pa55"
    static let arguments = ["query", "--url", "grpc://127.0.0.1:1", "--token", token, "SELECT 1"]

    @Test("a server error echoing the --token, in any of its forms, prints without it")
    func echoedToken() {
        let base64 = Data(Self.token.utf8).base64EncodedString()
        let messages = [
            "invalid token \(Self.token)",
            "unknown session \(Self.token) (expired)",
            "no user for '\(Self.token)'",
            "unauthorized:\(Self.token.uppercased())",
            "rejected\n\(Self.token)\nsee logs",
            "bad uri ?t=\(Self.token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
            "bad json {\"t\":\"\(Self.token.replacingOccurrences(of: "/", with: "\\/"))\"}",
            "cannot decode \(base64) as a token",
        ]
        for message in messages {
            for error: any Error in [FlightError(code: .unauthenticated, message: message), GRPCStatus(code: .unauthenticated, message: message)] {
                let line = FlightSQLTool.errorLine(for: error, arguments: Self.arguments)
                #expect(!line.localizedCaseInsensitiveContains(Self.token), "\(line)")
                #expect(!line.contains(base64), "\(line)")
                #expect(line.contains("<redacted>"), "\(line)")
                #expect(!line.contains("\n"))
            }
        }
    }

    @Test("the password, the Basic credentials and credential headers are redacted; the rest of the line stays")
    func passwordAndHeaders() {
        let arguments = [
            "shell", "--username=alice", "--password", Self.password,
            "--header", "authorization=Bearer hdr-t0ken-9", "--header", "database=sales",
        ]
        let basic = Data("alice:\(Self.password)".utf8).base64EncodedString()
        let error = FlightError(
            code: .permissionDenied,
            message: "denied for \(Self.password), basic \(basic), bearer hdr-t0ken-9 on database sales")
        let line = FlightSQLTool.errorLine(for: error, arguments: arguments)
        #expect(!line.contains(Self.password))
        #expect(!line.contains(basic))
        #expect(!line.contains("hdr-t0ken-9"))
        #expect(line.hasPrefix("permission denied: denied for <redacted>"))
        #expect(line.hasSuffix("on database sales"), "a non-credential header's value is not a secret")
    }

    @Test("the secrets are found in every spelling of the options, and only there")
    func secretsInArguments() {
        let secrets = ConnectionArguments.secrets(inArguments: [
            "query", "--token=t1-abc", "--password", "p1", "--username", "u1", "--header", "Cookie=sid=c1; theme=dark",
            "--header", "x-api-key=k1", "--header", "database=db1", "--", "--token", "not-an-option",
        ])
        for secret in ["t1-abc", "p1", "u1:p1", "sid=c1; theme=dark", "c1", "k1"] {
            #expect(secrets.contains(secret), "\(secret)")
        }
        #expect(!secrets.contains("db1"))
        #expect(!secrets.contains("not-an-option"))
        #expect(!secrets.contains("u1"), "a user name alone is not a secret")
    }

    @Test("pattern redaction still applies when the command line holds no secret")
    func patternRedaction() {
        let line = ErrorText.line(for: FlightError(code: .unauthenticated, message: "password=abc123 rejected"))
        #expect(!line.contains("abc123"))
    }
}
