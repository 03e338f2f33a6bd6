import Foundation
import Testing
@testable import GRPCTransport
import TestSupport

/// A server certificate outside its validity window is refused with an error that says
/// so. The certificates are made at test time by the `openssl` command, signed by the
/// shared test CA, for the server's key (nothing is copied into the repository).
@Suite struct CertificateValidityTests {
    /// Issues a certificate for `localhost`/`127.0.0.1` valid only from `start` to `end`
    /// (`YYYYMMDDHHMMSSZ`) with `openssl ca`, whose `-startdate`/`-enddate` Debian's OpenSSL
    /// 3.0 supports (`x509 -not_before` needs 3.4). Returns the certificate's path.
    private static func issue(validFrom start: String, until end: String, in directory: URL) throws -> String {
        let files = [
            "ca.cnf": """
                [ca]
                default_ca = test
                [test]
                database = index.txt
                new_certs_dir = .
                serial = serial.txt
                default_md = sha256
                policy = anything
                unique_subject = no
                [anything]
                commonName = supplied
                """,
            "ext.cnf": "subjectAltName=DNS:localhost,IP:127.0.0.1\n",
            "index.txt": "",
            "serial.txt": "01\n",
        ]
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try run(["req", "-new", "-key", ServerFixture.tlsFile("server.key"), "-subj", "/CN=localhost", "-out", "server.csr"], in: directory)
        try run([
            "ca", "-config", "ca.cnf", "-batch", "-notext", "-cert", ServerFixture.tlsFile("ca.pem"), "-keyfile", ServerFixture.tlsFile("ca.key"),
            "-in", "server.csr", "-out", "server.pem", "-startdate", start, "-enddate", end, "-extfile", "ext.cnf",
        ], in: directory)
        return directory.appendingPathComponent("server.pem").path
    }

    private static func run(_ arguments: [String], in directory: URL) throws {
        let result = try ChildProcess.runBlocking("/usr/bin/env", ["openssl"] + arguments, directory: directory.path, mergeStderr: true)
        let text = String(decoding: result.stdout, as: UTF8.self)
        guard result.status == 0 else {
            throw GRPCStatus(code: .internal, message: "openssl \(arguments.first ?? "") failed: \(text)")
        }
    }

    /// Starts our server with a certificate valid from `start` to `end` and returns the
    /// error a client trusting the test CA gets.
    private func refusal(validFrom start: String, until end: String) async throws -> GRPCStatus? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flightsql-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // openssl runs on its own thread: waiting for it must not hold one of the few
        // threads that run every other test's tasks.
        let certificate = try await withCheckedThrowingContinuation { (done: CheckedContinuation<String, any Error>) in
            Thread { done.resume(with: Result { try Self.issue(validFrom: start, until: end, in: directory) }) }.start()
        }
        let tls = TLSServerConfiguration(certificateChainPath: certificate, privateKeyPath: ServerFixture.tlsFile("server.key"))
        return try await ServerFixture.withServer(tls: tls) { server in
            await expectStatus {
                let client = try await HTTP2ClientTransport.connect(
                    url: "grpc+tls://localhost:\(server.port)", tls: TLSConfiguration(trustedRootCertificatesPath: ServerFixture.tlsFile("ca.pem")))
                client.close()
            }
        }
    }

    @Test("an expired server certificate is refused: the error says it expired")
    func expired() async throws {
        let status = try await refusal(validFrom: "20200101000000Z", until: "20200102000000Z")
        #expect(status?.code == .unavailable, "\(status.map { "\($0)" } ?? "connected")")
        #expect(status?.message.contains("the server certificate has expired") == true, "\(status.map { "\($0)" } ?? "connected")")
    }

    @Test("a server certificate not yet valid is refused: the error says so")
    func notYetValid() async throws {
        let status = try await refusal(validFrom: "20900101000000Z", until: "20910101000000Z")
        #expect(status?.code == .unavailable, "\(status.map { "\($0)" } ?? "connected")")
        #expect(status?.message.contains("the server certificate is not yet valid") == true, "\(status.map { "\($0)" } ?? "connected")")
    }
}
