import Foundation
import Protobuf

// Transactions and savepoints, managed with DoAction.

/// Begins a transaction (`ActionBeginTransactionRequest`).
public struct ActionBeginTransactionRequest: FlightSQLActionRequest, Hashable, FieldlessMessage {
    /// `"arrow.flight.protocol.sql.ActionBeginTransactionRequest"`.
    public static let protobufTypeName = flightSQLPackage + "ActionBeginTransactionRequest"
    /// `"BeginTransaction"`.
    public static let actionType = FlightSQLActionName.beginTransaction

    /// Creates the request (it has no fields).
    public init() {}
}

/// The transaction that was begun (`ActionBeginTransactionResult`), in an `Any`.
public struct ActionBeginTransactionResult: FlightSQLCommandMessage, Hashable, SingleBytesFieldMessage {
    /// `"arrow.flight.protocol.sql.ActionBeginTransactionResult"`.
    public static let protobufTypeName = flightSQLPackage + "ActionBeginTransactionResult"

    /// The server's handle for the transaction (field 1).
    public var transactionID: Data

    /// Creates a result.
    public init(transactionID: Data) { self.transactionID = transactionID }

    /// Creates an empty result.
    public init() { self.init(transactionID: Data()) }

    /// ``transactionID`` is the message's only field, number 1.
    public static var bytesField: WritableKeyPath<Self, Data> { \.transactionID }
}

/// Creates a savepoint in a transaction (`ActionBeginSavepointRequest`).
public struct ActionBeginSavepointRequest: FlightSQLActionRequest, Hashable {
    /// `"arrow.flight.protocol.sql.ActionBeginSavepointRequest"`.
    public static let protobufTypeName = flightSQLPackage + "ActionBeginSavepointRequest"
    /// `"BeginSavepoint"`.
    public static let actionType = FlightSQLActionName.beginSavepoint

    /// The transaction the savepoint belongs to (field 1).
    public var transactionID: Data
    /// The savepoint's name (field 2).
    public var name: String

    /// Creates a request.
    public init(transactionID: Data, name: String) {
        self.transactionID = transactionID
        self.name = name
    }

    /// Creates an empty request.
    public init() { self.init(transactionID: Data(), name: "") }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: transactionID = try reader.readBytes()
        case 2: name = try reader.readString()
        default: break
        }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeBytes(transactionID, field: 1)
        writer.writeString(name, field: 2)
    }
}

/// The savepoint that was created (`ActionBeginSavepointResult`), in an `Any`.
public struct ActionBeginSavepointResult: FlightSQLCommandMessage, Hashable, SingleBytesFieldMessage {
    /// `"arrow.flight.protocol.sql.ActionBeginSavepointResult"`.
    public static let protobufTypeName = flightSQLPackage + "ActionBeginSavepointResult"

    /// The server's handle for the savepoint (field 1).
    public var savepointID: Data

    /// Creates a result.
    public init(savepointID: Data) { self.savepointID = savepointID }

    /// Creates an empty result.
    public init() { self.init(savepointID: Data()) }

    /// ``savepointID`` is the message's only field, number 1.
    public static var bytesField: WritableKeyPath<Self, Data> { \.savepointID }
}

/// Commits or rolls back a transaction (`ActionEndTransactionRequest`).
public struct ActionEndTransactionRequest: FlightSQLActionRequest, Hashable {
    /// `"arrow.flight.protocol.sql.ActionEndTransactionRequest"`.
    public static let protobufTypeName = flightSQLPackage + "ActionEndTransactionRequest"
    /// `"EndTransaction"`.
    public static let actionType = FlightSQLActionName.endTransaction

    /// How to end the transaction (`ActionEndTransactionRequest.EndTransaction`).
    public struct EndTransaction: ProtobufEnum, CustomStringConvertible {
        /// The wire value.
        public var rawValue: Int32
        /// Wraps any wire value.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Unset; servers reject it.
        public static let unspecified = EndTransaction(rawValue: 0)
        /// Commit.
        public static let commit = EndTransaction(rawValue: 1)
        /// Roll back.
        public static let rollback = EndTransaction(rawValue: 2)

        /// The proto name, or the number for a value this code does not know.
        public var description: String {
            protoName(["END_TRANSACTION_UNSPECIFIED", "END_TRANSACTION_COMMIT", "END_TRANSACTION_ROLLBACK"])
        }
    }

    /// The transaction (field 1).
    public var transactionID: Data
    /// Commit or roll back (field 2).
    public var action: EndTransaction

    /// Creates a request.
    public init(transactionID: Data, action: EndTransaction) {
        self.transactionID = transactionID
        self.action = action
    }

    /// Creates an empty request.
    public init() { self.init(transactionID: Data(), action: .unspecified) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: transactionID = try reader.readBytes()
        case 2: action = try reader.readEnum()
        default: break
        }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeBytes(transactionID, field: 1)
        writer.writeEnum(action, field: 2)
    }
}

/// Releases a savepoint or rolls back to it (`ActionEndSavepointRequest`).
public struct ActionEndSavepointRequest: FlightSQLActionRequest, Hashable {
    /// `"arrow.flight.protocol.sql.ActionEndSavepointRequest"`.
    public static let protobufTypeName = flightSQLPackage + "ActionEndSavepointRequest"
    /// `"EndSavepoint"`.
    public static let actionType = FlightSQLActionName.endSavepoint

    /// How to end the savepoint (`ActionEndSavepointRequest.EndSavepoint`).
    public struct EndSavepoint: ProtobufEnum, CustomStringConvertible {
        /// The wire value.
        public var rawValue: Int32
        /// Wraps any wire value.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Unset; servers reject it.
        public static let unspecified = EndSavepoint(rawValue: 0)
        /// Release the savepoint.
        public static let release = EndSavepoint(rawValue: 1)
        /// Roll back to the savepoint.
        public static let rollback = EndSavepoint(rawValue: 2)

        /// The proto name, or the number for a value this code does not know.
        public var description: String {
            protoName(["END_SAVEPOINT_UNSPECIFIED", "END_SAVEPOINT_RELEASE", "END_SAVEPOINT_ROLLBACK"])
        }
    }

    /// The savepoint (field 1).
    public var savepointID: Data
    /// Release or roll back (field 2).
    public var action: EndSavepoint

    /// Creates a request.
    public init(savepointID: Data, action: EndSavepoint) {
        self.savepointID = savepointID
        self.action = action
    }

    /// Creates an empty request.
    public init() { self.init(savepointID: Data(), action: .unspecified) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: savepointID = try reader.readBytes()
        case 2: action = try reader.readEnum()
        default: break
        }
    }

    /// Encodes the non-default fields.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeBytes(savepointID, field: 1)
        writer.writeEnum(action, field: 2)
    }
}
