import Arrow
import Foundation
import GRPCTransport
import Protobuf

/// A client of the Arrow Flight RPC service (`arrow.flight.protocol.FlightService`) over one
/// HTTP/2 connection. ``FlightSQLClient`` builds the Flight SQL commands on top of it.
///
/// Calls may run concurrently; they are multiplexed on the connection.
///
/// Unless ``FlightClientOptions/useCookies`` is off, the client keeps the cookies its server
/// sets (``cookies``) and sends them back on every later call, as Flight's server sessions
/// (session options) need.
///
/// Every call's response headers and trailers reach the caller through
/// ``FlightCallOptions/responseMetadata`` (a ``FlightResponseMetadataCapture``).
public struct FlightClient: Sendable {
    /// The transport the calls go through (a real HTTP/2 connection, or an in-memory one in tests).
    public let transport: any GRPCClientTransport
    /// Closes the transport when the client owns its connection.
    private let closeTransport: @Sendable () -> Void
    /// Headers sent on every call: the bearer token and the caller's extra headers.
    let baseMetadata: GRPCMetadata
    let defaultTimeout: Duration?
    let maxReceiveMessageSize: Int
    /// The cookies the server set on this connection, sent back on every call; nil when
    /// ``FlightClientOptions/useCookies`` is off. Shared by copies of the client.
    public let cookies: FlightCookieJar?

    /// Creates a client over an existing transport, sending `options`' token and headers.
    /// Username/password authentication needs a handshake: use ``connect(url:options:)``.
    public init(transport: any GRPCClientTransport, options: FlightClientOptions = FlightClientOptions()) {
        self.init(transport: transport, options: options, cookies: options.useCookies ? FlightCookieJar() : nil, close: {})
    }

    init(
        transport: any GRPCClientTransport, options: FlightClientOptions, cookies: FlightCookieJar?,
        close: @escaping @Sendable () -> Void
    ) {
        self.transport = transport
        self.cookies = cookies
        self.closeTransport = close
        var metadata = GRPCMetadata()
        if let token = options.token { metadata.add("authorization", "Bearer \(token)") }
        for header in options.headers { metadata.add(header.name.lowercased(), header.value) }
        for header in options.binaryHeaders { metadata.add(header.name.lowercased(), binary: header.value) }
        self.baseMetadata = metadata
        self.defaultTimeout = options.timeout
        self.maxReceiveMessageSize = options.maxReceiveMessageSize
    }

    /// Connects to `url` (`grpc://`, `grpc+tcp://` or `grpc+tls://host:port`) and, when the
    /// options carry a username and password, authenticates with the Flight handshake.
    public static func connect(url: String, options: FlightClientOptions = FlightClientOptions()) async throws -> FlightClient {
        let transport = try await FlightConnector.connect(url: url, options: options)
        var options = options
        // One jar for the connection: cookies set by the handshake's response count too.
        let cookies = options.useCookies ? FlightCookieJar() : nil
        if let username = options.username {
            let client = FlightClient(transport: transport, options: options, cookies: cookies, close: transport.close)
            do {
                options.token = try await client.authenticateBasic(username: username, password: options.password ?? "")
            } catch {
                transport.close()
                throw error
            }
        }
        return FlightClient(transport: transport, options: options, cookies: cookies, close: transport.close)
    }

    /// Closes the connection (when the client opened it); calls in flight fail.
    public func close() { closeTransport() }

    // MARK: - RPCs

    /// `Handshake` with HTTP Basic authentication; returns the bearer token the server issued.
    public func authenticateBasic(username: String, password: String, options: FlightCallOptions = FlightCallOptions()) async throws -> String {
        let credentials = Data("\(username):\(password)".utf8).base64EncodedString()
        var metadata = baseMetadata
        metadata.add("authorization", "Basic \(credentials)")
        let started = try await start(FlightService.Method.handshake, options: options, metadata: metadata)
        return try await started.run { call in
            try await call.send(HandshakeRequest().serializedProtobuf())
            try await call.finishSending()
            let headers = try await call.responseHeaders()
            var payloadToken: String?
            while let message = try await call.receive() {
                let response = try HandshakeResponse(protobuf: message)
                if !response.payload.isEmpty { payloadToken = String(decoding: response.payload, as: UTF8.self) }
            }
            let trailers = try await call.trailers()
            for value in (headers.values(for: "authorization") + trailers.values(for: "authorization")).compactMap(\.stringValue) {
                if value.lowercased().hasPrefix("bearer ") { return String(value.dropFirst("bearer ".count)) }
            }
            if let payloadToken { return payloadToken }
            throw FlightError(code: .unauthenticated, message: "the server accepted the handshake but returned no bearer token")
        }
    }

