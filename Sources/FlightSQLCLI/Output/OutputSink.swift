#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Where a command's output goes: a file descriptor (stdout) behind a buffer, or memory (tests).
///
/// Buffered because result sets are printed row by row; a closed pipe (`flightsql … | head`)
/// ends the output quietly through ``OutputClosed`` instead of killing the process with SIGPIPE.
final class OutputSink {
    private let fileDescriptor: Int32?
    private var buffer: [UInt8] = []
    /// Everything written, when the sink is in memory.
    private(set) var captured: [UInt8] = []

    /// A sink writing to a file descriptor.
    init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        buffer.reserveCapacity(1 << 16)
    }

    /// A sink keeping everything in memory.
    init() {
        self.fileDescriptor = nil
    }

    /// The captured output as UTF-8 text (in-memory sinks).
    var capturedText: String { String(decoding: captured, as: UTF8.self) }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func write(bytes: some Collection<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        guard let fileDescriptor else {
            captured.append(contentsOf: buffer)
            return
        }
        try buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(fileDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    if errno == EPIPE { throw OutputClosed() }
                    throw CommandError("cannot write output: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
    }
}

/// The reader of our output went away (a closed pipe): stop writing, not an error.
struct OutputClosed: Error {}
