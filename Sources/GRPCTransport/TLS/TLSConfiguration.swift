import Foundation

/// How a `grpc+tls://` connection authenticates the server (and, optionally, itself).
///
/// By default the server certificate is verified against the system trust store and must
/// name the target host. TLS 1.2 or later is required, and the server must select the
/// HTTP/2 protocol (ALPN `h2`).
public struct TLSConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// Whether to verify the server's certificate chain and host name. Turning it off
    /// (skip-verify) accepts any server and should be used only for testing.
    public var verifyCertificate: Bool
    /// A PEM file of root certificates to trust instead of the system trust store.
    public var trustedRootCertificatesPath: String?
    /// PEM text of root certificates to trust instead of the system trust store (together
    /// with ``trustedRootCertificatesPath`` if both are set).
    public var trustedRootCertificatesPEM: Data?
    /// The name sent as SNI and checked against the certificate instead of the target host.
    public var serverNameOverride: String?
    /// A PEM file with the client certificate (chain) for mutual TLS.
    public var clientCertificatePath: String?
    /// PEM text of the client certificate (chain) for mutual TLS.
    public var clientCertificatePEM: Data?
    /// A PEM file with the client certificate's private key.
    public var clientKeyPath: String?
    /// PEM text of the client certificate's private key.
    public var clientKeyPEM: Data?

    /// A configuration; the default verifies the server against the system trust store.
    public init(
        verifyCertificate: Bool = true,
        trustedRootCertificatesPath: String? = nil,
        trustedRootCertificatesPEM: Data? = nil,
        serverNameOverride: String? = nil,
        clientCertificatePath: String? = nil,
        clientCertificatePEM: Data? = nil,
        clientKeyPath: String? = nil,
        clientKeyPEM: Data? = nil
    ) {
        self.verifyCertificate = verifyCertificate
        self.trustedRootCertificatesPath = trustedRootCertificatesPath
        self.trustedRootCertificatesPEM = trustedRootCertificatesPEM
        self.serverNameOverride = serverNameOverride
        self.clientCertificatePath = clientCertificatePath
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPath = clientKeyPath
        self.clientKeyPEM = clientKeyPEM
    }

    /// Verification against the system trust store.
    public static let `default` = TLSConfiguration()

    /// Whether custom roots replace the system trust store.
    var hasCustomRoots: Bool { trustedRootCertificatesPath != nil || trustedRootCertificatesPEM != nil }

    /// Whether a client certificate is configured.
    var hasClientCertificate: Bool { clientCertificatePath != nil || clientCertificatePEM != nil }

    /// A summary without key material (PEM contents are never shown).
    public var description: String {
        var parts = [verifyCertificate ? "verify" : "skip-verify"]
        if let path = trustedRootCertificatesPath { parts.append("roots: \(path)") }
        if let pem = trustedRootCertificatesPEM { parts.append("roots: <\(pem.count) bytes of PEM>") }
        if !hasCustomRoots { parts.append("roots: system") }
        if let name = serverNameOverride { parts.append("server name: \(name)") }
        if let path = clientCertificatePath { parts.append("client certificate: \(path)") }
        if clientCertificatePEM != nil { parts.append("client certificate: <PEM>") }
        if clientKeyPath != nil || clientKeyPEM != nil { parts.append("client key: <redacted>") }
        return "TLSConfiguration(" + parts.joined(separator: ", ") + ")"
    }
}
