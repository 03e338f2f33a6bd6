import Foundation
import GRPCTransport

/// Opens the HTTP/2 connection for a Flight URL with the client's TLS settings.
enum FlightConnector {
    static func connect(url: String, options: FlightClientOptions) async throws -> HTTP2ClientTransport {
        let target: GRPCTarget
        do {
            target = try GRPCTarget(url: url)
        } catch {
            throw FlightError(code: .invalidConfiguration, message: error.message, cause: error)
        }
        let tls = target.security == .tls ? try tlsConfiguration(options.tls) : nil
        var configuration = HTTP2ClientTransport.Configuration()
        configuration.maxReceiveMessageSize = options.maxReceiveMessageSize
        configuration.keepalive = options.keepalive
        return try await FlightClient.translatingErrors {
            try await HTTP2ClientTransport.connect(to: target, tls: tls, configuration: configuration)
        }
    }

    static func tlsConfiguration(_ options: TLSOptions) throws -> TLSConfiguration {
        var tls = TLSConfiguration()
        if let path = options.rootCertificatesFile { tls.trustedRootCertificatesPEM = try readFile(path, what: "root certificates") }
        tls.verifyCertificate = !options.skipVerify
        tls.serverNameOverride = options.overrideHostname
        switch (options.clientCertificateFile, options.clientKeyFile) {
        case (let certificate?, let key?):
            tls.clientCertificatePEM = try readFile(certificate, what: "client certificate")
            tls.clientKeyPEM = try readFile(key, what: "client key")
        case (nil, nil):
            break
        default:
            throw FlightError(code: .invalidConfiguration, message: "mutual TLS needs both a client certificate and its key")
        }
        return tls
    }

    private static func readFile(_ path: String, what: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw FlightError(code: .invalidConfiguration, message: "cannot read the \(what) file '\(path)'")
        }
    }
}
