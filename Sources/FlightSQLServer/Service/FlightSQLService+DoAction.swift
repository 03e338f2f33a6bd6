import Arrow
import FlightSQL
import Foundation
import GRPCTransport
import Protobuf

/// `DoAction` and `ListActions`: prepared statements, transactions, savepoints,
/// cancellation and session options (`FlightSQLService+Sessions.swift`).
extension FlightSQLService {
    static let actionTypes: [ActionType] = [
        ActionType(type: FlightSQLActionName.createPreparedStatement, description: "Prepare a SQL statement"),
        ActionType(type: FlightSQLActionName.closePreparedStatement, description: "Close a prepared statement"),
        ActionType(type: FlightSQLActionName.beginTransaction, description: "Begin a transaction"),
        ActionType(type: FlightSQLActionName.endTransaction, description: "Commit or roll back a transaction"),
        ActionType(type: FlightSQLActionName.beginSavepoint, description: "Begin a savepoint in a transaction"),
        ActionType(type: FlightSQLActionName.endSavepoint, description: "Release or roll back to a savepoint"),
        ActionType(type: FlightService.ActionName.cancelFlightInfo, description: "Cancel a query"),
        ActionType(type: FlightSQLActionName.cancelQuery, description: "Cancel a query (deprecated)"),
        ActionType(type: FlightService.ActionName.setSessionOptions, description: "Set session options"),
        ActionType(type: FlightService.ActionName.getSessionOptions, description: "Get session options"),
        ActionType(type: FlightService.ActionName.closeSession, description: "Close the session"),
    ]

    func doAction(_ request: Data, call: GRPCServerCall) async throws -> [FlightResult] {
        let action: FlightAction
        do {
            action = try FlightAction(protobuf: request)
        } catch {
            throw GRPCStatus(code: .invalidArgument, message: "the request is not a valid Action")
        }
        switch action.type {
        case FlightService.ActionName.cancelFlightInfo:
            let request = try decode(CancelFlightInfoRequest.self, action.body)
            let status = cancel(request.info)
            return [FlightResult(body: CancelFlightInfoResult(status: status).serializedProtobuf())]
        case FlightService.ActionName.setSessionOptions:
            let request = try decode(SetSessionOptionsRequest.self, action.body)
            return [FlightResult(body: try await setSessionOptions(request, call: call).serializedProtobuf())]
        case FlightService.ActionName.getSessionOptions:
            _ = try decode(GetSessionOptionsRequest.self, action.body)
            return [FlightResult(body: try getSessionOptions(call: call).serializedProtobuf())]
        case FlightService.ActionName.closeSession:
            _ = try decode(CloseSessionRequest.self, action.body)
            return [FlightResult(body: try await closeSession(call: call).serializedProtobuf())]
        case FlightService.ActionName.renewFlightEndpoint:
            throw GRPCStatus(code: .unimplemented, message: "RenewFlightEndpoint is not supported: results do not expire while read")
        default:
            return try await sqlAction(action)
        }
    }

