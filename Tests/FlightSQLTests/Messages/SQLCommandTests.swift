import FlightSQL
import Foundation
import Protobuf
import TestSupport
import Testing

@Suite struct SQLCommandTests {
    /// One instance of every Flight SQL request, with fields set, and its dispatch case.
    static let commands: [FlightSQLCommand] = [
        .statementQuery(CommandStatementQuery(query: "SELECT 1", transactionID: Data([1]))),
        .statementSubstraitPlan(
            CommandStatementSubstraitPlan(plan: SubstraitPlan(plan: Data([2]), version: "0.12.0"), transactionID: Data())),
        .statementUpdate(CommandStatementUpdate(query: "DELETE FROM t", transactionID: nil)),
        .statementIngest(
            CommandStatementIngest(
                tableDefinitionOptions: .init(ifNotExist: .create, ifExists: .replace), table: "t", schema: "s",
                catalog: "", temporary: true, transactionID: Data([3]), options: ["k": "v", "a": ""])),
        .preparedStatementQuery(CommandPreparedStatementQuery(preparedStatementHandle: Data([4]))),
        .preparedStatementUpdate(CommandPreparedStatementUpdate(preparedStatementHandle: Data([5]))),
        .ticketStatementQuery(TicketStatementQuery(statementHandle: Data([6]))),
        .getSqlInfo(CommandGetSqlInfo(info: [.flightSqlServerName, .sqlKeywords, SqlInfo(rawValue: 10_001)])),
        .getXdbcTypeInfo(CommandGetXdbcTypeInfo(dataType: XdbcDataType.bigint.rawValue)),
        .getCatalogs(CommandGetCatalogs()),
        .getDbSchemas(CommandGetDbSchemas(catalog: "c", dbSchemaFilterPattern: "%")),
        .getTables(
            CommandGetTables(
                catalog: "", dbSchemaFilterPattern: "s%", tableNameFilterPattern: "t_", tableTypes: ["TABLE", "VIEW"],
                includeSchema: true)),
        .getTableTypes(CommandGetTableTypes()),
        .getPrimaryKeys(CommandGetPrimaryKeys(catalog: "c", dbSchema: "", table: "t")),
        .getExportedKeys(CommandGetExportedKeys(catalog: nil, dbSchema: "s", table: "t")),
        .getImportedKeys(CommandGetImportedKeys(catalog: "c", dbSchema: nil, table: "t")),
        .getCrossReference(
            CommandGetCrossReference(
                pkCatalog: "pc", pkDbSchema: "ps", pkTable: "pt", fkCatalog: "", fkDbSchema: nil, fkTable: "ft")),
        .createPreparedStatement(ActionCreatePreparedStatementRequest(query: "SELECT ?", transactionID: Data([7]))),
        .createPreparedSubstraitPlan(
            ActionCreatePreparedSubstraitPlanRequest(plan: SubstraitPlan(plan: Data([8]), version: "1"))),
        .closePreparedStatement(ActionClosePreparedStatementRequest(preparedStatementHandle: Data([9]))),
        .beginTransaction(ActionBeginTransactionRequest()),
        .beginSavepoint(ActionBeginSavepointRequest(transactionID: Data([10]), name: "sp")),
        .endTransaction(ActionEndTransactionRequest(transactionID: Data([11]), action: .rollback)),
        .endSavepoint(ActionEndSavepointRequest(savepointID: Data([12]), action: .release)),
        .cancelQuery(ActionCancelQueryRequest(info: FlightInfo(totalRecords: 1))),
    ]

    @Test("every request packs into an Any and dispatches back to the same case", arguments: commands)
    func dispatch(command: FlightSQLCommand) throws {
        let any = command.packedInAny()
        #expect(any.typeURL.hasPrefix("type.googleapis.com/arrow.flight.protocol.sql."))
        #expect(try FlightSQLCommand(any: any) == command)
        #expect(try FlightSQLCommand(serializedAny: any.serializedProtobuf()) == command)
        // And through a descriptor, as a client sends it.
        let descriptor = try #require(command.message).flightDescriptor
        #expect(descriptor.type == .cmd)
        #expect(try FlightSQLCommand(serializedAny: descriptor.cmd) == command)
    }

