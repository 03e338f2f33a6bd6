import CSQLite
import DBAPI

/// Steps a query's statement and turns its rows into ``SQLiteRowBatch``es, `batchSize` rows
/// at a time.
///
/// **Confinement.** Used only on the database queue (its statement's rule), which makes the
/// `@unchecked Sendable` safe; ``SQLiteResultSource`` hops there for every batch.
final class ResultReader: @unchecked Sendable {
    private let statement: SQLiteStatement
    private let batchSize: Int
    private var readers: [ColumnReader]
    /// Whether the statement is positioned on a row not yet read.
    private var hasRow: Bool
    /// Rows read so far, for error messages.
    private var rowsRead = 0
    /// Batches (row count and cells) or a failure read ahead and not yet handed out.
    private var queued: [Result<(rows: Int, cells: [SQLiteRowBatch.Column]), DBAPIError>] = []
    /// Whether each column's origin allows NULL (read while the statement is live).
    private var nullability: [Bool?] = []
    /// The column descriptions, fixed by ``prefetchAndDescribe()``.
    private(set) var columns: [ColumnDescription] = []

    /// A reader for `statement`, which has just been stepped (`hasRow`: onto its first row).
    init(statement: SQLiteStatement, hasRow: Bool, batchSize: Int) {
        self.statement = statement
        self.hasRow = hasRow
        self.batchSize = batchSize
        readers = statement.pointer.map { pointer in
            (0..<statement.columnCount).map { ColumnReader(statement: pointer, index: $0) }
        } ?? []
        nullability = readers.indices.map { Self.nullOK(statement, $0) }
        if !hasRow { statement.finalize() }
    }

    /// Reads the first batch ahead, so that undeclared columns are typed from their values,
    /// then fixes the column descriptions (``Cursor/description`` is set before any fetch).
    func prefetchAndDescribe() {
        if hasRow { fill() }
        columns = readers.map(describe)
    }

    /// The next batch; nil at the end. A failure is reported after the rows before it.
    func nextBatch() throws(DBAPIError) -> SQLiteRowBatch? {
        if queued.isEmpty, statement.pointer != nil { fill() }
        guard !queued.isEmpty else { return nil }
        let (rows, cells) = try queued.removeFirst().get()
        return SQLiteRowBatch(columns: columns, rowCount: rows, cells: cells)
    }

    /// Stops reading: finalizes the statement, releasing its read lock.
    func cancel() {
        queued = []
        statement.finalize()
    }

    /// Reads up to `batchSize` rows into `queued`; on an error queues the rows before it,
    /// then the error.
    private func fill() {
        // Reserve for a full batch, but not absurdly much for a huge configured batch size.
        let capacity = min(batchSize, 16_384)
        var builders = readers.map { ColumnBuilder(type: $0.type, capacity: capacity) }
        var rows = 0
        var failure: DBAPIError?
        var finished = false
        guard let pointer = statement.pointer else { return }
        while rows < batchSize {
            do throws(DBAPIError) {
                if !hasRow {
                    hasRow = try statement.step()
                    if !hasRow {
                        finished = true
                        break
                    }
                }
                for column in readers.indices {
                    try readers[column].read(pointer, row: rowsRead, into: &builders[column])
                }
                hasRow = false
                rows += 1
                rowsRead += 1
            } catch {
                for column in builders.indices { builders[column].truncate(to: rows) }
                failure = error
                break
            }
        }
        // Finalize as soon as the result is done, releasing the read lock before the
        // consumer asks again.
        if finished || failure != nil { statement.finalize() }
        if rows > 0 { queued.append(.success((rows, builders.map(\.storage)))) }
        if let failure { queued.append(.failure(failure)) }
    }

    /// The description of one column, once its type is resolved.
    private func describe(_ reader: ColumnReader) -> ColumnDescription {
        var precision: Int?
        var scale: Int?
        if case .decimal(let p, let s) = reader.type {
            precision = p
            scale = s
        }
        return ColumnDescription(
            name: reader.name, typeCode: reader.type.typeCode, precision: precision, scale: scale,
            nullOK: nullability[reader.index], nativeType: reader.nativeType,
            driverInfo: SQLiteColumnInfo(declaredType: reader.declaredType, type: reader.type))
    }

    /// Whether the column's origin allows NULL, from `sqlite3_table_column_metadata` (Debian's
    /// SQLite is built with `SQLITE_ENABLE_COLUMN_METADATA`); nil for expressions.
    private static func nullOK(_ statement: SQLiteStatement, _ index: Int) -> Bool? {
        guard let pointer = statement.pointer,
            let table = sqlite3_column_table_name(pointer, Int32(index)),
            let origin = sqlite3_column_origin_name(pointer, Int32(index))
        else { return nil }
        let database = sqlite3_column_database_name(pointer, Int32(index))
        var declared: UnsafePointer<CChar>?
        var collation: UnsafePointer<CChar>?
        var notNull: Int32 = 0
        var primaryKey: Int32 = 0
        var autoincrement: Int32 = 0
        let code = sqlite3_table_column_metadata(
            statement.handle, database, table, origin, &declared, &collation, &notNull, &primaryKey, &autoincrement)
        guard code == SQLITE_OK else { return nil }
        // An INTEGER PRIMARY KEY is the rowid, which is never NULL.
        let isRowID = primaryKey != 0 && declared.map { String(cString: $0).uppercased() == "INTEGER" } == true
        return !(notNull != 0 || isRowID)
    }
}

/// What the driver keeps in ``ColumnDescription/driverInfo`` for an SQLite result column.
public struct SQLiteColumnInfo: Sendable, Hashable {
    /// The declared type as written in the schema, or nil for expressions.
    public var declaredType: String?
    /// The type the cursor yields (for undeclared columns, the type resolved from the first
    /// non-null value; ``SQLiteColumnType/unknown`` if the first batch had none).
    public var type: SQLiteColumnType

    /// Creates the information.
    public init(declaredType: String?, type: SQLiteColumnType) {
        self.declaredType = declaredType
        self.type = type
    }
}
