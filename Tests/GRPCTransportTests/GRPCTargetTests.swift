import Foundation
@testable import GRPCTransport
import Testing

@Suite struct GRPCTargetTests {
    @Test("parses plaintext, TLS, IPv4, IPv6 and host names")
    func valid() throws {
        #expect(try GRPCTarget(url: "grpc://127.0.0.1:50051") == GRPCTarget(host: "127.0.0.1", port: 50051, security: .plaintext))
        #expect(try GRPCTarget(url: "grpc+tcp://db.example.com:31337") == GRPCTarget(host: "db.example.com", port: 31337, security: .plaintext))
        #expect(try GRPCTarget(url: "grpc+tls://localhost:443/") == GRPCTarget(host: "localhost", port: 443, security: .tls))
        #expect(try GRPCTarget(url: "GRPC+TLS://[::1]:8815") == GRPCTarget(host: "::1", port: 8815, security: .tls))
        let v6 = try GRPCTarget(url: "grpc://[2001:db8::1]:65535")
        #expect(v6.host == "2001:db8::1")
        #expect(v6.authority == "[2001:db8::1]:65535")
        #expect(v6.description == "grpc://[2001:db8::1]:65535")
        #expect(v6.isIPAddress)
        #expect(try GRPCTarget(url: "grpc://10.0.0.1:1").isIPAddress)
        #expect(try !GRPCTarget(url: "grpc://localhost:1").isIPAddress)
    }

    @Test("bad URLs are invalidArgument errors that say what is wrong", arguments: [
        ("localhost:50051", "expected grpc://"),
        ("http://localhost:80", "unsupported scheme"),
        ("grpc://localhost", "missing port"),
        ("grpc://localhost:", "missing port"),
        ("grpc://:50051", "missing host"),
        ("grpc://localhost:0", "not a number from 1 to 65535"),
        ("grpc://localhost:70000", "not a number from 1 to 65535"),
        ("grpc://localhost:12ab", "not a number"),
        ("grpc://::1:50051", "brackets"),
        ("grpc://[::1:50051", "unterminated"),
        ("grpc://[not-v6]:1", "not an IPv6 address"),
        ("grpc://[::1]x:1", "unexpected text"),
        ("grpc://host:1/path", "path"),
        ("grpc://bad host:1", "not allowed"),
    ])
    func invalid(url: String, why: String) {
        #expect {
            _ = try GRPCTarget(url: url)
        } throws: { error in
            guard let status = error as? GRPCStatus else { return false }
            return status.code == .invalidArgument && status.message.contains(why) && status.message.contains(url)
        }
    }

    @Test("credentials and query strings in a refused URL stay out of the error", arguments: [
        ("grpc://user:S3CRET@host:1", "grpc://…@host:1", "user information"),
        ("grpc://host:1?token=S3CRET", "grpc://host:1…", "query"),
        ("grpc+tls://host:1/#S3CRET", "grpc+tls://host:1/…", "fragment"),
        ("grpc://u:S3CRET@host:1?password=S3CRET", "grpc://…@host:1…", "query"),
    ])
    func redacted(url: String, shown: String, why: String) {
        #expect {
            _ = try GRPCTarget(url: url)
        } throws: { error in
            guard let status = error as? GRPCStatus else { return false }
            return status.message.contains("\"\(shown)\"") && status.message.contains(why) && !status.message.contains("S3CRET")
        }
    }
}
