import Arrow
import FlightSQL

/// Arrow types written the way people read them (close to pyarrow's spelling):
/// `int64`, `decimal128(10, 2)`, `timestamp[us, tz=UTC]`, `list<int32>`,
/// `struct<a: int64, b: utf8>`, `dictionary<values=utf8, indices=int32>`.
/// Used where metadata shows a column's type (`columns`, `tables --include-schema`, `.describe`).
/// The names are the driver's (``ArrowColumnDescription/nativeTypeName(of:)``, also what
/// `ColumnDescription` reports), so the CLI and the DB-API never spell a type two ways.
enum ArrowTypeText {
    static func text(of field: Field) -> String {
        ArrowColumnDescription.nativeTypeName(of: field)
    }

    /// A schema on one line: `id int64 not null, name utf8`.
    static func text(of schema: Schema) -> String {
        schema.fields.map { "\($0.name) \(text(of: $0))\($0.isNullable ? "" : " not null")" }.joined(separator: ", ")
    }
}
