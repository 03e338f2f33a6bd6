import DBAPI
import FlightSQL
import GRPCTransport
import Testing

/// The `keepalive_*` URL options against the project's own server: they reach the HTTP/2
/// transport, and the server answers the pings while a call waits on a slow query. (How a
/// dead connection is detected is GRPCTransportTests' KeepaliveTests.)
@Suite struct OwnServerKeepaliveTests {
    @Test("?keepalive_time=&keepalive_timeout= configure the transport, and a quiet call outlives many pings")
    func keepaliveFromURL() async throws {
        try await OwnServer.with { server in
            let connection = try await server.connect("?keepalive_time=50ms&keepalive_timeout=10")
            let transport = try #require(connection.client.flight.transport as? HTTP2ClientTransport)
            #expect(transport.configuration.keepalive == HTTP2ClientTransport.Keepalive(interval: .milliseconds(50), timeout: .seconds(10)))

            // The aggregate sends nothing until it is done (well over 50 ms even on a fast
            // machine), so the open DoGet is quiet and PINGs go out; an unanswered one would fail it.
            let count = try await connection.cursor().scalar(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT count(*) FROM c", as: Int.self)
            #expect(count == 2_000_000)
            try await connection.close()
        }
    }

    @Test("without keepalive options the transport sends no pings")
    func offByDefault() async throws {
        try await OwnServer.with { server in
            let connection = try await server.connect()
            let transport = try #require(connection.client.flight.transport as? HTTP2ClientTransport)
            #expect(transport.configuration.keepalive == nil)
            try await connection.close()
        }
    }
}
