/// Names that identify the Flight service on the wire: gRPC method paths and action types.
public enum FlightService {
    /// The protobuf package of Flight's messages.
    public static let protobufPackage = "arrow.flight.protocol"
    /// The fully-qualified gRPC service name.
    public static let serviceName = "arrow.flight.protocol.FlightService"

    /// gRPC method paths (`/<service>/<method>`) as sent in the `:path` pseudo-header.
    public enum Method {
        /// Bidirectional stream of HandshakeRequest / HandshakeResponse.
        public static let handshake = "/arrow.flight.protocol.FlightService/Handshake"
        /// Criteria in, stream of FlightInfo out.
        public static let listFlights = "/arrow.flight.protocol.FlightService/ListFlights"
        /// FlightDescriptor in, FlightInfo out.
        public static let getFlightInfo = "/arrow.flight.protocol.FlightService/GetFlightInfo"
        /// FlightDescriptor in, PollInfo out.
        public static let pollFlightInfo = "/arrow.flight.protocol.FlightService/PollFlightInfo"
        /// FlightDescriptor in, SchemaResult out.
        public static let getSchema = "/arrow.flight.protocol.FlightService/GetSchema"
        /// Ticket in, stream of FlightData out.
        public static let doGet = "/arrow.flight.protocol.FlightService/DoGet"
        /// Stream of FlightData in, stream of PutResult out.
        public static let doPut = "/arrow.flight.protocol.FlightService/DoPut"
        /// Bidirectional stream of FlightData.
        public static let doExchange = "/arrow.flight.protocol.FlightService/DoExchange"
        /// Action in, stream of Result out.
        public static let doAction = "/arrow.flight.protocol.FlightService/DoAction"
        /// Empty in, stream of ActionType out.
        public static let listActions = "/arrow.flight.protocol.FlightService/ListActions"
    }

    /// Action types that Flight itself defines (the `type` of a ``FlightAction``).
    public enum ActionName {
        /// Body: ``CancelFlightInfoRequest``; result body: ``CancelFlightInfoResult``.
        public static let cancelFlightInfo = "CancelFlightInfo"
        /// Body: ``RenewFlightEndpointRequest``; result body: the renewed ``FlightEndpoint``.
        public static let renewFlightEndpoint = "RenewFlightEndpoint"
        /// Body: ``SetSessionOptionsRequest``; result body: ``SetSessionOptionsResult``.
        public static let setSessionOptions = "SetSessionOptions"
        /// Body: ``GetSessionOptionsRequest``; result body: ``GetSessionOptionsResult``.
        public static let getSessionOptions = "GetSessionOptions"
        /// Body: ``CloseSessionRequest``; result body: ``CloseSessionResult``.
        public static let closeSession = "CloseSession"
    }

    /// The location URI meaning "redeem the ticket on the connection that returned it".
    public static let reuseConnectionURI = "arrow-flight-reuse-connection://?"
}
