/// The one error type of the DB-API: every failure a connection, cursor, row or value
/// conversion reports is a `DBAPIError`.
///
/// PEP 249 defines an exception *hierarchy*; Swift has no error subclassing, so the
/// hierarchy is carried by ``kind`` and its predicates (``isDatabaseError`` is true for a
/// `dataError` just as `DataError` is a subclass of `DatabaseError` in Python).
///
/// The error keeps the server's message, a driver-specific code (for Flight SQL, the gRPC
/// status) and the underlying cause. It never stores the SQL text or parameters, and its
/// ``description`` redacts anything in the message that looks like a credential, so an error
/// can be logged safely.
public struct DBAPIError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Where in PEP 249's hierarchy the error sits.
    public var kind: Kind

    /// A human-readable explanation: the server's message, or the driver's own.
    public var message: String

    /// The driver's own code for the failure, such as a gRPC status or an SQLite result code.
    public var driverCode: DriverCode?

    /// The column a decoding failure is about, when the error comes from reading a row.
    public var column: ColumnContext?

    /// The error that caused this one, such as a transport error.
    ///
    /// It is not part of ``description`` (its own text is outside this type's control), only
    /// of ``debugDescription`` through its type name.
    public var cause: (any Error)?

    /// Creates an error.
    public init(
        _ kind: Kind,
        _ message: String,
        driverCode: DriverCode? = nil,
        column: ColumnContext? = nil,
        cause: (any Error)? = nil
    ) {
        self.kind = kind
        self.message = message
        self.driverCode = driverCode
        self.column = column
        self.cause = cause
    }

    /// `"programmingError: table not found [grpc INVALID_ARGUMENT (3)]"`; secrets in the
    /// message are redacted.
    public var description: String {
        var text = "\(kind): \(Redaction.redact(message))"
        if let column { text += " (\(column))" }
        if let driverCode { text += " [\(driverCode)]" }
        return text
    }

    /// Like ``description``, plus the cause's type.
    public var debugDescription: String {
        guard let cause else { return description }
        return description + " caused by \(type(of: cause))"
    }

    /// Whether this is a PEP 249 `Warning` rather than an `Error`.
    public var isWarning: Bool { kind == .warning }

    /// Whether this is a PEP 249 `Error` (every kind except ``Kind/warning``).
    public var isError: Bool { kind != .warning }

    /// Whether this is a PEP 249 `InterfaceError`: a misuse of the driver itself.
    public var isInterfaceError: Bool { kind == .interfaceError }

    /// Whether this is a PEP 249 `DatabaseError` or one of its subclasses (`DataError`,
    /// `OperationalError`, `IntegrityError`, `InternalError`, `ProgrammingError`,
    /// `NotSupportedError`).
    public var isDatabaseError: Bool { kind.isSubkind(of: .databaseError) }

    /// Whether this is a PEP 249 `DataError`.
    public var isDataError: Bool { kind == .dataError }

    /// Whether this is a PEP 249 `OperationalError`.
    public var isOperationalError: Bool { kind == .operationalError }

    /// Whether this is a PEP 249 `IntegrityError`.
    public var isIntegrityError: Bool { kind == .integrityError }

    /// Whether this is a PEP 249 `InternalError`.
    public var isInternalError: Bool { kind == .internalError }

    /// Whether this is a PEP 249 `ProgrammingError`.
    public var isProgrammingError: Bool { kind == .programmingError }

    /// Whether this is a PEP 249 `NotSupportedError`.
    public var isNotSupportedError: Bool { kind == .notSupportedError }
}

extension DBAPIError {
    /// A driver-specific error code: its domain (`"grpc"`, `"sqlite"`), a symbolic name and,
    /// where the driver has one, a number.
    public struct DriverCode: Sendable, Hashable, CustomStringConvertible {
        /// Which system the code comes from, such as `"grpc"`.
        public var domain: String
        /// The code's symbolic name, such as `"INVALID_ARGUMENT"`.
        public var name: String
        /// The code's number, such as `3`, when it has one.
        public var number: Int?

        /// Creates a driver code.
        public init(domain: String, name: String, number: Int? = nil) {
            self.domain = domain
            self.name = name
            self.number = number
        }

        /// `"grpc INVALID_ARGUMENT (3)"`.
        public var description: String {
            if let number { return "\(domain) \(name) (\(number))" }
            return "\(domain) \(name)"
        }
    }

    /// Which column of a row a decoding failure concerns, and the types involved.
    public struct ColumnContext: Sendable, Hashable, CustomStringConvertible {
        /// The zero-based column index.
        public var index: Int
        /// The column's name.
        public var name: String
        /// The driver's description of the column type (``ColumnDescription/nativeType``).
        public var nativeType: String
        /// The Swift type the caller asked for, such as `"Optional<Int32>"`.
        public var swiftType: String

        /// Creates a column context.
        public init(index: Int, name: String, nativeType: String, swiftType: String) {
            self.index = index
            self.name = name
            self.nativeType = nativeType
            self.swiftType = swiftType
        }

        /// `column 2 "city" of type utf8 as Int`.
        public var description: String {
            "column \(index) \"\(name)\" of type \(nativeType) as \(swiftType)"
        }
    }
}