    @Test("results and nested messages round-trip")
    func resultRoundTrips() throws {
        try expectRoundTrip(ActionCreatePreparedStatementResult(
            preparedStatementHandle: Data([1]), datasetSchema: Data([2]), parameterSchema: Data([3])))
        try expectRoundTrip(ActionBeginTransactionResult(transactionID: Data([4])))
        try expectRoundTrip(ActionBeginSavepointResult(savepointID: Data([5])))
        try expectRoundTrip(DoPutUpdateResult(recordCount: -1))
        try expectRoundTrip(DoPutPreparedStatementResult(preparedStatementHandle: Data()))
        try expectRoundTrip(DoPutPreparedStatementResult(preparedStatementHandle: nil))
        try expectRoundTrip(ActionCancelQueryResult(result: .cancelling))
        try expectRoundTrip(SubstraitPlan(plan: Data([6]), version: "v"))
        try expectRoundTrip(CommandStatementIngest.TableDefinitionOptions(ifNotExist: .fail, ifExists: .append))
        for command in Self.commands {
            let message = try #require(command.message)
            let any = ProtobufAny(typeURL: "x/" + type(of: message).protobufTypeName, value: message.serializedProtobuf())
            #expect(try FlightSQLCommand(any: any) == command)
        }
    }

    @Test("CommandStatementQuery encodes as the spec says")
    func statementQueryBytes() throws {
        #expect(CommandStatementQuery(query: "SELECT 1").serializedProtobuf() == Data(hex: "0a 08 53 45 4c 45 43 54 20 31"))
        // An empty transaction id is set, so it is written.
        #expect(CommandStatementQuery(query: "", transactionID: Data()).serializedProtobuf() == Data(hex: "12 00"))
        #expect(try CommandStatementQuery(protobuf: Data(hex: "12 00")).transactionID == Data())
        #expect(try CommandStatementQuery(protobuf: Data()).transactionID == nil)
    }

    @Test("the Any around a command has the full type URL")
    func anyBytes() throws {
        let any = CommandStatementQuery(query: "q").packedInAny()
        #expect(any.typeURL == "type.googleapis.com/arrow.flight.protocol.sql.CommandStatementQuery")
        let url = Data(any.typeURL.utf8)
        let expected = Data([0x0A, UInt8(url.count)]) + url + Data(hex: "12 03 0a 01 71")
        #expect(CommandStatementQuery(query: "q").serializedAny() == expected)
        #expect(try CommandStatementQuery(serializedAny: expected) == CommandStatementQuery(query: "q"))
        #expect(protobufErrorCode { _ = try CommandStatementUpdate(serializedAny: expected) } == .typeMismatch)
    }

