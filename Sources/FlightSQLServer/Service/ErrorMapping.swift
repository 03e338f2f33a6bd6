import Arrow
import DBAPI
import FlightSQL
import Foundation
import GRPCTransport

/// Turns any failure into the gRPC status the client sees. Database errors keep the
/// database's message (SQLite's messages name objects, never parameter values) and name
/// their DB-API kind in the `x-flightsql-error-kind` trailer (``FlightSQLErrorKindTrailer``);
/// anything unexpected becomes INTERNAL without details that could leak.
enum ErrorMapping {
    static func status(for error: any Error) -> GRPCStatus {
        switch error {
        case let status as GRPCStatus: return status
        case let error as DBAPIError: return status(for: error)
        case let error as ArrowError:
            return GRPCStatus(code: .invalidArgument, message: "invalid Arrow data: \(error)")
        case is CancellationError:
            return GRPCStatus(code: .cancelled, message: "the call was cancelled")
        default:
            return GRPCStatus(code: .internal, message: "internal error: \(type(of: error))")
        }
    }

    static func status(for error: DBAPIError) -> GRPCStatus {
        let message = error.message
        let lowered = message.lowercased()
        let code: GRPCStatus.Code
        switch error.kind {
        case .programmingError:
            if lowered.contains("no such table") || lowered.contains("no such view") {
                code = .notFound
            } else if lowered.contains("already exists") {
                code = .alreadyExists
            } else {
                code = .invalidArgument
            }
        case .integrityError:
            if lowered.contains("unique constraint") || lowered.contains("primary key") || lowered.contains("already exists") {
                code = .alreadyExists
            } else {
                code = .failedPrecondition
            }
        case .dataError: code = .invalidArgument
        case .notSupportedError: code = .unimplemented
        case .interfaceError: code = .failedPrecondition
        case .internalError: code = .internal
        case .operationalError:
            let name = error.driverCode?.name ?? ""
            if name.contains("BUSY") || name.contains("LOCKED") {
                code = .aborted
            } else if name.contains("READONLY") {
                code = .permissionDenied
            } else if name.contains("INTERRUPT") {
                code = .cancelled
            } else {
                code = .unavailable
            }
        default: code = .unknown
        }
        // gRPC has no code for "constraint violated" and ADBC's Flight SQL driver maps none of
        // them to IntegrityError, so the code above is what third-party clients go by; the
        // trailer tells the project's own driver the database's exact DB-API kind, so that
        // the same application code sees the same kinds as on the SQLite driver.
        var trailers = GRPCMetadata()
        if let value = FlightSQLErrorKindTrailer.value(for: error.kind) {
            trailers.add(FlightSQLErrorKindTrailer.name, value)
        }
        return GRPCStatus(code: code, message: message, metadata: trailers)
    }
}
