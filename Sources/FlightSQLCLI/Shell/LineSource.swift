import CEdit
import Foundation

/// Where the shell's lines come from: a terminal through libedit, or plain standard input.
protocol LineSource {
    /// Whether a person types the lines (prompts, history, a banner).
    var isInteractive: Bool { get }
    /// The next line, ``LineInput/interrupted`` for a Ctrl-C at the prompt, or nil at the end
    /// of the input (Ctrl-D).
    func readLine(prompt: String) -> LineInput?
    /// Keeps a line the user typed in the history.
    func remember(_ line: String)
}

/// What the user gave at a prompt.
enum LineInput: Equatable {
    /// A line, without its line break.
    case line(String)
    /// Ctrl-C: the line typed so far is dropped.
    case interrupted
}

/// Lines from standard input when it is not a terminal (`echo "SELECT 1;" | flightsql shell`):
/// no prompts and no history.
struct StandardInputLines: LineSource {
    var isInteractive: Bool { false }

    func readLine(prompt: String) -> LineInput? { Swift.readLine(strippingNewline: true).map(LineInput.line) }

    func remember(_ line: String) {}
}

/// Line editing and history for a terminal, through libedit's readline-compatible interface.
///
/// The history file is written after every remembered line (so a killed shell keeps it),
/// kept to ``historyLimit`` entries and readable by its owner only. Lines that look like
/// they hold a credential are never written (see ``isSecretLooking(_:)``).
final class LineEditor: LineSource {
    /// How many lines the history keeps.
    static let historyLimit: Int32 = 1000

    private let historyPath: String?

    var isInteractive: Bool { true }

    /// `historyPath` nil keeps no history file. With ``PromptInterrupt`` open, Ctrl-C at the
    /// prompt ends the line as ``LineInput/interrupted``.
    init(historyPath: String?) {
        self.historyPath = historyPath
        Self.useUTF8CharacterType()
        // SIGINT belongs to the shell (it cancels the running query): libedit must not take
        // it, and reads through PromptInterrupt to learn of a Ctrl-C at the prompt.
        cflightsql_rl_configure("flightsql", 0, PromptInterrupt.isOpen ? { PromptInterrupt.readCharacter($0) } : nil)
        using_history()
        stifle_history(Self.historyLimit)
        if let historyPath { _ = read_history(historyPath) }
    }

    /// Makes the character type UTF-8: the environment's locale if it is a UTF-8 one, else
    /// `C.UTF-8`. libedit converts between the terminal's bytes and the characters of the
    /// line by `LC_CTYPE`, and in the C locale (the default of a process that never calls
    /// `setlocale`, and of containers without `LANG`) it cannot show or edit `Zoë`. Only
    /// the character type changes: number formatting (`LC_NUMERIC`) stays C's.
    static func useUTF8CharacterType() {
        if setlocale(LC_CTYPE, "") != nil, let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) == "UTF-8" { return }
        _ = setlocale(LC_CTYPE, "C.UTF-8")
    }

    func readLine(prompt: String) -> LineInput? {
        PromptInterrupt.beginLine()
        guard let line = CEdit.readline(prompt) else { return PromptInterrupt.interrupted ? .interrupted : nil }
        defer { free(line) }
        return .line(String(cString: line))
    }

    func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty, !Self.isSecretLooking(line) else { return }
        _ = add_history(line)
        guard let historyPath else { return }
        // Created owner-only before libedit writes it: queries can be sensitive too.
        if !FileManager.default.fileExists(atPath: historyPath) {
            _ = FileManager.default.createFile(atPath: historyPath, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        _ = write_history(historyPath)
        _ = history_truncate_file(historyPath, Self.historyLimit)
    }

    /// Words that suggest a credential (`CREATE USER … PASSWORD '…'`, a pasted token):
    /// such lines stay out of the history file.
    static func isSecretLooking(_ line: String) -> Bool {
        let lowered = line.lowercased()
        return ["password", "passwd", "secret", "token", "authorization", "api_key", "apikey"].contains { lowered.contains($0) }
    }
}
