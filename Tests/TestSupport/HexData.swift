import Foundation

extension Data {
    /// Bytes from a hex string such as `"96 01"` (whitespace ignored). Traps on a malformed
    /// literal, which only tests write.
    public init(hex: String) {
        let digits = hex.filter { !$0.isWhitespace }
        precondition(digits.count % 2 == 0, "odd hex literal")
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { preconditionFailure("bad hex literal") }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }

    /// Lower-case hex with a space between bytes, for readable failure messages.
    public var hex: String { map { String(format: "%02x", $0) }.joined(separator: " ") }
}
