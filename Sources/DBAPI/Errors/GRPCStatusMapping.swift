extension DBAPIError.Kind {
    /// The kind for a gRPC status code, given as its number so that the DB-API need not
    /// depend on a transport.
    ///
    /// | code | kind | why |
    /// | --- | --- | --- |
    /// | CANCELLED (1) | operationalError | the call was cancelled, not a fault in the SQL |
    /// | UNKNOWN (2) | databaseError | nothing more precise is known |
    /// | INVALID_ARGUMENT (3) | programmingError | bad SQL, bad parameters |
    /// | DEADLINE_EXCEEDED (4) | operationalError | timeout |
    /// | NOT_FOUND (5) | programmingError | missing table, statement or handle |
    /// | ALREADY_EXISTS (6) | integrityError | duplicate key or object |
    /// | PERMISSION_DENIED (7) | operationalError | access rules, not program logic |
    /// | RESOURCE_EXHAUSTED (8) | operationalError | server limits |
    /// | FAILED_PRECONDITION (9) | programmingError | wrong state, e.g. no open transaction (as ADBC's INVALID_STATE) |
    /// | ABORTED (10) | operationalError | transaction conflict; retrying may succeed |
    /// | OUT_OF_RANGE (11) | dataError | a value out of range |
    /// | UNIMPLEMENTED (12) | notSupportedError | the server lacks the feature |
    /// | INTERNAL (13) | internalError | the server failed internally |
    /// | UNAVAILABLE (14) | operationalError | the connection failed |
    /// | DATA_LOSS (15) | internalError | unrecoverable corruption on the server side |
    /// | UNAUTHENTICATED (16) | operationalError | credentials missing or wrong |
    ///
    /// OK (0) should not be reported as a failure; it maps to `internalError`, as does any
    /// code outside 0…16 to `databaseError`.
    public init(grpcStatusCode code: Int) {
        switch code {
        case 0: self = .internalError
        case 1, 4, 7, 8, 10, 14, 16: self = .operationalError
        case 2: self = .databaseError
        case 3, 5, 9: self = .programmingError
        case 6: self = .integrityError
        case 11: self = .dataError
        case 12: self = .notSupportedError
        case 13, 15: self = .internalError
        default: self = .databaseError
        }
    }
}

extension DBAPIError.DriverCode {
    /// The canonical names of gRPC status codes 0…16.
    static let grpcNames = [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
        "UNAUTHENTICATED",
    ]

    /// A code in the `"grpc"` domain, named after the status (`UNAVAILABLE`), or `CODE_<n>`
    /// for a number outside the standard set.
    public static func grpc(_ code: Int) -> Self {
        let name = grpcNames.indices.contains(code) ? grpcNames[code] : "CODE_\(code)"
        return Self(domain: "grpc", name: name, number: code)
    }
}

extension DBAPIError {
    /// An error for a failed gRPC call: the kind from ``Kind/init(grpcStatusCode:)``, the
    /// server's message, and the status visible as ``driverCode``.
    public init(grpcStatusCode code: Int, message: String, cause: (any Error)? = nil) {
        self.init(Kind(grpcStatusCode: code), message, driverCode: .grpc(code), cause: cause)
    }
}
