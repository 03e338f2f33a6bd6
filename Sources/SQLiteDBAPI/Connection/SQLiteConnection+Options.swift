extension SQLiteConnection {
    /// How ``SQLiteConnection/open(path:options:)`` opens a database.
    public struct Options: Sendable, Hashable {
        /// Open with `SQLITE_OPEN_READONLY`: writes fail with an `operationalError`
        /// (`SQLITE_READONLY`). Default false.
        public var readOnly = false
        /// Create the file if it does not exist (`SQLITE_OPEN_CREATE`; ignored when
        /// ``readOnly``). Default true.
        public var create = true
        /// How long a statement waits for another connection's lock before failing with an
        /// `operationalError` (`SQLITE_BUSY`), in seconds. Default 5, like Python's `sqlite3`.
        public var busyTimeout: Double = 5
        /// Whether every statement commits on its own. Default false: PEP 249's manual
        /// commit, with an implicit `BEGIN` (see ``SQLiteConnection``).
        public var autocommit = false
        /// Whether to turn on `PRAGMA foreign_keys` (SQLite leaves foreign keys unenforced
        /// by default). Default true, so that violations are `integrityError`s.
        public var enforceForeignKeys = true
        /// Rows per batch stepped from SQLite at a time. Default 1024.
        public var batchSize = 1_024

        /// The defaults.
        public init() {}

        /// Options with the given settings.
        public init(
            readOnly: Bool = false, create: Bool = true, busyTimeout: Double = 5, autocommit: Bool = false,
            enforceForeignKeys: Bool = true, batchSize: Int = 1_024
        ) {
            self.readOnly = readOnly
            self.create = create
            self.busyTimeout = busyTimeout
            self.autocommit = autocommit
            self.enforceForeignKeys = enforceForeignKeys
            self.batchSize = batchSize
        }
    }
}
