import Foundation

/// How a ``GRPCServer`` serves TLS: its certificate chain and key, and optionally the CA
/// that client certificates must chain to (mutual TLS).
///
/// TLS 1.2 or later is required and only HTTP/2 is offered with ALPN (`h2`): a client that
/// does not offer `h2` is refused during the handshake.
public struct TLSServerConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// A PEM file with the server certificate followed by any intermediates.
    public var certificateChainPath: String
    /// A PEM file with the server certificate's private key.
    public var privateKeyPath: String
    /// A PEM file of CA certificates for verifying clients. When set, every client must
    /// present a certificate that chains to one of them (mutual TLS); when `nil`, client
    /// certificates are neither requested nor checked.
    public var clientCAPath: String?

    /// A configuration from its parts.
    public init(certificateChainPath: String, privateKeyPath: String, clientCAPath: String? = nil) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.clientCAPath = clientCAPath
    }

    /// Whether clients must present a trusted certificate.
    public var requiresClientCertificate: Bool { clientCAPath != nil }

    /// A summary naming the files (the key's path is shown, never its contents).
    public var description: String {
        var parts = ["certificate: \(certificateChainPath)", "key: \(privateKeyPath)"]
        if let clientCAPath { parts.append("client CA: \(clientCAPath) (mutual TLS)") }
        return "TLSServerConfiguration(" + parts.joined(separator: ", ") + ")"
    }
}
