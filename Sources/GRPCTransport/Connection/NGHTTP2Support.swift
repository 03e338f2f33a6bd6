import CNGHTTP2
import Foundation

/// Header fields as HTTP/2 carries them: names (lowercase, pseudo-headers first) and raw
/// values.
typealias HTTP2HeaderFields = [(name: String, value: [UInt8])]

/// The nghttp2 plumbing the client and server sessions share: session creation with
/// consumer-driven flow control, name/value arrays for submitting header blocks, and
/// the collection of received header blocks.
enum NGHTTP2Support {
    /// Header blocks larger than this are refused instead of growing without bound; also
    /// advertised as SETTINGS_MAX_HEADER_LIST_SIZE.
    static let maxHeaderBlockSize = 256 * 1024

    /// A SETTINGS entry.
    static func setting(_ id: nghttp2_settings_id, _ value: Int) -> nghttp2_settings_entry {
        nghttp2_settings_entry(settings_id: Int32(id.rawValue), value: UInt32(value))
    }

    /// The C callbacks a session reports to; the last two only the client uses.
    struct Callbacks {
        var onBeginHeaders: nghttp2_on_begin_headers_callback
        var onHeader: nghttp2_on_header_callback
        var onFrameRecv: nghttp2_on_frame_recv_callback
        var onDataChunkRecv: nghttp2_on_data_chunk_recv_callback
        var onStreamClose: nghttp2_on_stream_close_callback
        var onFrameSend: nghttp2_on_frame_send_callback?
        var onError: nghttp2_error_callback2?
    }

    /// A client or server session whose `callbacks` receive `userData`, with no automatic
    /// WINDOW_UPDATE (the consumer decides when received bytes are released, see the
    /// stream state machines), `settings` queued for sending and the connection's receive
    /// window raised to `connectionWindowSize`.
    static func makeSession(
        server: Bool, userData: UnsafeMutableRawPointer, settings: [nghttp2_settings_entry], connectionWindowSize: Int,
        callbacks table: Callbacks
    ) throws(GRPCStatus) -> OpaquePointer {
        var callbacks: OpaquePointer?
        guard nghttp2_session_callbacks_new(&callbacks) == 0, let callbacks else {
            throw GRPCStatus(code: .internal, message: "cannot allocate HTTP/2 callbacks")
        }
        defer { nghttp2_session_callbacks_del(callbacks) }
        nghttp2_session_callbacks_set_on_begin_headers_callback(callbacks, table.onBeginHeaders)
        nghttp2_session_callbacks_set_on_header_callback(callbacks, table.onHeader)
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, table.onFrameRecv)
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, table.onDataChunkRecv)
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, table.onStreamClose)
        if let onFrameSend = table.onFrameSend { nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, onFrameSend) }
        if let onError = table.onError { nghttp2_session_callbacks_set_error_callback2(callbacks, onError) }

        var option: OpaquePointer?
        guard nghttp2_option_new(&option) == 0, let option else {
            throw GRPCStatus(code: .internal, message: "cannot allocate HTTP/2 options")
        }
        defer { nghttp2_option_del(option) }
        nghttp2_option_set_no_auto_window_update(option, 1)

        var session: OpaquePointer?
        let created = server
            ? nghttp2_session_server_new2(&session, callbacks, userData, option)
            : nghttp2_session_client_new2(&session, callbacks, userData, option)
        guard created == 0, let session else {
            throw GRPCStatus(code: .internal, message: "cannot create the HTTP/2 \(server ? "server " : "")session")
        }
        var entries = settings
        var rv = nghttp2_submit_settings(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), &entries, entries.count)
        if rv == 0 {
            rv = nghttp2_session_set_local_window_size(session, UInt8(NGHTTP2_FLAG_NONE.rawValue), 0, Int32(connectionWindowSize))
        }
        guard rv == 0 else {
            nghttp2_session_del(session)
            throw GRPCStatus(code: .internal, message: "cannot configure the HTTP/2 session: \(String(cString: nghttp2_strerror(rv)))")
        }
        return session
    }

    /// Calls `body` with an nghttp2 name/value array for `fields`. One buffer holds every
    /// name and value; nghttp2 copies them during the submit call (no NO_COPY flags).
    static func withNameValues(_ fields: HTTP2HeaderFields, _ body: (UnsafeMutablePointer<nghttp2_nv>, Int) -> Int32) -> Int32 {
        var storage: [UInt8] = []
        var ranges: [(name: Range<Int>, value: Range<Int>)] = []
        for field in fields {
            let nameStart = storage.count
            storage.append(contentsOf: field.name.utf8)
            let valueStart = storage.count
            storage.append(contentsOf: field.value)
            ranges.append((nameStart..<valueStart, valueStart..<storage.count))
        }
        storage.append(0)  // never empty, so the base address exists
        return storage.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            var nva = ranges.map { range in
                nghttp2_nv(
                    name: base + range.name.lowerBound, value: base + range.value.lowerBound,
                    namelen: range.name.count, valuelen: range.value.count, flags: UInt8(NGHTTP2_NV_FLAG_NONE.rawValue))
            }
            return nva.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
        }
    }
}

/// The header blocks being received, by stream: nghttp2 reports a block field by field
/// between its begin-headers and frame-received callbacks.
struct HeaderBlockCollector {
    private var blocks: [Int32: (fields: HTTP2HeaderFields, size: Int)] = [:]

    /// A block starts on `streamID`.
    mutating func begin(_ streamID: Int32) {
        blocks[streamID] = ([], 0)
    }

    /// Adds a field to the block of `streamID` (ignored when no block was begun there).
    /// Returns `false` when the block grew past ``NGHTTP2Support/maxHeaderBlockSize``
    /// (counted as RFC 7541 does, 32 bytes per field on top); the block is dropped then.
    mutating func add(
        _ streamID: Int32, name: UnsafePointer<UInt8>, nameLength: Int, value: UnsafePointer<UInt8>, valueLength: Int
    ) -> Bool {
        // Mutated in place: a copy taken out of the dictionary would share the field array
        // with the stored block, so every append would copy the whole array (quadratic in
        // the field count; a peer's 8000 tiny fields cost about a second).
        guard let index = blocks.index(forKey: streamID) else { return true }
        blocks.values[index].size += nameLength + valueLength + 32
        if blocks.values[index].size > NGHTTP2Support.maxHeaderBlockSize {
            blocks.remove(at: index)
            return false
        }
        blocks.values[index].fields.append((
            String(decoding: UnsafeBufferPointer(start: name, count: nameLength), as: UTF8.self),
            Array(UnsafeBufferPointer(start: value, count: valueLength))
        ))
        return true
    }

    /// The complete block of `streamID`, removed; `nil` if none was collected.
    mutating func take(_ streamID: Int32) -> HTTP2HeaderFields? {
        blocks.removeValue(forKey: streamID)?.fields
    }
}
