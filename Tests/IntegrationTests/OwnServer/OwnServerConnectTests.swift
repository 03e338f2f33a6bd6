import DBAPI
import FlightSQL
import FlightSQLServer
import Foundation
import GRPCTransport
import Testing
import TestSupport

/// URL options of `FlightSQLConnection.connect(url:)` against the project's own server:
/// a bearer token, username/password, and TLS with a custom root.
@Suite struct OwnServerConnectTests {
    @Test("?token= against a token-protected server")
    func token() async throws {
        let token = "tok+en/with=signs"
        try await OwnServer.with(script: "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('ok');", auth: .token(token)) { server in
            // `+` stays a plus sign, `%2F` decodes to `/`.
            let connection = try await FlightSQLConnection.connect(url: "grpc://127.0.0.1:\(server.port)?token=tok+en%2Fwith=signs")
            let cursor = try await connection.cursor()
            #expect(try await cursor.scalar("SELECT v FROM t WHERE v = ?", parameters: ["ok"], as: String.self) == "ok")
            try await cursor.execute("INSERT INTO t VALUES (?)", parameters: ["more"])
            #expect(cursor.rowcount == 1)
            try await connection.close()
            // Also as an option value, and in grpc+tcp:// form.
            let viaOptions = try await FlightSQLConnection.connect(
                url: "grpc+tcp://127.0.0.1:\(server.port)", options: FlightClientOptions(token: token))
            #expect(try await viaOptions.cursor().scalar("SELECT count(*) FROM t", as: Int.self) == 2)
            try await viaOptions.close()
        }
    }

    @Test("?username=&password= runs the handshake against a basic-auth server")
    func basic() async throws {
        try await OwnServer.with(auth: .basic(username: "ada", password: "p@ss w+rd")) { server in
            let connection = try await FlightSQLConnection.connect(
                url: "grpc://127.0.0.1:\(server.port)?username=ada&password=p%40ss%20w%2Brd")
            #expect(try await connection.cursor().scalar("SELECT ? + 1", parameters: [41], as: Int.self) == 42)
            try await connection.close()
            let wrong = try await #require(throws: DBAPIError.self) {
                _ = try await FlightSQLConnection.connect(url: "grpc://127.0.0.1:\(server.port)?username=ada&password=nope")
            }
            #expect(wrong.kind == .operationalError, "\(wrong)")
            #expect(wrong.driverCode == .grpc(16))
        }
    }

    @Test("grpc+tls://localhost:PORT?tls_root_certs=… against the server with the test certificate")
    func tls() async throws {
        let tls = TLSServerConfiguration(
            certificateChainPath: OwnServer.tlsFile("server.pem"), privateKeyPath: OwnServer.tlsFile("server.key"))
        try await OwnServer.with(script: "CREATE TABLE t (id INTEGER);", tls: tls, auth: .token("tls-token")) { server in
            #expect(server.url.hasPrefix("grpc+tls://"))
            let roots = OwnServer.tlsFile("ca.pem").addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let connection = try await FlightSQLConnection.connect(
                url: "grpc+tls://localhost:\(server.port)?tls_root_certs=\(roots)&token=tls-token")
            let cursor = try await connection.cursor()
            try await cursor.executemany("INSERT INTO t VALUES (?)", parameterSets: (1...50).map { [.int(Int64($0))] })
            #expect(cursor.rowcount == 50)
            #expect(try await cursor.scalar("SELECT sum(id) FROM t WHERE id > ?", parameters: [0], as: Int.self) == 1_275)
            try await connection.close()

            // An untrusted root is refused (operationalError, UNAVAILABLE).
            let other = OwnServer.tlsFile("other-ca.pem")
            let untrusted = try await #require(throws: DBAPIError.self) {
                let connection = try await FlightSQLConnection.connect(
                    url: "grpc+tls://localhost:\(server.port)?tls_root_certs=\(other)&token=tls-token")
                defer { Task { try? await connection.close() } }
                try await connection.cursor().execute("SELECT 1")
            }
            #expect(untrusted.kind == .operationalError, "\(untrusted)")
            // A missing root file is the caller's mistake: interfaceError.
            let missing = try await #require(throws: DBAPIError.self) {
                _ = try await FlightSQLConnection.connect(url: "grpc+tls://localhost:\(server.port)?tls_root_certs=/nonexistent/ca.pem")
            }
            #expect(missing.kind == .interfaceError, "\(missing)")
        }
    }

    @Test("mutual TLS through mtls_cert= and mtls_key=; without a client certificate the server refuses")
    func mutualTLS() async throws {
        let tls = TLSServerConfiguration(
            certificateChainPath: OwnServer.tlsFile("server.pem"), privateKeyPath: OwnServer.tlsFile("server.key"),
            clientCAPath: OwnServer.tlsFile("ca.pem"))
        try await OwnServer.with(tls: tls) { server in
            let base = "grpc+tls://127.0.0.1:\(server.port)?tls_root_certs=\(OwnServer.tlsFile("ca.pem"))"
            let connection = try await FlightSQLConnection.connect(
                url: base + "&mtls_cert=\(OwnServer.tlsFile("client.pem"))&mtls_key=\(OwnServer.tlsFile("client.key"))")
            #expect(try await connection.cursor().scalar("SELECT ? || ?", parameters: ["m", "tls"], as: String.self) == "mtls")
            try await connection.close()
            let refused = try await #require(throws: DBAPIError.self) {
                let connection = try await FlightSQLConnection.connect(url: base)
                defer { Task { try? await connection.close() } }
                try await connection.cursor().execute("SELECT 1")
            }
            #expect(refused.kind == .operationalError, "\(refused)")
        }
    }
}
