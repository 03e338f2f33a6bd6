#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl-C at the prompt: the typed line (and any unfinished statement) is dropped and a
/// fresh prompt shown, as in psql and sqlite3.
///
/// libedit, told to leave SIGINT alone (the shell's handler cancels queries), would go on
/// reading the same line after a Ctrl-C. So it reads its input through ``readCharacter(_:)``,
/// which waits on the terminal and on a pipe the SIGINT handler writes to, and reports the
/// end of input when the pipe wakes it; ``LineEditor`` tells that apart from Ctrl-D by
/// ``interrupted``. A pipe rather than `EINTR`: the signal may be delivered to any thread,
/// not necessarily the one blocked in `read`.
enum PromptInterrupt {
    /// The pipe's ends; -1 until ``open()``. Set once, before the signal handler is installed.
    private nonisolated(unsafe) static var readDescriptor: Int32 = -1
    private nonisolated(unsafe) static var writeDescriptor: Int32 = -1
    /// Whether a Ctrl-C ended the line being read. Written and read only on the thread
    /// that calls `readline` (``readCharacter(_:)`` runs inside it).
    private(set) nonisolated(unsafe) static var interrupted = false

    /// Whether ``open()`` succeeded.
    static var isOpen: Bool { readDescriptor >= 0 }

    /// Creates the pipe (non-blocking on both ends: the handler must never block, and
    /// draining must stop when it is empty).
    static func open() -> Bool {
        guard !isOpen else { return true }
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else { return false }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFL, O_NONBLOCK) }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        return true
    }

    /// Called from the SIGINT handler: only `write`, which is async-signal-safe.
    static func wake() {
        guard writeDescriptor >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Forgets Ctrl-Cs pressed before this line (while a query ran, they cancelled it).
    static func beginLine() {
        interrupted = false
        drain()
    }

    private static func drain() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(readDescriptor, &bytes, bytes.count) > 0 {}
    }

    /// libedit's `rl_getc_function`: the next character typed as a Unicode scalar value
    /// (libedit stores what it returns as a wide character, so multi-byte UTF-8 is decoded
    /// here), or -1 for the end of input, a read error, or a Ctrl-C (then ``interrupted``).
    static func readCharacter(_ file: UnsafeMutablePointer<FILE>?) -> Int32 {
        guard let file else { return -1 }
        let input = fileno(file)
        var descriptors = [pollfd(fd: input, events: Int16(POLLIN), revents: 0), pollfd(fd: readDescriptor, events: Int16(POLLIN), revents: 0)]
        while true {
            guard poll(&descriptors, 2, -1) >= 0 else {
                if errno == EINTR { continue }
                return -1
            }
            if descriptors[1].revents & Int16(POLLIN) != 0 {
                drain()
                interrupted = true
                return -1
            }
            // POLLIN, POLLHUP or POLLERR on the terminal: read says which.
            guard let lead = readByte(input) else { return -1 }
            return decodeUTF8(lead) { readByte(input) }
        }
    }

    /// One byte from `descriptor`, retrying after a signal; nil at the end or on an error.
    private static func readByte(_ descriptor: Int32) -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count == 1 { return byte }
            if count < 0, errno == EINTR { continue }
            return nil
        }
    }

    /// The scalar value of the UTF-8 sequence starting with `lead`, its continuation bytes
    /// read from `next`; U+FFFD for a malformed sequence.
    static func decodeUTF8(_ lead: UInt8, next: () -> UInt8?) -> Int32 {
        let (count, bits): (Int, UInt8) =
            switch lead {
            case 0x00...0x7F: (0, lead)
            case 0xC2...0xDF: (1, lead & 0x1F)
            case 0xE0...0xEF: (2, lead & 0x0F)
            case 0xF0...0xF4: (3, lead & 0x07)
            default: (-1, 0)
            }
        guard count >= 0 else { return replacement }
        var value = Int32(bits)
        for _ in 0..<count {
            guard let byte = next(), byte & 0xC0 == 0x80 else { return replacement }
            value = value << 6 | Int32(byte & 0x3F)
        }
        // Overlong forms, surrogates and values past U+10FFFF are not characters.
        guard let scalar = Unicode.Scalar(UInt32(value)), String(scalar).utf8.count == count + 1 else { return replacement }
        return Int32(scalar.value)
    }

    private static let replacement: Int32 = 0xFFFD
}
