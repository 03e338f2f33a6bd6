extension DBAPIError {
    /// PEP 249's exception classes, as an extensible set of kinds.
    ///
    /// A struct rather than an enum, so that switching over kinds needs a `default` and a
    /// future kind is not a source-breaking change.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Wrapped: String, Sendable, Hashable {
            case warning, interfaceError, databaseError, dataError, operationalError
            case integrityError, internalError, programmingError, notSupportedError
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// `Warning`: an important warning, such as data truncation on insert.
        public static let warning = Kind(.warning)
        /// `InterfaceError`: the driver itself was misused or failed, such as fetching from
        /// a closed cursor.
        public static let interfaceError = Kind(.interfaceError)
        /// `DatabaseError`: an error related to the database, with no more precise kind.
        public static let databaseError = Kind(.databaseError)
        /// `DataError`: a problem with the processed data: out-of-range value, division by
        /// zero, or a value that cannot be decoded as the requested Swift type.
        public static let dataError = Kind(.dataError)
        /// `OperationalError`: a problem with the database's operation not necessarily under
        /// the programmer's control: lost connection, timeout, authentication, resources.
        public static let operationalError = Kind(.operationalError)
        /// `IntegrityError`: the relational integrity is affected, such as a duplicate key.
        public static let integrityError = Kind(.integrityError)
        /// `InternalError`: the database hit an internal error.
        public static let internalError = Kind(.internalError)
        /// `ProgrammingError`: an error in the program: SQL syntax, missing table, wrong
        /// number of parameters, fetching without a result set.
        public static let programmingError = Kind(.programmingError)
        /// `NotSupportedError`: a method or database API the database does not support.
        public static let notSupportedError = Kind(.notSupportedError)

        /// Every kind, in PEP 249's order.
        public static let allKinds: [Kind] = [
            .warning, .interfaceError, .databaseError, .dataError, .operationalError,
            .integrityError, .internalError, .programmingError, .notSupportedError,
        ]

        /// The kind's name as in this API (`"programmingError"`).
        public var description: String { wrapped.rawValue }

        /// The Python class name PEP 249 uses (`"ProgrammingError"`).
        public var pep249Name: String {
            let name = wrapped.rawValue
            return name.prefix(1).uppercased() + name.dropFirst()
        }

        /// The kind this one is a direct subclass of in PEP 249, or nil for `Warning` and
        /// `Error`'s direct subclasses' root (`Error` itself is not a kind).
        public var parent: Kind? {
            switch wrapped {
            case .warning, .interfaceError, .databaseError: nil
            case .dataError, .operationalError, .integrityError, .internalError,
                .programmingError, .notSupportedError:
                .databaseError
            }
        }

        /// Whether this kind is `ancestor` or one of its subclasses in PEP 249.
        public func isSubkind(of ancestor: Kind) -> Bool {
            var current: Kind? = self
            while let kind = current {
                if kind == ancestor { return true }
                current = kind.parent
            }
            return false
        }
    }
}