    private func sqlAction(_ action: FlightAction) async throws -> [FlightResult] {
        let known: Set<String> = [
            FlightSQLActionName.createPreparedStatement, FlightSQLActionName.createPreparedSubstraitPlan,
            FlightSQLActionName.closePreparedStatement, FlightSQLActionName.beginTransaction,
            FlightSQLActionName.endTransaction, FlightSQLActionName.beginSavepoint, FlightSQLActionName.endSavepoint,
            FlightSQLActionName.cancelQuery,
        ]
        guard known.contains(action.type) else {
            throw GRPCStatus(code: .unimplemented, message: "unknown action type '\(action.type)'")
        }
        switch try Self.command(serializedAny: action.body) {
        case .createPreparedStatement(let request):
            let description = try await sessions.withSession(for: request.transactionID) { try await $0.prepare(request.query) }
            let handle = prepared.add(PreparedStatement(sql: request.query, transactionID: request.transactionID, description: description))
            statistics.update { $0.preparedStatementsCreated += 1 }
            let result = ActionCreatePreparedStatementResult(
                preparedStatementHandle: handle,
                datasetSchema: description.datasetSchema.map(ArrowIPCMessageEncoder.encapsulatedSchema) ?? Data(),
                parameterSchema: ArrowIPCMessageEncoder.encapsulatedSchema(description.parameterSchema))
            return [FlightResult(body: result.serializedAny())]
        case .createPreparedSubstraitPlan:
            throw Self.substraitUnsupported()
        case .closePreparedStatement(let request):
            if prepared.remove(request.preparedStatementHandle) { statistics.update { $0.preparedStatementsClosed += 1 } }
            return []
        case .beginTransaction:
            let id = try await sessions.begin()
            return [FlightResult(body: ActionBeginTransactionResult(transactionID: id).serializedAny())]
        case .endTransaction(let request):
            guard request.action == .commit || request.action == .rollback else {
                throw GRPCStatus(code: .invalidArgument, message: "EndTransaction: the action must be COMMIT or ROLLBACK")
            }
            let session = try sessions.end(request.transactionID)
            for statement in statements.removeAll(transactionID: request.transactionID) {
                await statement.cancel()?.close()
            }
            do {
                if request.action == .commit { try await session.commit() } else { try await session.rollback() }
            } catch {
                await session.close()
                throw error
            }
            await session.close()
            return []
        case .beginSavepoint(let request):
            guard !request.name.isEmpty else {
                throw GRPCStatus(code: .invalidArgument, message: "BeginSavepoint: the savepoint name is empty")
            }
            try await sessions.withSession(for: request.transactionID) { session in
                guard !request.transactionID.isEmpty else {
                    throw GRPCStatus(code: .invalidArgument, message: "BeginSavepoint: savepoints need a transaction")
                }
                try await session.beginSavepoint(request.name)
            }
            let id = sessions.addSavepoint(transaction: request.transactionID, name: request.name)
            return [FlightResult(body: ActionBeginSavepointResult(savepointID: id).serializedAny())]
        case .endSavepoint(let request):
            guard request.action == .release || request.action == .rollback else {
                throw GRPCStatus(code: .invalidArgument, message: "EndSavepoint: the action must be RELEASE or ROLLBACK")
            }
            let savepoint = try sessions.removeSavepoint(request.savepointID)
            try await sessions.withSession(for: savepoint.transaction) { session in
                if request.action == .release {
                    try await session.releaseSavepoint(savepoint.name)
                } else {
                    try await session.rollbackToSavepoint(savepoint.name)
                }
            }
            return []
        case .cancelQuery(let request):
            let info: FlightInfo
            do {
                info = try FlightInfo(protobuf: request.info)
            } catch {
                throw GRPCStatus(code: .invalidArgument, message: "CancelQuery: the info is not a valid FlightInfo")
            }
            let status = cancel(info)
            let result: ActionCancelQueryResult.CancelResult = status == .cancelled ? .cancelled : .notCancellable
            return [FlightResult(body: ActionCancelQueryResult(result: result).serializedAny())]
        default:
            throw GRPCStatus(code: .invalidArgument, message: "the body of action '\(action.type)' is not its request message")
        }
    }

    /// Cancels the statements of `info`'s endpoints.
    private func cancel(_ info: FlightInfo?) -> CancelStatus {
        var found = false
        for endpoint in info?.endpoints ?? [] {
            guard let data = endpoint.ticket?.ticket,
                  case .ticketStatementQuery(let query)? = try? FlightSQLCommand(serializedAny: data),
                  let ticket = TicketHandle(query.statementHandle),
                  let statement = statements.statement(ticket.handle) else { continue }
            found = true
            // Closing the kept stream, and cancelling the DoGets reading it, stops the
            // statement inside the backend (for SQLite, only that statement's work).
            if let stream = statement.cancel() { Task { await stream.close() } }
        }
        if found { statistics.update { $0.statementsCancelled += 1 } }
        return found ? .cancelled : .notCancellable
    }

    private func decode<M: ProtobufMessage>(_ type: M.Type, _ body: Data) throws -> M {
        do {
            return try M(protobuf: body)
        } catch {
            throw GRPCStatus(code: .invalidArgument, message: "the action body is not a valid \(M.self)")
        }
    }
}
