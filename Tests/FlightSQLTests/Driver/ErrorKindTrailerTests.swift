import DBAPI
import FlightSQL
import Testing

/// The `x-flightsql-error-kind` trailer: a server naming the database's DB-API kind wins over
/// the kind its gRPC code implies, within the database-error family only.
@Suite struct ErrorKindTrailerTests {
    static func error(_ code: FlightError.Code, trailers: [(name: String, value: String)]) -> DBAPIError {
        DBAPIError(flightError: FlightError(code: code, message: "NOT NULL constraint failed: t.v", trailers: trailers))
    }

    @Test("a named database kind replaces the code's kind; the gRPC code stays the driver code")
    func namedKind() {
        let error = Self.error(.failedPrecondition, trailers: [("x-flightsql-error-kind", "IntegrityError")])
        #expect(error.kind == .integrityError)
        #expect(error.driverCode == .grpc(9))
        #expect(error.message == "NOT NULL constraint failed: t.v")
        let data = Self.error(.invalidArgument, trailers: [("other", "x"), ("x-flightsql-error-kind", "DataError")])
        #expect(data.kind == .dataError)
        let programming = Self.error(.alreadyExists, trailers: [("x-flightsql-error-kind", "ProgrammingError")])
        #expect(programming.kind == .programmingError)
    }

    @Test("without the trailer, or with a value naming no database error, the gRPC code decides")
    func ignoredValues() {
        for trailers: [(name: String, value: String)] in [
            [], [("x-flightsql-error-kind", "InterfaceError")], [("x-flightsql-error-kind", "Warning")],
            [("x-flightsql-error-kind", "integrity")], [("x-flightsql-error-kind", "")], [("x-other-kind", "IntegrityError")],
        ] {
            #expect(Self.error(.failedPrecondition, trailers: trailers).kind == .programmingError, "\(trailers)")
        }
    }

    @Test("the client's own codes ignore the trailer")
    func clientCodes() {
        let error = Self.error(.invalidResponse, trailers: [("x-flightsql-error-kind", "IntegrityError")])
        #expect(error.kind == .internalError)
    }
}
