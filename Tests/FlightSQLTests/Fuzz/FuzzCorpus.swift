import Arrow
import FlightSQL
import Foundation
import Protobuf

/// Valid inputs for the fuzz harnesses to mutate: every field of a message set, so that
/// mutations land in every decoding path (nested messages, maps, oneofs, optional fields,
/// repeated fields, enums, timestamps, doubles).
enum FuzzCorpus {
    /// A schema with the types a Flight SQL result commonly carries, nested ones included.
    static let schema = Schema(fields: [
        Field(name: "id", type: .int64, isNullable: false),
        Field(name: "name", type: .utf8),
        Field(name: "score", type: .float64),
        Field(name: "price", type: .decimal(bitWidth: 128, precision: 10, scale: 2)),
        Field(name: "seen", type: .timestamp(.microsecond, timeZone: "UTC")),
        Field(name: "tags", type: .list(Field(name: "item", type: .utf8))),
        Field(name: "blob", type: .binary),
        Field(name: "ok", type: .bool),
    ], metadata: [KeyValue(key: "origin", value: "fuzz")])

    /// Three rows of ``schema``, with nulls.
    static func batch() throws -> RecordBatch {
        try RecordBatch(schema: schema, rows: [
            [.int(1), .string("Oslo"), .float64(1.5), .decimal(ArrowDecimal(unscaled: 1250, precision: 10, scale: 2)),
             .timestamp(1_700_000_000_000_000, .microsecond, timeZone: "UTC"), .list([.string("a"), .string("bc")]),
             .binary(Data([0, 1, 2])), .bool(true)],
            [.int(2), .null, .null, .null, .null, .list([]), .null, .bool(false)],
            [.int(-3), .string("héllo wörld, a longer string"), .float64(-0.25),
             .decimal(ArrowDecimal(unscaled: -5, precision: 10, scale: 2)), .timestamp(0, .microsecond, timeZone: "UTC"),
             .null, .binary(Data()), .null],
        ])
    }

    /// The encapsulated IPC schema message, as `FlightInfo.schema` carries it.
    static let schemaMessage = ArrowIPCMessageEncoder.encapsulatedSchema(schema)

    /// The FlightData messages of a DoGet stream of ``schema``: schema first, then `batches`
    /// copies of ``batch()``.
    static func stream(batches: Int = 2) throws -> [FlightData] {
        var encoder = try ArrowIPCMessageEncoder(schema: schema)
        let schemaMessage = encoder.encodeSchema()
        var messages = [FlightData(dataHeader: schemaMessage.header, dataBody: schemaMessage.body)]
        let batch = try batch()
        for index in 0..<batches {
            for message in try encoder.encode(batch) {
                messages.append(FlightData(dataHeader: message.header, appMetadata: Data([UInt8(index)]), dataBody: message.body))
            }
        }
        return messages
    }

    static let timestamp = ProtobufTimestamp(seconds: 1_700_000_000, nanos: 123_456_789)
    static let handle = Data("handle-\u{1}\u{2}".utf8)
    static let transaction = Data([0xDE, 0xAD, 0xBE, 0xEF])

    static var endpoint: FlightEndpoint {
        FlightEndpoint(
            ticket: FlightTicket(ticket: TicketStatementQuery(statementHandle: handle).serializedAny()),
            locations: [FlightLocation(uri: "grpc+tls://example.com:443"), FlightLocation(uri: "arrow-flight-reuse-connection://?")],
            expirationTime: timestamp, appMetadata: Data("meta".utf8))
    }

    static var info: FlightInfo {
        FlightInfo(
            schema: schemaMessage, flightDescriptor: CommandStatementQuery(query: "SELECT 1", transactionID: transaction).flightDescriptor,
            endpoints: [endpoint, FlightEndpoint(ticket: FlightTicket(ticket: Data([1])))],
            totalRecords: 3, totalBytes: 1234, ordered: true, appMetadata: Data([9, 8]))
    }

    /// Every Flight SQL command and action request, to be packed in an `Any`.
    static var commands: [any FlightSQLCommandMessage] {
        [
            CommandStatementQuery(query: "SELECT * FROM t WHERE x = ?", transactionID: transaction),
            CommandStatementSubstraitPlan(plan: SubstraitPlan(plan: Data([1, 2, 3, 4]), version: "0.1"), transactionID: transaction),
            CommandStatementUpdate(query: "DELETE FROM t", transactionID: transaction),
            CommandStatementIngest(
                tableDefinitionOptions: .init(ifNotExist: .create, ifExists: .append), table: "t", schema: "s", catalog: "c",
                temporary: true, transactionID: transaction, options: ["k": "v", "k2": "v2"]),
            CommandPreparedStatementQuery(preparedStatementHandle: handle),
            CommandPreparedStatementUpdate(preparedStatementHandle: handle),
            TicketStatementQuery(statementHandle: handle),
            CommandGetSqlInfo(info: [SqlInfo(rawValue: 0), SqlInfo(rawValue: 500), SqlInfo(rawValue: 0xFFFF_FFFF)]),
            CommandGetXdbcTypeInfo(dataType: -5),
            CommandGetCatalogs(),
            CommandGetDbSchemas(catalog: "c", dbSchemaFilterPattern: "s%"),
            CommandGetTables(catalog: "c", dbSchemaFilterPattern: "s", tableNameFilterPattern: "t_%", tableTypes: ["TABLE", "VIEW"], includeSchema: true),
            CommandGetTableTypes(),
            CommandGetPrimaryKeys(catalog: "c", dbSchema: "s", table: "t"),
            CommandGetExportedKeys(catalog: "c", dbSchema: "s", table: "t"),
            CommandGetImportedKeys(catalog: nil, dbSchema: "s", table: "t"),
            CommandGetCrossReference(pkCatalog: "c", pkDbSchema: "s", pkTable: "p", fkCatalog: "c2", fkDbSchema: "s2", fkTable: "f"),
            ActionCreatePreparedStatementRequest(query: "SELECT ?", transactionID: transaction),
            ActionCreatePreparedSubstraitPlanRequest(plan: SubstraitPlan(plan: Data([5, 6]), version: "v"), transactionID: transaction),
            ActionClosePreparedStatementRequest(preparedStatementHandle: handle),
            ActionBeginTransactionRequest(),
            ActionBeginSavepointRequest(transactionID: transaction, name: "sp"),
            ActionEndTransactionRequest(transactionID: transaction, action: .init(rawValue: 1)),
            ActionEndSavepointRequest(savepointID: handle, action: .init(rawValue: 2)),
            ActionCancelQueryRequest(info: info),
        ]
    }

    /// Flight SQL results a client decodes from `Any`s.
    static var results: [any FlightSQLCommandMessage] {
        [
            ActionBeginTransactionResult(transactionID: transaction),
            ActionBeginSavepointResult(savepointID: handle),
            ActionCreatePreparedStatementResult(preparedStatementHandle: handle, datasetSchema: schemaMessage, parameterSchema: schemaMessage),
            ActionCancelQueryResult(result: .init(rawValue: 2)),
            DoPutUpdateResult(recordCount: 42),
            DoPutPreparedStatementResult(preparedStatementHandle: handle),
        ]
    }

    static var sessionOptions: [String: SessionOptionValue] {
        [
            "s": SessionOptionValue(.string("x")), "b": SessionOptionValue(.bool(true)), "i": SessionOptionValue(.int64(-7)),
            "d": SessionOptionValue(.double(2.5)), "l": SessionOptionValue(.stringList(["a", "", "c"])), "unset": SessionOptionValue(nil),
        ]
    }
}
