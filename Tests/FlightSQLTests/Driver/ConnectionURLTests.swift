import DBAPI
import FlightSQL
import Foundation
import GRPCTransport
import Testing

@Suite struct ConnectionURLTests {
    @Test("the address is the URL without its query; no query keeps the defaults")
    func address() throws {
        let parsed = try FlightSQLConnectionURL.parse("grpc+tls://db.example.com:443", defaults: FlightClientOptions(token: "t"))
        #expect(parsed.address == "grpc+tls://db.example.com:443")
        #expect(parsed.options.token == "t")
        #expect(try FlightSQLConnectionURL.parse("grpc://h:1?").address == "grpc://h:1")
        #expect(try FlightSQLConnectionURL.parse("grpc://h:1#frag").address == "grpc://h:1")
    }

    @Test("every option is applied, percent-decoded, and overrides the defaults")
    func everyOption() throws {
        let url = "grpc+tls://h:443?token=a%2Bb%3D&username=me&password=p%40ss+word&database=sales"
            + "&timeout=2.5&tls_skip_verify=true&tls_root_certs=%2Ftmp%2Fca.pem&tls_override_hostname=db.internal"
            + "&mtls_cert=/c.pem&mtls_key=/k.pem&header.X-Tenant=acme%20corp&header.x-trace=1"
        let parsed = try FlightSQLConnectionURL.parse(url, defaults: FlightClientOptions(token: "old", timeout: .seconds(60)))
        let options = parsed.options
        #expect(options.token == "a+b=")
        #expect(options.username == "me")
        #expect(options.password == "p@ss+word", "a plus sign stays a plus sign")
        #expect(options.timeout == .milliseconds(2500))
        #expect(options.tls.skipVerify)
        #expect(options.tls.rootCertificatesFile == "/tmp/ca.pem")
        #expect(options.tls.overrideHostname == "db.internal")
        #expect(options.tls.clientCertificateFile == "/c.pem")
        #expect(options.tls.clientKeyFile == "/k.pem")
        #expect(options.headers == [
            .init(name: "database", value: "sales"), .init(name: "x-tenant", value: "acme corp"), .init(name: "x-trace", value: "1"),
        ])
    }

    @Test("timeouts: plain seconds or with a unit; bad ones are refused")
    func timeouts() throws {
        #expect(try FlightSQLConnectionURL.parse("grpc://h:1?timeout=30").options.timeout == .seconds(30))
        #expect(try FlightSQLConnectionURL.parse("grpc://h:1?timeout=500ms").options.timeout == .milliseconds(500))
        #expect(try FlightSQLConnectionURL.parse("grpc://h:1?timeout=10s").options.timeout == .seconds(10))
        #expect(try FlightSQLConnectionURL.parse("grpc://h:1?timeout=2m").options.timeout == .seconds(120))
        for bad in ["0", "-1", "abc", "", "inf", "nan"] {
            let error = try #require(throws: DBAPIError.self) { try FlightSQLConnectionURL.parse("grpc://h:1?timeout=\(bad)") }
            #expect(error.kind == .interfaceError)
            #expect(error.message.contains("'timeout'"))
        }
    }

    @Test("tls_skip_verify accepts the usual spellings of true and false")
    func booleans() throws {
        for (text, expected) in [("true", true), ("1", true), ("TRUE", true), ("false", false), ("0", false), ("no", false)] {
            #expect(try FlightSQLConnectionURL.parse("grpc://h:1?tls_skip_verify=\(text)").options.tls.skipVerify == expected)
        }
        #expect(throws: DBAPIError.self) { try FlightSQLConnectionURL.parse("grpc://h:1?tls_skip_verify=maybe") }
    }

    @Test("cookies are kept by default; cookies=false turns the jar off; a bad value is refused")
    func cookies() throws {
        #expect(try FlightSQLConnectionURL.parse("grpc://h:1").options.useCookies)
        #expect(try FlightSQLConnectionURL.parse("grpc://h:1?cookies=true").options.useCookies)
        let off = try FlightSQLConnectionURL.parse("grpc://h:1?cookies=false")
        #expect(!off.options.useCookies)
        #expect(off.description.contains("cookies: off"))
        let error = try #require(throws: DBAPIError.self) { try FlightSQLConnectionURL.parse("grpc://h:1?cookies=sometimes") }
        #expect(error.message.contains("'cookies'"))
    }

    @Test("keepalive is off by default; keepalive_time and keepalive_timeout turn it on, each keeping the other's default")
    func keepalive() throws {
        #expect(try FlightSQLConnectionURL.parse("grpc://h:1").options.keepalive == nil)
        let both = try FlightSQLConnectionURL.parse("grpc://h:1?keepalive_time=20&keepalive_timeout=500ms")
        #expect(both.options.keepalive == HTTP2ClientTransport.Keepalive(interval: .seconds(20), timeout: .milliseconds(500)))
        #expect(both.description.contains("keepalive: every 20.0 seconds"), "\(both)")
        let timeOnly = try FlightSQLConnectionURL.parse("grpc://h:1?keepalive_time=1m").options.keepalive
        #expect(timeOnly == HTTP2ClientTransport.Keepalive(interval: .seconds(60), timeout: .seconds(10)))
        let timeoutOnly = try FlightSQLConnectionURL.parse("grpc://h:1?keepalive_timeout=2.5").options.keepalive
        #expect(timeoutOnly == HTTP2ClientTransport.Keepalive(interval: .seconds(30), timeout: .milliseconds(2500)))
        let idle = try FlightSQLConnectionURL.parse("grpc://h:1?keepalive_permit_without_calls=true&keepalive_time=5").options.keepalive
        #expect(idle == HTTP2ClientTransport.Keepalive(interval: .seconds(5), timeout: .seconds(10), permitWithoutCalls: true))
    }

    @Test("the URL's keepalive settings override those of the defaults, one field at a time")
    func keepaliveOverridesDefaults() throws {
        let defaults = FlightClientOptions(keepalive: .init(interval: .seconds(7), timeout: .seconds(3), permitWithoutCalls: true))
        let options = try FlightSQLConnectionURL.parse("grpc://h:1?keepalive_timeout=1", defaults: defaults).options
        #expect(options.keepalive == HTTP2ClientTransport.Keepalive(interval: .seconds(7), timeout: .seconds(1), permitWithoutCalls: true))
    }

    @Test("bad keepalive values are refused naming the key")
    func badKeepalive() throws {
        for (key, bad) in [("keepalive_time", "0"), ("keepalive_time", "-5"), ("keepalive_time", "soon"), ("keepalive_timeout", ""),
                           ("keepalive_timeout", "nan"), ("keepalive_permit_without_calls", "maybe")] {
            let error = try #require(throws: DBAPIError.self) { try FlightSQLConnectionURL.parse("grpc://h:1?\(key)=\(bad)") }
            #expect(error.kind == .interfaceError)
            #expect(error.message.contains("'\(key)'"), "\(error)")
        }
        // A misspelling is an unknown option, not silently ignored.
        let typo = try #require(throws: DBAPIError.self) { try FlightSQLConnectionURL.parse("grpc://h:1?keepalive=30") }
        #expect(typo.message.contains("unknown connection option 'keepalive'"))
        #expect(typo.message.contains("keepalive_time"), "the list of known options names the right spelling")
    }

    @Test("an unknown option is an interfaceError naming the key and never the value")
    func unknownKey() throws {
        let error = try #require(throws: DBAPIError.self) {
            try FlightSQLConnectionURL.parse("grpc://h:1?tokn=s3cr3t-VALUE&token=ok")
        }
        #expect(error.kind == .interfaceError)
        #expect(error.message.contains("'tokn'"))
        #expect(!error.description.contains("s3cr3t-VALUE"))
        #expect(!String(reflecting: error).contains("s3cr3t-VALUE"))
    }

    @Test("bad values and bad encodings name the key only")
    func badValues() throws {
        let cases = [
            "grpc://h:1?password=%ZZsecret-VALUE", "grpc://h:1?token=%E2%28secret-VALUE", "grpc://h:1?timeout=secret-VALUE",
            "grpc://h:1?header.bad%20name=secret-VALUE", "grpc://h:1?tls_root_certs=",
        ]
        for url in cases {
            let error = try #require(throws: DBAPIError.self) { try FlightSQLConnectionURL.parse(url) }
            #expect(error.kind == .interfaceError)
            #expect(!error.description.contains("secret-VALUE"), "\(error)")
        }
    }

    @Test("credentials in the authority are refused without echoing them")
    func authorityCredentials() throws {
        let error = try #require(throws: DBAPIError.self) { try FlightSQLConnectionURL.parse("grpc://user:hunter2@h:1") }
        #expect(error.kind == .interfaceError)
        #expect(!error.description.contains("hunter2"))
    }

    @Test("the description shows which options are set but no secret")
    func description() throws {
        let parsed = try FlightSQLConnectionURL.parse("grpc://h:1?token=tok-SECRET&username=u&password=pw-SECRET")
        #expect(parsed.description.contains("grpc://h:1"))
        #expect(!parsed.description.contains("SECRET"))
    }

    @Test("a repeated database replaces the header; repeated header.NAME adds one each")
    func repeated() throws {
        let options = try FlightSQLConnectionURL.parse("grpc://h:1?database=a&database=b&header.x=1&header.x=2").options
        #expect(options.headers == [.init(name: "database", value: "b"), .init(name: "x", value: "1"), .init(name: "x", value: "2")])
    }
}
