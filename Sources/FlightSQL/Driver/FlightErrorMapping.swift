import DBAPI
import Foundation

extension DBAPIError {
    /// The DB-API error for a failed Flight call.
    ///
    /// Server statuses keep their gRPC code (so `driverCode` reads `grpc NOT_FOUND (5)`) and
    /// take their kind from ``DBAPIError/Kind/init(grpcStatusCode:)``. The client's own codes
    /// have no gRPC number: a response that breaks the Flight or Arrow format is the
    /// server's fault (`internalError`), a setting the caller got wrong (bad URL, unreadable
    /// certificate) is the caller's (`interfaceError`).
    ///
    /// The message is the server's or client's explanation only; request headers, tokens and
    /// SQL never reach it, and ``DBAPIError/description`` redacts anything secret-looking a
    /// server might echo.
    ///
    /// A server that names the database's own kind of error in the
    /// ``FlightSQLErrorKindTrailer`` trailer (the project's server does) is taken at its
    /// word, so a `NOT NULL` violation is an `integrityError` as on the SQLite driver, where
    /// its gRPC code alone (FAILED_PRECONDITION) would say `programmingError`.
    public init(flightError error: FlightError) {
        switch error.code {
        case .invalidResponse:
            self.init(.internalError, error.message, driverCode: .flight("INVALID_RESPONSE"), cause: error)
        case .invalidConfiguration:
            self.init(.interfaceError, error.message, driverCode: .flight("INVALID_CONFIGURATION"), cause: error)
        default:
            self.init(grpcStatusCode: error.code.rawValue, message: error.message, cause: error)
            if let named = error.trailers.first(where: { $0.name == FlightSQLErrorKindTrailer.name }),
                let kind = FlightSQLErrorKindTrailer.kind(forValue: named.value) {
                self.kind = kind
            }
        }
    }

    /// Maps any error thrown by the Flight client (or the driver) to a DB-API error:
    /// ``FlightError``s through ``init(flightError:)``, task cancellation to an
    /// `operationalError`, anything else to a `databaseError` naming only its type.
    static func flight(_ error: any Error) -> DBAPIError {
        if let error = error as? DBAPIError { return error }
        if let error = error as? FlightError { return DBAPIError(flightError: error) }
        return DBAPIError.wrapping(error)
    }
}

/// The response trailer in which a Flight SQL server names the DB-API kind of a database
/// error: `x-flightsql-error-kind: IntegrityError`.
///
/// gRPC's status codes cannot say "a constraint was violated" (the project's server sends
/// ALREADY_EXISTS for UNIQUE and PRIMARY KEY, FAILED_PRECONDITION for NOT NULL, CHECK and
/// FOREIGN KEY, as third-party clients expect), so the code alone cannot give the same
/// DB-API kinds as a local driver. The value is a PEP 249 class name; only `DatabaseError`
/// and its subclasses are accepted (a server cannot claim the client misused its own
/// interface), and anything else is ignored in favour of the gRPC code.
public enum FlightSQLErrorKindTrailer {
    /// The trailer's name.
    public static let name = "x-flightsql-error-kind"

    /// The trailer's value for `kind` (its PEP 249 class name), or nil for kinds that are
    /// not database errors.
    public static func value(for kind: DBAPIError.Kind) -> String? {
        kind.isSubkind(of: .databaseError) ? kind.pep249Name : nil
    }

    /// The kind a trailer value names, or nil if it names no database error.
    public static func kind(forValue value: String) -> DBAPIError.Kind? {
        DBAPIError.Kind.allKinds.first { $0.isSubkind(of: .databaseError) && $0.pep249Name == value }
    }
}

extension DBAPIError.DriverCode {
    /// A code of the Flight client itself (no gRPC status was involved).
    static func flight(_ name: String) -> Self {
        Self(domain: "flight", name: name)
    }
}

/// Runs `body`, mapping whatever it throws to a ``DBAPIError`` (see ``DBAPIError/flight(_:)``).
///
/// The Flight client throws untyped errors; the DB-API's methods throw `DBAPIError`, so every
/// call into the client goes through this.
func mappingFlightErrors<T>(_ body: () async throws -> T) async throws(DBAPIError) -> T {
    do {
        return try await body()
    } catch {
        throw DBAPIError.flight(error)
    }
}
