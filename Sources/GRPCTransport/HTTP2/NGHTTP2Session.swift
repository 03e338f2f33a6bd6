import CNGHTTP2
import Foundation

/// The nghttp2 client session of a ``ConnectionIO``: creation, request submission, and
/// the C callbacks that turn HTTP/2 events into ``StreamContext`` events.
///
/// The callbacks receive the `ConnectionIO` as nghttp2 user data (unretained: the
/// session is deleted by the `ConnectionIO` before it goes away) and run on its thread.
enum NGHTTP2Session {
    /// A client session with consumer-driven flow control (no automatic WINDOW_UPDATE),
    /// push disabled, and the configured windows; its SETTINGS are queued for sending.
    static func makeClient(io: ConnectionIO, settings: HTTP2ConnectionSettings) throws(GRPCStatus) -> OpaquePointer {
        try NGHTTP2Support.makeSession(
            server: false, userData: Unmanaged.passUnretained(io).toOpaque(),
            settings: [
                NGHTTP2Support.setting(NGHTTP2_SETTINGS_ENABLE_PUSH, 0),
                NGHTTP2Support.setting(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, settings.initialStreamWindowSize),
                NGHTTP2Support.setting(NGHTTP2_SETTINGS_MAX_FRAME_SIZE, settings.maxFrameSize),
                NGHTTP2Support.setting(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, NGHTTP2Support.maxHeaderBlockSize),
            ],
            connectionWindowSize: settings.connectionWindowSize,
            callbacks: NGHTTP2Support.Callbacks(
                onBeginHeaders: onBeginHeaders, onHeader: onHeader, onFrameRecv: onFrameRecv,
                onDataChunkRecv: onDataChunkRecv, onStreamClose: onStreamClose, onFrameSend: onFrameSend, onError: onError)
        )
    }

    /// Submits a request whose body comes from the stream's queued sends; returns the
    /// stream id, or a negative nghttp2 error.
    static func submitRequest(session: OpaquePointer?, headers: HTTP2HeaderFields) -> Int32 {
        NGHTTP2Support.withNameValues(headers) { nva, count in
            var provider = nghttp2_data_provider(source: nghttp2_data_source(ptr: nil), read_callback: readRequestData)
            return nghttp2_submit_request(session, nil, nva, count, &provider, nil)
        }
    }
}

private func connectionIO(_ userData: UnsafeMutableRawPointer?) -> ConnectionIO {
    Unmanaged<ConnectionIO>.fromOpaque(userData!).takeUnretainedValue()
}

private let headersType = UInt8(NGHTTP2_HEADERS.rawValue)
private let endStreamFlag = UInt8(NGHTTP2_FLAG_END_STREAM.rawValue)
private let temporalFailure = NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue

private let onBeginHeaders: nghttp2_on_begin_headers_callback = { _, frame, userData in
    guard let frame, frame.pointee.hd.type == headersType else { return 0 }
    connectionIO(userData).headerBlocks.begin(frame.pointee.hd.stream_id)
    return 0
}

private let onHeader: nghttp2_on_header_callback = { _, frame, name, nameLength, value, valueLength, _, userData in
    guard let frame, frame.pointee.hd.type == headersType, let name, let value else { return 0 }
    let io = connectionIO(userData)
    let id = frame.pointee.hd.stream_id
    guard io.headerBlocks.add(id, name: name, nameLength: nameLength, value: value, valueLength: valueLength) else {
        io.streams[id]?.fail(GRPCStatus(code: .internal, message: "the server sent a header block larger than \(NGHTTP2Support.maxHeaderBlockSize) bytes"))
        return temporalFailure  // resets the stream
    }
    return 0
}

