import Arrow

/// The result schemas Flight SQL fixes for its metadata commands (`FlightSql.proto`).
enum MetadataSchemas {
    private static func utf8(_ name: String, nullable: Bool = true) -> Field {
        Field(name: name, type: .utf8, isNullable: nullable)
    }

    static let catalogs = Schema(fields: [utf8("catalog_name", nullable: false)])

    static let dbSchemas = Schema(fields: [utf8("catalog_name"), utf8("db_schema_name", nullable: false)])

    static func tables(includeSchema: Bool) -> Schema {
        var fields = [
            utf8("catalog_name"), utf8("db_schema_name"), utf8("table_name", nullable: false),
            utf8("table_type", nullable: false),
        ]
        if includeSchema { fields.append(Field(name: "table_schema", type: .binary, isNullable: false)) }
        return Schema(fields: fields)
    }

    static let tableTypes = Schema(fields: [utf8("table_type", nullable: false)])

    static let primaryKeys = Schema(fields: [
        utf8("catalog_name"), utf8("db_schema_name"), utf8("table_name", nullable: false),
        utf8("column_name", nullable: false), utf8("key_name"),
        Field(name: "key_sequence", type: .int32, isNullable: false),
    ])

    /// Imported keys, exported keys and cross references share one schema.
    static let foreignKeys = Schema(fields: [
        utf8("pk_catalog_name"), utf8("pk_db_schema_name"), utf8("pk_table_name", nullable: false),
        utf8("pk_column_name", nullable: false),
        utf8("fk_catalog_name"), utf8("fk_db_schema_name"), utf8("fk_table_name", nullable: false),
        utf8("fk_column_name", nullable: false),
        Field(name: "key_sequence", type: .int32, isNullable: false),
        utf8("fk_key_name"), utf8("pk_key_name"),
        Field(name: "update_rule", type: .uint8, isNullable: false),
        Field(name: "delete_rule", type: .uint8, isNullable: false),
    ])

    /// The members of the `GetSqlInfo` value union, in the specified order: clients (ADBC)
    /// find a member by its type id used as the child index.
    static let sqlInfoMembers: [Field] = [
            Field(name: "string_value", type: .utf8),
            Field(name: "bool_value", type: .bool),
            Field(name: "bigint_value", type: .int64),
            Field(name: "int32_bitmask", type: .int32),
            Field(name: "string_list", type: .list(Field(name: "item", type: .utf8))),
            Field(
                name: "int32_to_int32_list_map",
                type: .map(
                    entries: Field(
                        name: "entries",
                        type: .struct([
                            Field(name: "key", type: .int32, isNullable: false),
                            Field(name: "value", type: .list(Field(name: "item", type: .int32))),
                        ]),
                        isNullable: false),
                    keysSorted: false)),
    ]

    /// The dense union of `GetSqlInfo` values; type id = child index.
    static let sqlInfoValue: ArrowType = .union(.dense, children: sqlInfoMembers, typeIDs: [0, 1, 2, 3, 4, 5])

    static let sqlInfo = Schema(fields: [
        Field(name: "info_name", type: .uint32, isNullable: false),
        Field(name: "value", type: sqlInfoValue, isNullable: false),
    ])

    static let xdbcTypeInfo = Schema(fields: [
        utf8("type_name", nullable: false),
        Field(name: "data_type", type: .int32, isNullable: false),
        Field(name: "column_size", type: .int32),
        utf8("literal_prefix"),
        utf8("literal_suffix"),
        Field(name: "create_params", type: .list(Field(name: "item", type: .utf8, isNullable: false))),
        Field(name: "nullable", type: .int32, isNullable: false),
        Field(name: "case_sensitive", type: .bool, isNullable: false),
        Field(name: "searchable", type: .int32, isNullable: false),
        Field(name: "unsigned_attribute", type: .bool),
        Field(name: "fixed_prec_scale", type: .bool, isNullable: false),
        Field(name: "auto_increment", type: .bool),
        utf8("local_type_name"),
        Field(name: "minimum_scale", type: .int32),
        Field(name: "maximum_scale", type: .int32),
        Field(name: "sql_data_type", type: .int32, isNullable: false),
        Field(name: "datetime_subcode", type: .int32),
        Field(name: "num_prec_radix", type: .int32),
        Field(name: "interval_precision", type: .int32),
    ])
}
