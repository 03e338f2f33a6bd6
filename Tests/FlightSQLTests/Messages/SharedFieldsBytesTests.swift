import FlightSQL
import Foundation
import Protobuf
import TestSupport
import Testing

/// Messages whose fields are encoded by one shared helper (key commands, statements,
/// handshakes) and the shared enum naming: these pin the exact bytes of each user.
@Suite struct SharedFieldsBytesTests {
    @Test("primary, exported and imported keys: catalog 1, db_schema 2, table 3; nil left out, \"\" written")
    func singleTableBytes() throws {
        // 0a 01 63 = field 1 "c"; 12 00 = field 2 ""; 1a 01 74 = field 3 "t".
        let expected = Data(hex: "0a 01 63 12 00 1a 01 74")
        #expect(CommandGetPrimaryKeys(catalog: "c", dbSchema: "", table: "t").serializedProtobuf() == expected)
        #expect(CommandGetExportedKeys(catalog: "c", dbSchema: "", table: "t").serializedProtobuf() == expected)
        #expect(CommandGetImportedKeys(catalog: "c", dbSchema: "", table: "t").serializedProtobuf() == expected)
        #expect(CommandGetPrimaryKeys(table: "t").serializedProtobuf() == Data(hex: "1a 01 74"))

        let decoded = try CommandGetImportedKeys(protobuf: expected + unknownFieldsOfEveryWireType)
        #expect(decoded == CommandGetImportedKeys(catalog: "c", dbSchema: "", table: "t"))
        #expect(try CommandGetExportedKeys(protobuf: Data(hex: "1a 01 74")).catalog == nil)
    }

    @Test("cross reference: primary key side in fields 1-3, foreign key side in 4-6")
    func crossReferenceBytes() throws {
        let command = CommandGetCrossReference(
            pkCatalog: "a", pkDbSchema: nil, pkTable: "b", fkCatalog: "", fkDbSchema: "c", fkTable: "d")
        let expected = Data(hex: "0a 01 61 1a 01 62 22 00 2a 01 63 32 01 64")
        #expect(command.serializedProtobuf() == expected)
        #expect(try CommandGetCrossReference(protobuf: expected) == command)
        // Fields out of order and repeated: the last value of each wins.
        let shuffled = Data(hex: "32 01 78 0a 01 61 32 01 64 1a 01 62 2a 01 63 22 00")
        #expect(try CommandGetCrossReference(protobuf: shuffled) == command)
    }

    @Test("a table name field with the wrong wire type is an error, not a misread")
    func wrongWireType() {
        // Field 4 (fk_catalog) as a varint.
        let code = protobufErrorCode { _ = try CommandGetCrossReference(protobuf: Data(hex: "20 01")) }
        #expect(code == .wireTypeMismatch)
    }

    @Test("enum values this code does not know read as TypeName(number)")
    func unknownEnumNames() {
        #expect(CloseSessionResult.Status(rawValue: 9).description == "Status(9)")
        #expect(SetSessionOptionsResult.ErrorValue(rawValue: -1).description == "ErrorValue(-1)")
        #expect(CommandStatementIngest.TableDefinitionOptions.TableExistsOption(rawValue: 4).description
            == "TableExistsOption(4)")
        #expect(CommandStatementIngest.TableDefinitionOptions.TableExistsOption.replace.description
            == "TABLE_EXISTS_OPTION_REPLACE")
        #expect(ActionCancelQueryResult.CancelResult.notCancellable.description == "CANCEL_RESULT_NOT_CANCELLABLE")
    }

    @Test("statement query, update and create-prepared: query 1, transaction id 2 (empty id written)")
    func statementTextBytes() throws {
        // 0a 01 71 = field 1 "q"; 12 00 = field 2, empty.
        let expected = Data(hex: "0a 01 71 12 00")
        #expect(CommandStatementQuery(query: "q", transactionID: Data()).serializedProtobuf() == expected)
        #expect(CommandStatementUpdate(query: "q", transactionID: Data()).serializedProtobuf() == expected)
        #expect(
            ActionCreatePreparedStatementRequest(query: "q", transactionID: Data()).serializedProtobuf() == expected)
        #expect(try CommandStatementUpdate(protobuf: expected) == CommandStatementUpdate(query: "q", transactionID: Data()))
        #expect(try ActionCreatePreparedStatementRequest(protobuf: Data(hex: "0a 01 71")).transactionID == nil)
    }

    @Test("handshake request and response: protocol_version 1, payload 2")
    func handshakeBytes() throws {
        let expected = Data(hex: "08 96 01 12 02 ab cd")
        let request = HandshakeRequest(protocolVersion: 150, payload: Data([0xAB, 0xCD]))
        let response = HandshakeResponse(protocolVersion: 150, payload: Data([0xAB, 0xCD]))
        #expect(request.serializedProtobuf() == expected)
        #expect(response.serializedProtobuf() == expected)
        #expect(try HandshakeResponse(protobuf: expected + unknownFieldsOfEveryWireType) == response)
        #expect(HandshakeRequest().serializedProtobuf().isEmpty)
    }
}
