import DBAPI
import FlightSQL
import Testing

@Suite struct ErrorMappingTests {
    @Test("server statuses keep their gRPC code and take its DB-API kind")
    func statuses() {
        let cases: [(FlightError.Code, DBAPIError.Kind, String)] = [
            (.cancelled, .operationalError, "CANCELLED"), (.unknown, .databaseError, "UNKNOWN"),
            (.invalidArgument, .programmingError, "INVALID_ARGUMENT"), (.deadlineExceeded, .operationalError, "DEADLINE_EXCEEDED"),
            (.notFound, .programmingError, "NOT_FOUND"), (.alreadyExists, .integrityError, "ALREADY_EXISTS"),
            (.permissionDenied, .operationalError, "PERMISSION_DENIED"), (.resourceExhausted, .operationalError, "RESOURCE_EXHAUSTED"),
            (.failedPrecondition, .programmingError, "FAILED_PRECONDITION"), (.aborted, .operationalError, "ABORTED"),
            (.outOfRange, .dataError, "OUT_OF_RANGE"), (.unimplemented, .notSupportedError, "UNIMPLEMENTED"),
            (.internal, .internalError, "INTERNAL"), (.unavailable, .operationalError, "UNAVAILABLE"),
            (.dataLoss, .internalError, "DATA_LOSS"), (.unauthenticated, .operationalError, "UNAUTHENTICATED"),
            (FlightError.Code(grpcStatus: 42), .databaseError, "CODE_42"),
        ]
        for (code, kind, name) in cases {
            let error = DBAPIError(flightError: FlightError(code: code, message: "server said so"))
            #expect(error.kind == kind, "\(code)")
            #expect(error.driverCode == .grpc(code.rawValue))
            #expect(error.driverCode?.name == name)
            #expect(error.message == "server said so")
            #expect(error.cause is FlightError)
        }
    }

    @Test("the client's own codes: a malformed response is internal, a bad setting is the caller's")
    func clientCodes() {
        let response = DBAPIError(flightError: FlightError(code: .invalidResponse, message: "truncated schema message"))
        #expect(response.kind == .internalError)
        #expect(response.driverCode?.domain == "flight")
        #expect(response.driverCode?.number == nil)
        let configuration = DBAPIError(flightError: FlightError(code: .invalidConfiguration, message: "cannot read the file"))
        #expect(configuration.kind == .interfaceError)
        #expect(configuration.description.hasPrefix("interfaceError: cannot read the file"))
    }

    @Test("a secret a server echoes is redacted from the description")
    func redaction() {
        let error = DBAPIError(flightError: FlightError(code: .unauthenticated, message: "invalid token abc-SECRET-123"))
        #expect(error.kind == .operationalError)
        #expect(!error.description.contains("abc-SECRET-123"))
    }
}
