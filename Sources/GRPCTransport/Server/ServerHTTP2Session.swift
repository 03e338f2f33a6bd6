import CNGHTTP2
import Foundation

/// The nghttp2 server session of a ``ServerConnectionIO``: creation, response and trailer
/// submission, and the C callbacks that turn HTTP/2 events into calls.
///
/// The callbacks receive the `ServerConnectionIO` as nghttp2 user data (unretained: the
/// session is deleted by the I/O object before it goes away) and run on its thread.
enum ServerHTTP2Session {
    /// A server session with consumer-driven flow control (the handler's reads release
    /// window), the configured windows and stream limit; its SETTINGS are queued.
    static func make(io: ServerConnectionIO, configuration: GRPCServerConfiguration) throws(GRPCStatus) -> OpaquePointer {
        try NGHTTP2Support.makeSession(
            server: true, userData: Unmanaged.passUnretained(io).toOpaque(),
            settings: [
                NGHTTP2Support.setting(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, configuration.maxConcurrentStreams),
                NGHTTP2Support.setting(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, configuration.initialStreamWindowSize),
                NGHTTP2Support.setting(NGHTTP2_SETTINGS_MAX_FRAME_SIZE, 64 * 1024),
                NGHTTP2Support.setting(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, NGHTTP2Support.maxHeaderBlockSize),
            ],
            connectionWindowSize: configuration.connectionWindowSize,
            callbacks: NGHTTP2Support.Callbacks(
                onBeginHeaders: onBeginHeaders, onHeader: onHeader, onFrameRecv: onFrameRecv,
                onDataChunkRecv: onDataChunkRecv, onStreamClose: onStreamClose)
        )
    }

    /// Submits response HEADERS; with `body`, DATA comes from the stream's data source
    /// (and trailers after it), else the headers end the stream. Returns nghttp2's result.
    static func submitResponse(session: OpaquePointer?, streamID: Int32, fields: ServerResponseFields.Fields, body: Bool) -> Int32 {
        NGHTTP2Support.withNameValues(fields) { nva, count in
            if body {
                var provider = nghttp2_data_provider(source: nghttp2_data_source(ptr: nil), read_callback: readResponseData)
                return nghttp2_submit_response(session, streamID, nva, count, &provider)
            }
            return nghttp2_submit_response(session, streamID, nva, count, nil)
        }
    }

    /// Submits trailers (HEADERS with END_STREAM) after the stream's DATA.
    static func submitTrailer(session: OpaquePointer?, streamID: Int32, fields: ServerResponseFields.Fields) -> Int32 {
        NGHTTP2Support.withNameValues(fields) { nva, count in nghttp2_submit_trailer(session, streamID, nva, count) }
    }
}

private func serverIO(_ userData: UnsafeMutableRawPointer?) -> ServerConnectionIO {
    Unmanaged<ServerConnectionIO>.fromOpaque(userData!).takeUnretainedValue()
}

private let headersType = UInt8(NGHTTP2_HEADERS.rawValue)
private let endStreamFlag = UInt8(NGHTTP2_FLAG_END_STREAM.rawValue)
private let temporalFailure = NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE.rawValue

private let onBeginHeaders: nghttp2_on_begin_headers_callback = { _, frame, userData in
    guard let frame, frame.pointee.hd.type == headersType, frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST else { return 0 }
    serverIO(userData).headerBlocks.begin(frame.pointee.hd.stream_id)
    return 0
}

private let onHeader: nghttp2_on_header_callback = { _, frame, name, nameLength, value, valueLength, _, userData in
    guard let frame, frame.pointee.hd.type == headersType, let name, let value else { return 0 }
    let added = serverIO(userData).headerBlocks.add(frame.pointee.hd.stream_id, name: name, nameLength: nameLength, value: value, valueLength: valueLength)
    return added ? 0 : temporalFailure  // resets the stream; no call was started
}

private let onFrameRecv: nghttp2_on_frame_recv_callback = { _, frame, userData in
    guard let frame else { return 0 }
    let io = serverIO(userData)
    io.receivedFrame = true
    let header = frame.pointee.hd
    let endStream = header.flags & endStreamFlag != 0
    switch UInt32(header.type) {
    case NGHTTP2_HEADERS.rawValue:
        if frame.pointee.headers.cat == NGHTTP2_HCAT_REQUEST {
            guard let fields = io.headerBlocks.take(header.stream_id) else { return 0 }
            io.startCall(streamID: header.stream_id, fields: fields, endStream: endStream)
        } else if endStream {
            // Request trailers (unusual in gRPC, legal in HTTP/2) end the request.
            io.endOfRequest(streamID: header.stream_id)
        }
    case NGHTTP2_DATA.rawValue:
        if endStream { io.endOfRequest(streamID: header.stream_id) }
    default:
        break
    }
    return 0
}

private let onDataChunkRecv: nghttp2_on_data_chunk_recv_callback = { session, _, streamID, data, length, userData in
    let io = serverIO(userData)
    guard let context = io.streams[streamID], let data else {
        // A refused or finished stream: nobody reads these bytes.
        _ = nghttp2_session_consume(session, streamID, length)
        return 0
    }
    let result = context.receiveData(UnsafeRawBufferPointer(start: data, count: length))
    if result.grant > 0 { _ = nghttp2_session_consume(session, streamID, result.grant) }
    if result.aborted { io.update(context) }
    return 0
}

private let onStreamClose: nghttp2_on_stream_close_callback = { session, streamID, errorCode, userData in
    let io = serverIO(userData)
    guard let context = io.removeStream(streamID) else { return 0 }
    let leftover = context.streamClosed(errorCode: errorCode)
    if leftover > 0 { _ = nghttp2_session_consume_connection(session, leftover) }
    return 0
}

private let readResponseData: nghttp2_data_source_read_callback = { session, streamID, buffer, length, flags, _, userData in
    guard let buffer, let flags, let context = serverIO(userData).streams[streamID] else {
        return Int(temporalFailure)
    }
    let chunk = context.readOutbound(into: UnsafeMutableRawBufferPointer(start: buffer, count: length))
    if chunk.deferred { return Int(NGHTTP2_ERR_DEFERRED.rawValue) }
    if let status = chunk.trailers {
        // The body is over; the status goes in trailers, which end the stream instead.
        flags.pointee |= NGHTTP2_DATA_FLAG_EOF.rawValue | NGHTTP2_DATA_FLAG_NO_END_STREAM.rawValue
        let rv = ServerHTTP2Session.submitTrailer(session: session, streamID: streamID, fields: ServerResponseFields.trailers(status))
        if rv != 0 { return Int(temporalFailure) }
    }
    return chunk.count
}
