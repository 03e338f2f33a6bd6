import CSQLite
import DBAPI

/// Turns SQLite result codes into `DBAPIError`s at the driver boundary.
enum SQLiteErrors {
    /// The error for a failed call: the kind from the primary result code, SQLite's message
    /// (read from `handle` right after the call, while it still describes it) and the
    /// extended code as the driver code (`sqlite SQLITE_CONSTRAINT (2067)`).
    static func error(code: Int32, handle: OpaquePointer?) -> DBAPIError {
        let message: String
        if let handle, let text = sqlite3_errmsg(handle) {
            message = String(cString: text)
        } else {
            message = String(cString: sqlite3_errstr(code))
        }
        let primary = code & 0xFF
        return DBAPIError(
            kind(primaryCode: primary), message,
            driverCode: DBAPIError.DriverCode(domain: "sqlite", name: name(primaryCode: primary), number: Int(code)))
    }

    /// PEP 249's kind for a primary result code.
    ///
    /// Unlike Python's `sqlite3` (which reports most failures as `OperationalError`),
    /// `SQLITE_ERROR` — syntax errors, unknown tables and columns — is a `programmingError`,
    /// since it is the program's SQL that is wrong.
    static func kind(primaryCode: Int32) -> DBAPIError.Kind {
        switch primaryCode {
        case SQLITE_ERROR, SQLITE_RANGE: .programmingError
        case SQLITE_CONSTRAINT: .integrityError
        case SQLITE_TOOBIG, SQLITE_MISMATCH: .dataError
        case SQLITE_INTERNAL, SQLITE_FORMAT: .internalError
        case SQLITE_MISUSE: .interfaceError
        case SQLITE_PERM, SQLITE_ABORT, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_READONLY,
            SQLITE_INTERRUPT, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_PROTOCOL,
            SQLITE_NOLFS, SQLITE_AUTH:
            .operationalError
        default: .databaseError  // CORRUPT, NOTADB, SCHEMA, EMPTY, NOTFOUND, anything newer
        }
    }

    /// The symbolic name of a primary result code.
    static func name(primaryCode: Int32) -> String {
        let names: [Int32: String] = [
            SQLITE_ERROR: "SQLITE_ERROR", SQLITE_INTERNAL: "SQLITE_INTERNAL", SQLITE_PERM: "SQLITE_PERM",
            SQLITE_ABORT: "SQLITE_ABORT", SQLITE_BUSY: "SQLITE_BUSY", SQLITE_LOCKED: "SQLITE_LOCKED",
            SQLITE_NOMEM: "SQLITE_NOMEM", SQLITE_READONLY: "SQLITE_READONLY",
            SQLITE_INTERRUPT: "SQLITE_INTERRUPT", SQLITE_IOERR: "SQLITE_IOERR",
            SQLITE_CORRUPT: "SQLITE_CORRUPT", SQLITE_NOTFOUND: "SQLITE_NOTFOUND", SQLITE_FULL: "SQLITE_FULL",
            SQLITE_CANTOPEN: "SQLITE_CANTOPEN", SQLITE_PROTOCOL: "SQLITE_PROTOCOL", SQLITE_EMPTY: "SQLITE_EMPTY",
            SQLITE_SCHEMA: "SQLITE_SCHEMA", SQLITE_TOOBIG: "SQLITE_TOOBIG", SQLITE_CONSTRAINT: "SQLITE_CONSTRAINT",
            SQLITE_MISMATCH: "SQLITE_MISMATCH", SQLITE_MISUSE: "SQLITE_MISUSE", SQLITE_NOLFS: "SQLITE_NOLFS",
            SQLITE_AUTH: "SQLITE_AUTH", SQLITE_FORMAT: "SQLITE_FORMAT", SQLITE_RANGE: "SQLITE_RANGE",
            SQLITE_NOTADB: "SQLITE_NOTADB",
        ]
        return names[primaryCode] ?? "SQLITE_\(primaryCode)"
    }
}
