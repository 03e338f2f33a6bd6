import COpenSSL
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One TLS client session over memory BIOs: the connection's I/O thread moves ciphertext
/// between the socket and OpenSSL itself, so the socket stays non-blocking, writes use
/// `MSG_NOSIGNAL` (no SIGPIPE from a dead peer), and OpenSSL never needs WANT_WRITE.
///
/// Not thread-safe: owned and used only by one connection's I/O thread.
final class TLSSession {
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private let readBIO: OpaquePointer
    private let writeBIO: OpaquePointer
    /// The name checked against the certificate (and sent as SNI when it is not an IP).
    private let verifiedName: String
    /// Where SSL_read decrypts to; handed to the HTTP/2 session straight from here.
    /// Allocated once every other property is set, so a failed init cannot leak it.
    private let plaintext: UnsafeMutableRawBufferPointer

    /// Prepares a session for `target` with `configuration`; nothing is sent yet.
    init(target: GRPCTarget, configuration: TLSConfiguration) throws(GRPCStatus) {
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw Self.failure("cannot create a TLS context")
        }
        self.context = context
        verifiedName = configuration.serverNameOverride ?? target.host
        do throws(GRPCStatus) {
            try Self.configure(context, configuration)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        (ssl, readBIO, writeBIO) = try Self.makeSSL(context)
        SSL_set_connect_state(ssl)
        plaintext = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        let isIP = GRPCTarget.isIPv4Literal(verifiedName) || GRPCTarget.isIPv6Literal(verifiedName)
        if !isIP {
            // SNI carries host names only (RFC 6066); IP literals are not sent.
            _ = cflightsql_SSL_set_tlsext_host_name(ssl, verifiedName)
        }
        if configuration.verifyCertificate {
            let ok = isIP ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), verifiedName) : SSL_set1_host(ssl, verifiedName)
            guard ok == 1 else {
                throw Self.failure("cannot set the host name \"\(verifiedName)\" to verify")
            }
        }
    }

    /// Prepares the server side of a session on a shared server context (see
    /// ``TLSServerContext``); the session takes its own reference to the context, so the
    /// `SSL_CTX_free` in `deinit` balances it. Nothing is sent until ``handshake(fd:deadline:peer:)``.
    init(acceptingWith serverContext: OpaquePointer) throws(GRPCStatus) {
        guard SSL_CTX_up_ref(serverContext) == 1 else {
            throw Self.failure("cannot reference the TLS server context")
        }
        context = serverContext
        verifiedName = ""
        (ssl, readBIO, writeBIO) = try Self.makeSSL(serverContext)
        SSL_set_accept_state(ssl)
        plaintext = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    }

    /// A session on `context` reading and writing through two memory BIOs (it owns them).
    /// On failure the caller's reference to `context` is released.
    private static func makeSSL(_ context: OpaquePointer) throws(GRPCStatus) -> (OpaquePointer, OpaquePointer, OpaquePointer) {
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw failure("cannot create a TLS session")
        }
        // BIO_s_mem buffers report "retry" when empty, which SSL turns into WANT_READ.
        let readBIO: OpaquePointer? = BIO_new(BIO_s_mem())
        let writeBIO: OpaquePointer? = BIO_new(BIO_s_mem())
        guard let readBIO, let writeBIO else {
            if let readBIO { BIO_free(readBIO) }
            if let writeBIO { BIO_free(writeBIO) }
            SSL_free(ssl)
            SSL_CTX_free(context)
            throw failure("cannot allocate TLS buffers")
        }
        SSL_set_bio(ssl, readBIO, writeBIO)  // the session now owns both BIOs
        return (ssl, readBIO, writeBIO)
    }

    deinit {
        plaintext.deallocate()
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    private static func configure(_ context: OpaquePointer, _ configuration: TLSConfiguration) throws(GRPCStatus) {
        guard cflightsql_SSL_CTX_set_min_proto_version(context, cflightsql_TLS1_2_VERSION()) == 1 else {
            throw failure("cannot require TLS 1.2")
        }
        let alpn: [UInt8] = [2, UInt8(ascii: "h"), UInt8(ascii: "2")]
        // Returns 0 on success (unlike most of OpenSSL).
        guard SSL_CTX_set_alpn_protos(context, alpn, UInt32(alpn.count)) == 0 else {
            throw failure("cannot offer ALPN h2")
        }
        if configuration.verifyCertificate {
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
            if configuration.hasCustomRoots {
                try loadRoots(context, configuration)
            } else if SSL_CTX_set_default_verify_paths(context) != 1 {
                throw failure("cannot load the system trust store")
            }
        } else {
            SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        }
        if configuration.hasClientCertificate || configuration.clientKeyPath != nil || configuration.clientKeyPEM != nil {
            try loadClientIdentity(context, configuration)
        }
    }

    private static func loadRoots(_ context: OpaquePointer, _ configuration: TLSConfiguration) throws(GRPCStatus) {
        if let path = configuration.trustedRootCertificatesPath {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw GRPCStatus(code: .invalidArgument, message: "cannot read the trusted root certificates file \(path)")
            }
            guard SSL_CTX_load_verify_locations(context, path, nil) == 1 else {
                throw failure("cannot load trusted root certificates from \(path)", code: .invalidArgument)
            }
        }
        if let pem = configuration.trustedRootCertificatesPEM {
            let certificates = try readCertificates(pem, what: "trusted root certificates")
            let store = SSL_CTX_get_cert_store(context)
            for certificate in certificates {
                _ = X509_STORE_add_cert(store, certificate)
                X509_free(certificate)
            }
        }
    }

    private static func loadClientIdentity(_ context: OpaquePointer, _ configuration: TLSConfiguration) throws(GRPCStatus) {
        if let path = configuration.clientCertificatePath {
            guard SSL_CTX_use_certificate_chain_file(context, path) == 1 else {
                throw failure("cannot load the client certificate from \(path)", code: .invalidArgument)
            }
        } else if let pem = configuration.clientCertificatePEM {
            let certificates = try readCertificates(pem, what: "client certificate")
            defer { certificates.forEach { X509_free($0) } }
            guard SSL_CTX_use_certificate(context, certificates[0]) == 1 else {
                throw failure("cannot use the client certificate", code: .invalidArgument)
            }
            for intermediate in certificates.dropFirst() {
                _ = cflightsql_SSL_CTX_add1_chain_cert(context, intermediate)
            }
        } else {
            throw GRPCStatus(code: .invalidArgument, message: "a client key was given without a client certificate")
        }
        if let path = configuration.clientKeyPath {
            guard SSL_CTX_use_PrivateKey_file(context, path, SSL_FILETYPE_PEM) == 1 else {
                throw failure("cannot load the client key from \(path)", code: .invalidArgument)
            }
        } else if let pem = configuration.clientKeyPEM {
            let key: OpaquePointer? = pem.withUnsafeBytes { bytes in
                guard let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else { return nil }
                defer { BIO_free(bio) }
                return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
            }
            guard let key else { throw failure("the client key PEM holds no private key", code: .invalidArgument) }
            defer { EVP_PKEY_free(key) }
            guard SSL_CTX_use_PrivateKey(context, key) == 1 else {
                throw failure("cannot use the client key", code: .invalidArgument)
            }
        } else {
            throw GRPCStatus(code: .invalidArgument, message: "a client certificate was given without its private key")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw failure("the client key does not match the client certificate", code: .invalidArgument)
        }
    }

    /// Every certificate in a PEM buffer (at least one), caller frees.
    private static func readCertificates(_ pem: Data, what: String) throws(GRPCStatus) -> [OpaquePointer] {
        let certificates: [OpaquePointer] = pem.withUnsafeBytes { bytes in
            guard let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else { return [] }
            defer { BIO_free(bio) }
            var result: [OpaquePointer] = []
            while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) {
                result.append(certificate)
            }
            return result
        }
        ERR_clear_error()  // reading stops at the end of the buffer with a "no start line" error
        guard !certificates.isEmpty else {
            throw GRPCStatus(code: .invalidArgument, message: "the \(what) PEM holds no certificate")
        }
        return certificates
    }

    // MARK: Handshake

    /// Runs the handshake on the connected, non-blocking socket `fd` until done or
    /// `deadline`, then requires ALPN `h2`. Errors say why the server was refused.
    func handshake(fd: Int32, deadline: ContinuousClock.Instant, peer: String) throws(GRPCStatus) {
        var output: [UInt8] = []
        var input = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            ERR_clear_error()
            let rc = SSL_do_handshake(ssl)
            drainOutput(into: &output)
            try Self.sendAll(fd: fd, &output, deadline: deadline)
            if rc == 1 { break }
            let error = SSL_get_error(ssl, rc)
            guard error == SSL_ERROR_WANT_READ else {
                throw handshakeFailure(peer: peer)
            }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let timeout = SocketConnector.milliseconds(until: deadline)
            guard timeout > 0 else {
                throw GRPCStatus(code: .unavailable, message: "TLS handshake with \(peer) timed out")
            }
            let ready = poll(&pfd, 1, timeout)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { continue }
            let n = input.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 {
                throw GRPCStatus(code: .unavailable, message: "TLS handshake with \(peer) failed: the server closed the connection\(Self.errorQueueSuffix())")
            }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                throw GRPCStatus(code: .unavailable, message: "TLS handshake with \(peer) failed: \(SocketConnector.errnoText())")
            }
            _ = input.withUnsafeBytes { BIO_write(readBIO, $0.baseAddress, Int32(n)) }
        }
        var protocolPointer: UnsafePointer<UInt8>?
        var protocolLength: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &protocolPointer, &protocolLength)
        let selected = protocolPointer.map { String(decoding: UnsafeBufferPointer(start: $0, count: Int(protocolLength)), as: UTF8.self) }
        guard selected == "h2" else {
            throw GRPCStatus(code: .unavailable, message: "TLS connection to \(peer) refused: the server did not select HTTP/2 with ALPN (selected \(selected.map { "\"\($0)\"" } ?? "nothing")); gRPC needs h2")
        }
    }

    private func handshakeFailure(peer: String) -> GRPCStatus {
        let verify = SSL_get_verify_result(ssl)
        if verify != Int(X509_V_OK) {
            let reason = String(cString: X509_verify_cert_error_string(verify))
            let detail: String
            switch Int32(verify) {
            case X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH:
                detail = "the server certificate does not match the name \"\(verifiedName)\" (\(reason))"
            case X509_V_ERR_CERT_HAS_EXPIRED:
                detail = "the server certificate has expired (\(reason))"
            case X509_V_ERR_CERT_NOT_YET_VALID:
                detail = "the server certificate is not yet valid (\(reason))"
            default:
                detail = "the server certificate is not trusted (\(reason))"
            }
            ERR_clear_error()
            return GRPCStatus(code: .unavailable, message: "TLS handshake with \(peer) failed: \(detail)")
        }
        return GRPCStatus(code: .unavailable, message: "TLS handshake with \(peer) failed\(Self.errorQueueSuffix(orElse: "the server refused the handshake"))")
    }

    // MARK: Data

    /// Encrypts `plaintext`, appending the TLS records to `output`.
    func encrypt(_ plaintext: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(GRPCStatus) {
        var offset = 0
        while offset < plaintext.count {
            ERR_clear_error()
            let chunk = min(plaintext.count - offset, Int(Int32.max))
            let n = SSL_write(ssl, plaintext.baseAddress!.advanced(by: offset), Int32(chunk))
            guard n > 0 else {
                throw GRPCStatus(code: .unavailable, message: "TLS write failed\(Self.errorQueueSuffix())")
            }
            offset += Int(n)
        }
        drainOutput(into: &output)
    }

    /// Feeds ciphertext read from the socket and hands every decrypted byte to `deliver`.
    /// Returns `false` once the server closed the TLS session (close_notify).
    func decrypt(_ ciphertext: UnsafeRawBufferPointer, output: inout [UInt8], deliver: (UnsafeRawBufferPointer) throws(GRPCStatus) -> Void) throws(GRPCStatus) -> Bool {
        if ciphertext.count > 0 {
            _ = BIO_write(readBIO, ciphertext.baseAddress, Int32(ciphertext.count))
        }
        defer { drainOutput(into: &output) }  // post-handshake messages may need answers
        while true {
            ERR_clear_error()
            let n = SSL_read(ssl, plaintext.baseAddress, Int32(plaintext.count))
            if n > 0 {
                try deliver(UnsafeRawBufferPointer(rebasing: plaintext[0..<Int(n)]))
                continue
            }
            switch SSL_get_error(ssl, n) {
            case SSL_ERROR_WANT_READ:
                return true
            case SSL_ERROR_ZERO_RETURN:
                return false
            default:
                throw GRPCStatus(code: .unavailable, message: "TLS error\(Self.errorQueueSuffix(orElse: "the TLS session failed"))")
            }
        }
    }

    /// Moves pending TLS records from OpenSSL to `output`.
    func drainOutput(into output: inout [UInt8]) {
        // Through a scratch buffer and a memcpy append: growing `output` with
        // `repeatElement` first went byte by byte (unspecialized in debug builds) and cost
        // more CPU than the encryption itself, capping TLS streams at a few MB/s.
        withUnsafeTemporaryAllocation(byteCount: 16 * 1024, alignment: 16) { scratch in
            while BIO_ctrl_pending(writeBIO) > 0 {
                let n = BIO_read(writeBIO, scratch.baseAddress, Int32(scratch.count))
                if n <= 0 { break }
                output.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<Int(n)]))
            }
        }
    }

    /// Writes all of `output` to the socket, waiting for writability up to `deadline`.
    static func sendAll(fd: Int32, _ output: inout [UInt8], deadline: ContinuousClock.Instant) throws(GRPCStatus) {
        var offset = 0
        while offset < output.count {
            let n = output.withUnsafeBytes { send(fd, $0.baseAddress!.advanced(by: offset), $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                offset += n
                continue
            }
            if n < 0, errno == EAGAIN || errno == EINTR {
                var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let timeout = SocketConnector.milliseconds(until: deadline)
                guard timeout > 0 else { throw GRPCStatus(code: .unavailable, message: "timed out writing to the server") }
                _ = poll(&pfd, 1, timeout)
                continue
            }
            throw GRPCStatus(code: .unavailable, message: "write failed: \(SocketConnector.errnoText())")
        }
        output.removeAll(keepingCapacity: true)
    }

    /// `: <reasons>` from OpenSSL's error queue (emptying it), or `: <fallback>`.
    static func errorQueueSuffix(orElse fallback: String? = nil) -> String {
        var reasons: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            if let reason = ERR_reason_error_string(code) {
                reasons.append(String(cString: reason))
            } else {
                reasons.append(String(format: "OpenSSL error %lx", code))
            }
        }
        if reasons.isEmpty { return fallback.map { ": \($0)" } ?? "" }
        return ": " + reasons.joined(separator: "; ")
    }

    private static func failure(_ what: String, code: GRPCStatus.Code = .internal) -> GRPCStatus {
        GRPCStatus(code: code, message: what + errorQueueSuffix())
    }
}