    /// `GetFlightInfo`: how to fetch the data the descriptor names.
    public func getFlightInfo(_ descriptor: FlightDescriptor, options: FlightCallOptions = FlightCallOptions()) async throws -> FlightInfo {
        try Self.decodeResponse(FlightInfo.self, try await unary(FlightService.Method.getFlightInfo, descriptor.serializedProtobuf(), options: options))
    }

    /// `PollFlightInfo`: start or poll a long-running query.
    public func pollFlightInfo(_ descriptor: FlightDescriptor, options: FlightCallOptions = FlightCallOptions()) async throws -> PollInfo {
        try Self.decodeResponse(PollInfo.self, try await unary(FlightService.Method.pollFlightInfo, descriptor.serializedProtobuf(), options: options))
    }

    /// `GetSchema`: the schema of the data the descriptor names.
    public func getSchema(_ descriptor: FlightDescriptor, options: FlightCallOptions = FlightCallOptions()) async throws -> Schema {
        let result = try Self.decodeResponse(SchemaResult.self, try await unary(FlightService.Method.getSchema, descriptor.serializedProtobuf(), options: options))
        return try Self.decodeSchema(result.schema)
    }

    /// `DoGet`: streams the data a ticket stands for.
    public func doGet(_ ticket: FlightTicket, options: FlightCallOptions = FlightCallOptions()) async throws -> FlightStreamReader {
        let started = try await start(FlightService.Method.doGet, options: options)
        do {
            try await Self.translatingErrors {
                try await started.call.send(ticket.serializedProtobuf())
                try await started.call.finishSending()
            }
        } catch {
            await started.ended(failure: error)
            throw error
        }
        // The reader hands the headers and trailers on when the stream ends.
        return FlightStreamReader(started)
    }

    /// `DoAction`: runs an action and returns its results.
    public func doAction(_ action: FlightAction, options: FlightCallOptions = FlightCallOptions()) async throws -> [FlightResult] {
        let messages = try await serverStream(FlightService.Method.doAction, action.serializedProtobuf(), options: options)
        return try messages.map { try Self.decodeResponse(FlightResult.self, $0) }
    }

    /// `ListActions`: the actions the server supports.
    public func listActions(options: FlightCallOptions = FlightCallOptions()) async throws -> [ActionType] {
        let messages = try await serverStream(FlightService.Method.listActions, FlightEmpty().serializedProtobuf(), options: options)
        return try messages.map { try Self.decodeResponse(ActionType.self, $0) }
    }

    /// `ListFlights`: the flights the server offers for `criteria`.
    public func listFlights(_ criteria: Criteria = Criteria(), options: FlightCallOptions = FlightCallOptions()) async throws -> [FlightInfo] {
        let messages = try await serverStream(FlightService.Method.listFlights, criteria.serializedProtobuf(), options: options)
        return try messages.map { try Self.decodeResponse(FlightInfo.self, $0) }
    }

    /// `DoPut` of a descriptor with no data (as Flight SQL updates do); returns the `PutResult`s.
    public func doPutEmpty(_ descriptor: FlightDescriptor, options: FlightCallOptions = FlightCallOptions()) async throws -> [PutResult] {
        let started = try await start(FlightService.Method.doPut, options: options)
        return try await started.run { call in
            var data = FlightData()
            data.flightDescriptor = descriptor
            try await call.send(data.serializedProtobuf())
            try await call.finishSending()
            var results: [PutResult] = []
            while let message = try await call.receive() { results.append(try PutResult(protobuf: message)) }
            return results
        }
    }