    @Test("optional strings distinguish empty from unset")
    func optionalStrings() throws {
        #expect(CommandGetDbSchemas(catalog: "").serializedProtobuf() == Data(hex: "0a 00"))
        #expect(CommandGetDbSchemas().serializedProtobuf().isEmpty)
        #expect(try CommandGetDbSchemas(protobuf: Data(hex: "0a 00")).catalog == "")
        #expect(try CommandGetDbSchemas(protobuf: Data()).catalog == nil)
        #expect(
            CommandGetPrimaryKeys(catalog: nil, dbSchema: "", table: "t").serializedProtobuf()
                == Data(hex: "12 00 1a 01 74"))
    }

    @Test("CommandGetSqlInfo writes packed ids and reads packed or unpacked")
    func sqlInfoIds() throws {
        let command = CommandGetSqlInfo(info: [.flightSqlServerName, .flightSqlServerVersion, .sqlKeywords])
        #expect(command.serializedProtobuf() == Data(hex: "0a 04 00 01 fc 03"))
        #expect(try CommandGetSqlInfo(protobuf: Data(hex: "08 00 08 01 08 fc 03")) == command)
        #expect(try CommandGetSqlInfo(protobuf: Data(hex: "08 00 0a 03 01 fc 03")) == command)
    }

    @Test("CommandGetXdbcTypeInfo writes a set data type, even 0, and negative types in ten bytes")
    func xdbcTypeInfo() throws {
        #expect(CommandGetXdbcTypeInfo(dataType: 0).serializedProtobuf() == Data(hex: "08 00"))
        #expect(CommandGetXdbcTypeInfo().serializedProtobuf().isEmpty)
        let bigint = Data(hex: "08 fb ff ff ff ff ff ff ff ff 01")
        #expect(CommandGetXdbcTypeInfo(dataType: -5).serializedProtobuf() == bigint)
        #expect(try CommandGetXdbcTypeInfo(protobuf: bigint).dataType == XdbcDataType.bigint.rawValue)
    }

    @Test("CommandStatementIngest writes its options map as field 1000")
    func ingestBytes() throws {
        let command = CommandStatementIngest(
            tableDefinitionOptions: .init(ifNotExist: .create, ifExists: .append), table: "t", options: ["k": "v"])
        let expected = Data(hex: "0a 04 08 01 10 02 12 01 74 c2 3e 06 0a 01 6b 12 01 76")
        #expect(command.serializedProtobuf() == expected)
        #expect(try CommandStatementIngest(protobuf: expected) == command)
    }

    @Test("transaction and savepoint requests use the proto's enum numbers")
    func transactionBytes() throws {
        let end = ActionEndTransactionRequest(transactionID: Data("tx".utf8), action: .commit)
        #expect(end.serializedProtobuf() == Data(hex: "0a 02 74 78 10 01"))
        let savepoint = ActionEndSavepointRequest(savepointID: Data("sp".utf8), action: .rollback)
        #expect(savepoint.serializedProtobuf() == Data(hex: "0a 02 73 70 10 02"))
        #expect(try ActionEndTransactionRequest(protobuf: Data(hex: "10 05")).action.rawValue == 5)
        #expect(ActionEndTransactionRequest.EndTransaction.rollback.description == "END_TRANSACTION_ROLLBACK")
        #expect(ActionEndSavepointRequest.EndSavepoint.release.description == "END_SAVEPOINT_RELEASE")
    }

    @Test("DoPutUpdateResult encodes -1 (unknown count) as a ten-byte varint")
    func updateResult() throws {
        let bytes = Data(hex: "08 ff ff ff ff ff ff ff ff ff 01")
        #expect(DoPutUpdateResult(recordCount: -1).serializedProtobuf() == bytes)
        #expect(try DoPutUpdateResult(protobuf: bytes).recordCount == -1)
    }

    @Test("action requests become Flight actions named as Flight SQL specifies")
    func actions() throws {
        let create = ActionCreatePreparedStatementRequest(query: "SELECT 1")
        let action = create.flightAction
        #expect(action.type == "CreatePreparedStatement")
        #expect(try ActionCreatePreparedStatementRequest(serializedAny: action.body) == create)
        #expect(ActionCreatePreparedSubstraitPlanRequest.actionType == "CreatePreparedSubstraitPlan")
        #expect(ActionClosePreparedStatementRequest.actionType == "ClosePreparedStatement")
        #expect(ActionBeginTransactionRequest.actionType == "BeginTransaction")
        #expect(ActionBeginSavepointRequest.actionType == "BeginSavepoint")
        #expect(ActionEndTransactionRequest.actionType == "EndTransaction")
        #expect(ActionEndSavepointRequest.actionType == "EndSavepoint")
        #expect(ActionCancelQueryRequest.actionType == "CancelQuery")
    }

    @Test("an Any of another type is kept as unrecognized; a malformed known one throws")
    func unrecognizedAndMalformed() throws {
        let other = ProtobufAny(typeURL: "type.googleapis.com/example.Other", value: Data([1, 2]))
        #expect(try FlightSQLCommand(any: other) == .unrecognized(other))
        #expect(FlightSQLCommand.unrecognized(other).packedInAny() == other)
        #expect(FlightSQLCommand.unrecognized(other).message == nil)
        let malformed = ProtobufAny(
            typeURL: "type.googleapis.com/" + CommandStatementQuery.protobufTypeName, value: Data(hex: "0a 05 61"))
        #expect(protobufErrorCode { _ = try FlightSQLCommand(any: malformed) } == .truncated)
    }

    @Test("SQL commands skip unknown fields and name the field in errors")
    func unknownFieldsAndErrors() throws {
        let query = CommandStatementQuery(query: "q")
        #expect(try CommandStatementQuery(protobuf: unknownFieldsOfEveryWireType + query.serializedProtobuf()) == query)
        do {
            _ = try CommandStatementQuery(protobuf: Data(hex: "0a 02 c3 28"))
            Issue.record("expected an error")
        } catch let error as ProtobufError {
            #expect(error.code == .invalidUTF8)
            #expect(error.message.hasPrefix("CommandStatementQuery field 1:"))
        }
    }

    @Test("type names carry the arrow.flight.protocol.sql package, nested names included")
    func typeNames() {
        #expect(CommandGetTables.protobufTypeName == "arrow.flight.protocol.sql.CommandGetTables")
        #expect(
            CommandStatementIngest.TableDefinitionOptions.protobufTypeName
                == "arrow.flight.protocol.sql.CommandStatementIngest.TableDefinitionOptions")
        #expect(DoPutPreparedStatementResult.protobufTypeName == "arrow.flight.protocol.sql.DoPutPreparedStatementResult")
    }

    @Test("SqlInfo ids and result enums have the proto's numbers")
    func sqlInfoAndEnums() throws {
        #expect(SqlInfo.flightSqlServerArrowVersion.rawValue == 2)
        #expect(SqlInfo.flightSqlServerReadOnly.rawValue == 3)
        #expect(SqlInfo.flightSqlServerTransaction.rawValue == 8)
        #expect(SqlInfo.flightSqlServerStatementTimeout.rawValue == 100)
        #expect(SqlInfo.sqlIdentifierQuoteChar.rawValue == 504)
        #expect(SqlInfo.sqlKeywords.rawValue == 508)
        #expect(SqlInfo.sqlTransactionsSupported.rawValue == 563)
        #expect(SqlInfo.sqlStoredFunctionsUsingCallSyntaxSupported.rawValue == 576)
        #expect(SqlSupportedTransaction.savepoint.rawValue == 2)
        #expect(Nullable.unknown.rawValue == 2)
        #expect(Searchable.full.rawValue == 3)
        #expect(UpdateDeleteRules.setDefault.rawValue == 4)
        #expect(XdbcDataType.wvarchar.rawValue == -9)
        #expect(SqlTransactionIsolationLevel.serializable.rawValue == 4)
        #expect(SqlNullOrdering.sortedAtEnd.rawValue == 3)
        #expect(SqlSupportedCaseSensitivity.lowercase.rawValue == 3)
    }

    @Test("bitmask-valued SqlInfo items are read with SqlInfoBitmaskFlag")
    func bitmasks() {
        let unions: Int32 = 0b11
        #expect(SqlSupportedUnions.union.isSet(in: unions))
        #expect(SqlSupportedUnions.unionAll.isSet(in: unions))
        #expect(SqlSupportedSubqueries.inQuantifieds.bit == 8)
        #expect(!SqlSupportedSubqueries.inIns.isSet(in: 0b1011))
        #expect(SqlTransactionIsolationLevel.serializable.bit == 16)
        #expect(SqlSupportedUnions(rawValue: 31).bit == Int32.min)
        #expect(SqlSupportedUnions(rawValue: 40).bit == 0)
        #expect(!SqlSupportedUnions(rawValue: -1).isSet(in: -1))
        #expect(XdbcDatetimeSubcode.date == XdbcDatetimeSubcode.year)
        #expect(XdbcDatetimeSubcode.intervalMinuteToSecond.rawValue == 113)
        #expect(SqlSupportsConvert.varchar.rawValue == 19)
    }

    @Test("ActionCancelQueryRequest carries a serialized FlightInfo")
    func cancelQuery() throws {
        let info = FlightInfo(flightDescriptor: .command(Data([1])), totalRecords: 3)
        let request = ActionCancelQueryRequest(info: info)
        #expect(try request.decodedInfo() == info)
        #expect(ActionCancelQueryResult(result: .notCancellable).serializedProtobuf() == Data(hex: "08 03"))
    }
}
