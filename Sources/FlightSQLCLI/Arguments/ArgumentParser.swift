/// A small command-line parser: `--name value`, `--name=value`, boolean `--flag`,
/// repeatable options, positional arguments, and `--` to end options.
///
/// Written here because the project takes no package dependencies; it does what the
/// `flightsql` subcommands need and reports mistakes as ``UsageError``.
struct ArgumentParser {
    /// How an option is spelled and whether it takes a value.
    struct OptionSpec {
        var name: String
        var takesValue: Bool
    }

    /// The parsed options (in order, repeats kept) and positional arguments.
    struct Parsed {
        var options: [(name: String, value: String?)] = []
        var positionals: [String] = []

        /// The last value given for `name`.
        func value(_ name: String) -> String? {
            options.last { $0.name == name }?.value ?? nil
        }

        /// Every value given for a repeatable option.
        func values(_ name: String) -> [String] {
            options.filter { $0.name == name }.compactMap(\.value)
        }

        /// Whether a boolean flag was given.
        func flag(_ name: String) -> Bool {
            options.contains { $0.name == name }
        }
    }

    var specs: [OptionSpec]

    func parse(_ arguments: [String]) throws -> Parsed {
        var parsed = Parsed()
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            guard argument.hasPrefix("--") else { throw UsageError("unknown option '\(argument)'") }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let spec = specs.first(where: { $0.name == name }) else {
                throw UsageError("unknown option '--\(name)'")
            }
            if spec.takesValue {
                if let inlineValue {
                    parsed.options.append((name, inlineValue))
                } else {
                    guard index < arguments.count else { throw UsageError("option '--\(name)' needs a value") }
                    parsed.options.append((name, arguments[index]))
                    index += 1
                }
            } else {
                guard inlineValue == nil else { throw UsageError("option '--\(name)' takes no value") }
                parsed.options.append((name, nil))
            }
        }
        return parsed
    }
}
