import COpenSSL
import Foundation

/// The OpenSSL server context shared by every connection of a ``GRPCServer``: certificate,
/// key, TLS 1.2 minimum, ALPN `h2` selection and, for mutual TLS, client verification.
///
/// `@unchecked Sendable`: the `SSL_CTX` is fully configured in `init` and never changed
/// afterwards; OpenSSL allows a configured context to be used by `SSL_new` from many
/// threads at once (its reference count and session cache are locked internally).
final class TLSServerContext: @unchecked Sendable {
    let context: OpaquePointer

    /// Loads the files and configures the context. Throws `invalidArgument` naming the file
    /// that cannot be read or used, or a key that does not match the certificate.
    init(_ configuration: TLSServerConfiguration) throws(GRPCStatus) {
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw GRPCStatus(code: .internal, message: "cannot create a TLS server context\(TLSSession.errorQueueSuffix())")
        }
        // Configured before `self.context` is set: once every stored property is set, a
        // throwing init runs deinit, which would free the context a second time.
        do throws(GRPCStatus) {
            try Self.configure(context, configuration)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        self.context = context
    }

    deinit {
        SSL_CTX_free(context)
    }

    /// A server-side session for one accepted connection.
    func makeSession() throws(GRPCStatus) -> TLSSession {
        try TLSSession(acceptingWith: context)
    }

    private static func configure(_ context: OpaquePointer, _ configuration: TLSServerConfiguration) throws(GRPCStatus) {
        func fail(_ what: String) -> GRPCStatus {
            GRPCStatus(code: .invalidArgument, message: what + TLSSession.errorQueueSuffix())
        }
        guard cflightsql_SSL_CTX_set_min_proto_version(context, cflightsql_TLS1_2_VERSION()) == 1 else {
            throw fail("cannot require TLS 1.2")
        }
        // Memory BIOs may see the write buffer move between SSL_write retries.
        _ = cflightsql_SSL_CTX_set_mode(context, cflightsql_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER())
        for (path, what) in [(configuration.certificateChainPath, "certificate chain"), (configuration.privateKeyPath, "private key")] {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw GRPCStatus(code: .invalidArgument, message: "cannot read the server \(what) file \(path)")
            }
        }
        guard SSL_CTX_use_certificate_chain_file(context, configuration.certificateChainPath) == 1 else {
            throw fail("cannot load the server certificate chain from \(configuration.certificateChainPath)")
        }
        guard SSL_CTX_use_PrivateKey_file(context, configuration.privateKeyPath, SSL_FILETYPE_PEM) == 1 else {
            throw fail("cannot load the server private key from \(configuration.privateKeyPath)")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw fail("the server private key does not match the certificate")
        }
        SSL_CTX_set_alpn_select_cb(context, selectH2, nil)
        if let caPath = configuration.clientCAPath {
            guard FileManager.default.isReadableFile(atPath: caPath) else {
                throw GRPCStatus(code: .invalidArgument, message: "cannot read the client CA file \(caPath)")
            }
            guard SSL_CTX_load_verify_locations(context, caPath, nil) == 1 else {
                throw fail("cannot load client CA certificates from \(caPath)")
            }
            // Tells clients which CAs are acceptable, so they pick the right certificate.
            if let names = SSL_load_client_CA_file(caPath) {
                SSL_CTX_set_client_CA_list(context, names)  // the context owns the list now
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
        } else {
            SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        }
        ERR_clear_error()
    }
}

/// ALPN: choose `h2` from the client's list, or refuse the handshake (gRPC needs HTTP/2,
/// and answering HTTP/1.1 would only confuse the client later).
private let selectH2: @convention(c) (
    OpaquePointer?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?, UnsafeMutablePointer<UInt8>?,
    UnsafePointer<UInt8>?, UInt32, UnsafeMutableRawPointer?
) -> Int32 = { _, out, outLength, input, inputLength, _ in
    guard let out, let outLength, let input else { return SSL_TLSEXT_ERR_ALERT_FATAL }
    // The client's list is length-prefixed names; the selection may point into it, since
    // OpenSSL copies the chosen name before the list goes away.
    var offset = 0
    let count = Int(inputLength)
    while offset < count {
        let length = Int(input[offset])
        let start = offset + 1
        guard start + length <= count else { break }
        if length == 2, input[start] == UInt8(ascii: "h"), input[start + 1] == UInt8(ascii: "2") {
            out.pointee = input + start
            outLength.pointee = 2
            return SSL_TLSEXT_ERR_OK
        }
        offset = start + length
    }
    return SSL_TLSEXT_ERR_ALERT_FATAL
}