    /// `DoPut` of a stream: `messages` in order (typically an IPC schema message, then record
    /// batches), the descriptor attached to the first. Returns the `PutResult`s.
    ///
    /// Flight SQL binds prepared-statement parameters and runs prepared updates this way.
    public func doPut(descriptor: FlightDescriptor, messages: [FlightData], options: FlightCallOptions = FlightCallOptions()) async throws -> [PutResult] {
        let started = try await start(FlightService.Method.doPut, options: options)
        return try await started.run { call in
            var first = messages.first ?? FlightData()
            first.flightDescriptor = descriptor
            try await call.send(first.serializedProtobuf())
            for message in messages.dropFirst() { try await call.send(message.serializedProtobuf()) }
            try await call.finishSending()
            var results: [PutResult] = []
            while let message = try await call.receive() { results.append(try PutResult(protobuf: message)) }
            return results
        }
    }

    // MARK: - Plumbing

    /// Starts a call with the connection's headers, the call's own and the cookies; the
    /// returned call hands its response metadata to the jar and `options`' capture when it ends.
    func start(_ path: String, options: FlightCallOptions, metadata: GRPCMetadata? = nil) async throws -> StartedCall {
        var metadata = metadata ?? baseMetadata
        for header in options.headers { metadata.add(header.name.lowercased(), header.value) }
        if let cookie = cookies?.cookieHeader { metadata.add("cookie", cookie) }
        var callOptions = GRPCCallOptions()
        callOptions.timeout = options.timeout ?? defaultTimeout
        callOptions.maxReceiveMessageSize = maxReceiveMessageSize
        do {
            let call = try await Self.translatingErrors {
                try await transport.makeStreamingCall(path: path, metadata: metadata, options: callOptions)
            }
            return StartedCall(call: call, method: path, cookies: cookies, capture: options.responseMetadata)
        } catch {
            StartedCall.failedToStart(method: path, error: error, capture: options.responseMetadata)
            throw error
        }
    }

    func unary(_ path: String, _ request: Data, options: FlightCallOptions) async throws -> Data {
        let messages = try await serverStream(path, request, options: options)
        guard messages.count == 1, let message = messages.first else {
            throw FlightError(code: .invalidResponse, message: "expected one response message, got \(messages.count)")
        }
        return message
    }

    func serverStream(_ path: String, _ request: Data, options: FlightCallOptions) async throws -> [Data] {
        let started = try await start(path, options: options)
        return try await started.run { call in
            try await call.send(request)
            try await call.finishSending()
            var messages: [Data] = []
            while let message = try await call.receive() { messages.append(message) }
            return messages
        }
    }

    /// Decodes a response message. A malformed one is the server's fault, so it is reported
    /// as an `invalidResponse` FlightError like every other failed call, not as a raw
    /// ProtobufError callers would not expect.
    static func decodeResponse<M: ProtobufMessage>(_ type: M.Type, _ bytes: Data) throws -> M {
        do {
            return try M(protobuf: bytes)
        } catch {
            throw FlightError(code: .invalidResponse, message: "malformed \(M.self) response: \(error)", cause: error)
        }
    }

    /// Decodes an IPC-encapsulated schema message (as in `FlightInfo.schema`).
    static func decodeSchema(_ bytes: Data) throws -> Schema {
        try IPCSchemaMessage.decode(bytes)
    }

    /// Runs `body`, turning transport and decoding errors into ``FlightError``s.
    static func translatingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as FlightError {
            throw error
        } catch let status as GRPCStatus {
            // A session cookie is a credential: the jar took it, the error does not carry it.
            let trailers = status.metadata.textPairs.filter { $0.name != "set-cookie" }
            throw FlightError(code: .init(grpcStatus: status.code.rawValue), message: status.message, trailers: trailers, cause: status)
        } catch let error as ProtobufError {
            throw FlightError(code: .invalidResponse, message: "malformed response: \(error)", cause: error)
        }
    }
}

extension GRPCMetadata {
    /// The entries as text pairs (binary values in base64), for callers that should not
    /// need to import the transport module.
    var textPairs: [(name: String, value: String)] {
        map { entry in (entry.name, entry.value.stringValue ?? entry.value.bytes.base64EncodedString()) }
    }
}