private let onFrameRecv: nghttp2_on_frame_recv_callback = { _, frame, userData in
    guard let frame else { return 0 }
    let io = connectionIO(userData)
    io.frameReceived()
    let header = frame.pointee.hd
    switch UInt32(header.type) {
    case NGHTTP2_HEADERS.rawValue:
        guard let fields = io.headerBlocks.take(header.stream_id), let context = io.streams[header.stream_id] else { return 0 }
        let result = context.receiveHeaders(fields, endStream: header.flags & endStreamFlag != 0)
        if result.reset { io.resetStream(header.stream_id, errorCode: NGHTTP2_CANCEL.rawValue) }
        if result.resume { _ = nghttp2_session_resume_data(io.session, header.stream_id) }
    case NGHTTP2_SETTINGS.rawValue:
        if header.flags & UInt8(NGHTTP2_FLAG_ACK.rawValue) == 0 { io.reportReady() }
    case NGHTTP2_GOAWAY.rawValue:
        let goaway = frame.pointee.goaway
        let debug = goaway.opaque_data.map { String(decoding: UnsafeBufferPointer(start: $0, count: min(goaway.opaque_data_len, 200)), as: UTF8.self) } ?? ""
        var reason = "GOAWAY \(GRPCStatus.http2ErrorName(goaway.error_code)), last stream \(goaway.last_stream_id)"
        if !debug.isEmpty { reason += ", \"\(debug)\"" }
        io.goAway = (goaway.last_stream_id, GRPCStatus(code: .unavailable, message: "the server sent \(reason)"))
        io.connection.shared.withLock { $0.state.receivedGoAway(lastStreamID: goaway.last_stream_id, reason: reason) }
    default:
        break
    }
    return 0
}

private let onDataChunkRecv: nghttp2_on_data_chunk_recv_callback = { session, _, streamID, data, length, userData in
    let io = connectionIO(userData)
    guard let context = io.streams[streamID], let data else {
        // Nobody will read these bytes; give them back to the connection window.
        _ = nghttp2_session_consume_connection(session, length)
        return 0
    }
    let result = context.receiveData(UnsafeRawBufferPointer(start: data, count: length))
    if result.grant > 0 { _ = nghttp2_session_consume(session, streamID, result.grant) }
    if result.reset { io.resetStream(streamID, errorCode: NGHTTP2_CANCEL.rawValue) }
    return 0
}

private let onStreamClose: nghttp2_on_stream_close_callback = { session, streamID, errorCode, userData in
    let io = connectionIO(userData)
    guard let context = io.removeStream(streamID) else { return 0 }
    var override: GRPCStatus?
    if let goAway = io.goAway, streamID > goAway.lastStreamID {
        override = GRPCStatus(code: .unavailable, message: "\(goAway.status.message) before processing this call; it may be retried")
    }
    let leftover = context.streamClosed(errorCode: errorCode, override: override)
    if leftover > 0 { _ = nghttp2_session_consume_connection(session, leftover) }
    return 0
}

private let readRequestData: nghttp2_data_source_read_callback = { _, streamID, buffer, length, flags, _, userData in
    guard let buffer, let flags, let context = connectionIO(userData).streams[streamID] else {
        return Int(temporalFailure)
    }
    let chunk = context.readOutbound(into: UnsafeMutableRawBufferPointer(start: buffer, count: length))
    if chunk.deferred { return Int(NGHTTP2_ERR_DEFERRED.rawValue) }
    if chunk.endStream { flags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue }
    return chunk.count
}

/// Remembers nghttp2's description of a protocol error, for the connection's final status.
private let onError: nghttp2_error_callback2 = { _, _, message, length, userData in
    if let message {
        let text = String(decoding: UnsafeRawBufferPointer(start: message, count: length), as: UTF8.self)
        connectionIO(userData).protocolError = text
    }
    return 0
}

/// A GOAWAY we send with an error code means nghttp2 found the server at fault: the
/// connection is over, and its calls should say why.
private let onFrameSend: nghttp2_on_frame_send_callback = { _, frame, userData in
    guard let frame, frame.pointee.hd.type == UInt8(NGHTTP2_GOAWAY.rawValue) else { return 0 }
    let code = frame.pointee.goaway.error_code
    guard code != NGHTTP2_NO_ERROR.rawValue else { return 0 }
    let io = connectionIO(userData)
    let name = GRPCStatus.http2ErrorName(code)
    let detail = io.protocolError.map { ": \($0)" } ?? ""
    io.failure = io.failure ?? GRPCStatus(code: .unavailable, message: "HTTP/2 protocol error from the server\(detail) (connection ended with GOAWAY \(name))")
    return 0
}
