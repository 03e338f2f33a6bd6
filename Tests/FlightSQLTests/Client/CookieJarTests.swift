import Foundation
import GRPCTransport
import Testing

@testable import FlightSQL

/// The client's cookie jar: what it keeps from `set-cookie`, what it sends back, what it
/// refuses, and that it never shows a value.
@Suite struct CookieJarTests {
    @Test("cookies are stored, replaced by name and sent back in the order first set")
    func storeAndSend() {
        let jar = FlightCookieJar()
        #expect(jar.cookieHeader == nil && jar.isEmpty)
        jar.store(setCookie: "arrow_flight_session_id=abc; Path=/; HttpOnly")
        jar.store(setCookie: "lb=node-2")
        jar.store(setCookie: "arrow_flight_session_id=def")
        jar.store(setCookie: " spaced = \"quoted\" ")
        #expect(jar.names == ["arrow_flight_session_id", "lb", "spaced"])
        #expect(jar.cookieHeader == "arrow_flight_session_id=def; lb=node-2; spaced=quoted")
    }

    @Test("Max-Age=0 and a past Expires remove a cookie; Max-Age wins over Expires")
    func expiry() {
        let jar = FlightCookieJar()
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        for name in ["a", "b", "c", "d"] { jar.store(setCookie: "\(name)=1", now: now) }
        jar.store(setCookie: "a=; Max-Age=0", now: now)
        jar.store(setCookie: "b=x; Expires=Wed, 21 Oct 2015 07:28:00 GMT", now: now)
        jar.store(setCookie: "c=2; Max-Age=60; Expires=Wed, 21 Oct 2015 07:28:00 GMT", now: now)
        jar.store(setCookie: "d=3; Expires=Fri, 01 Jan 2100 00:00:00 GMT", now: now)
        jar.store(setCookie: "e=4; Max-Age=-1", now: now)
        #expect(jar.cookieHeader == "c=2; d=3")
        jar.removeAll()
        #expect(jar.isEmpty)
    }

    @Test("malformed cookies and values that could forge headers or cookies are ignored")
    func refused() {
        let jar = FlightCookieJar()
        for header in ["", "novalue", "=value", "a=b\r\nx-evil: 1", "a=b,c=d", "a=\"b", "n\u{e9}=1", "x=y\u{0}"] {
            jar.store(setCookie: header)
        }
        #expect(jar.isEmpty, "kept \(jar.names)")
        jar.store(setCookie: "big=" + String(repeating: "x", count: FlightCookieJar.maximumCookieSize))
        #expect(jar.isEmpty)
    }

    @Test("the jar holds at most maximumCookies cookies; an existing one still updates")
    func bounded() {
        let jar = FlightCookieJar()
        for index in 0..<(FlightCookieJar.maximumCookies + 10) { jar.store(setCookie: "c\(index)=v") }
        #expect(jar.names.count == FlightCookieJar.maximumCookies)
        jar.store(setCookie: "c0=new")
        #expect(jar.cookieHeader?.hasPrefix("c0=new; c1=v") == true)
    }

    @Test("set-cookie is read from metadata; descriptions name cookies but never show values")
    func metadataAndDescription() {
        let jar = FlightCookieJar()
        var metadata = GRPCMetadata()
        metadata.add("set-cookie", "arrow_flight_session_id=s3cr3t")
        metadata.add("set-cookie", "other=t0k3n")
        metadata.add("x-other", "ignored=1")
        jar.store(from: metadata)
        #expect(jar.names == ["arrow_flight_session_id", "other"])
        #expect(jar.description.contains("arrow_flight_session_id"))
        #expect(!jar.description.contains("s3cr3t") && !String(reflecting: jar).contains("t0k3n"))
        #expect(!"\(FlightClientOptions())".contains("cookie"))
    }
}
