#!/usr/bin/env python3
"""Lists the public API in Sources/**/*.swift that has no `///` doc comment.

The project rule: every public symbol has a doc comment. This script finds the
declarations that are visible outside their module and have no doc comment
directly above them, and prints one `file:line: name` line each.

What counts as public API:
  - declarations written `public` or `open` (types, funcs, inits, vars/lets,
    subscripts, typealiases, enum cases of public enums) whose enclosing types
    are themselves public (a `public var` in an internal type is not API);
  - requirements of public protocols (funcs, vars, inits, subscripts,
    associatedtypes), which are public without the keyword;
  - members of `public extension`s that do not lower their own access.

"Directly above" means the line above is a `///` line or ends a `/** */` block;
attribute-only lines (`@inlinable`, `@discardableResult`, `@available(...)`)
may stand in between. A blank line or a `//` comment in between does not count.

Exempt (protocol-witness boilerplate whose meaning the protocol documents):
  description and debugDescription of type String, ==, !=, <, hash(into:), hashValue,
  makeIterator(), makeAsyncIterator(), next(), init(from:), encode(to:),
  init(rawValue:), and the ExpressibleBy*Literal initialisers.

Usage:
  Scripts/lint-docs.py             exit 1 and list the gaps when there are any
  Scripts/lint-docs.py --report    list the gaps and a count per module folder,
                                   always exit 0 (for CI while gaps remain)
  Scripts/lint-docs.py PATH...     only these files or folders (default Sources)
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

EXEMPT_NAMES = {
    "description", "debugDescription", "==", "!=", "<", "hash(into:)", "hashValue",
    "makeIterator()", "makeAsyncIterator()", "next()", "init(from:)", "encode(to:)",
    "init(rawValue:)", "init(stringLiteral:)", "init(integerLiteral:)",
    "init(floatLiteral:)", "init(booleanLiteral:)", "init(nilLiteral:)",
    "init(arrayLiteral:)", "init(dictionaryLiteral:)",
    "init(unicodeScalarLiteral:)", "init(extendedGraphemeClusterLiteral:)",
}

TYPE_KEYWORDS = {"struct", "class", "enum", "protocol", "actor", "extension"}
DECL_KEYWORDS = TYPE_KEYWORDS | {
    "func", "init", "var", "let", "subscript", "typealias", "associatedtype", "case",
    "deinit", "macro", "operator", "precedencegroup",
}
MODIFIERS = {
    "public", "open", "internal", "fileprivate", "private", "package", "static", "class",
    "final", "mutating", "nonmutating", "override", "required", "convenience", "lazy",
    "weak", "unowned", "indirect", "nonisolated", "dynamic", "optional", "isolated",
    "consuming", "borrowing", "distributed", "prefix", "postfix", "infix",
}
LOWERING = {"internal", "fileprivate", "private", "package"}
ATTRIBUTE_LINE = re.compile(r"^@\w+(\([^)]*\))?(\s+@\w+(\([^)]*\))?)*$")


@dataclass
class Container:
    """One `{ … }` scope: a type or extension body, or code (anything else)."""

    kind: str  # a TYPE_KEYWORDS word, or "code"
    public: bool  # members may be public API (see the module docstring)
    implicit_public: bool = False  # members are public without the keyword


def strip_code(lines: list[str]) -> list[str]:
    """Returns the lines with comments and string literal contents blanked out.

    Brace counting and keyword matching then see only code. Handles `//`, nested
    `/* */`, "…" with escapes and interpolation, and multi-line \"\"\" strings.
    """
    out = []
    block_depth = 0
    in_multiline = False
    for line in lines:
        result = []
        i = 0
        n = len(line)
        while i < n:
            c = line[i]
            if block_depth:
                if line.startswith("*/", i):
                    block_depth -= 1
                    i += 2
                elif line.startswith("/*", i):
                    block_depth += 1
                    i += 2
                else:
                    i += 1
                continue
            if in_multiline:
                if line.startswith('"""', i):
                    in_multiline = False
                    result.append('"""')
                    i += 3
                else:
                    i += 2 if c == "\\" else 1
                continue
            if line.startswith("//", i):
                break
            if line.startswith("/*", i):
                block_depth += 1
                i += 2
                continue
            if line.startswith('"""', i):
                in_multiline = True
                result.append('"""')
                i += 3
                continue
            if c == '"':
                # A one-line string; interpolations are blanked too (they cannot
                # hold declarations, and their braces balance).
                i += 1
                while i < n and line[i] != '"':
                    i += 2 if line[i] == "\\" else 1
                result.append('""')
                i += 1
                continue
            result.append(c)
            i += 1
        out.append("".join(result))
    return out


def declaration(code: str) -> tuple[list[str], str, str] | None:
    """Splits a code line into (modifiers, keyword, rest) when it starts a declaration."""
    text = code.strip()
    # Inline attributes: @inlinable, @available(…), @MainActor, …
    while text.startswith("@"):
        match = re.match(r"@\w+(\([^)]*\))?\s*", text)
        if not match:
            return None
        text = text[match.end():]
    words = []
    while True:
        match = re.match(r"(\w+)(\(set\))?\s*", text)
        if not match:
            return None
        word = match.group(1)
        if word in DECL_KEYWORDS and not (word == "class" and _next_word_is_decl(text[match.end():])):
            return words, word, text[match.end():]
        if word not in MODIFIERS:
            return None
        words.append(word + (match.group(2) or ""))
        text = text[match.end():]


def _next_word_is_decl(text: str) -> bool:
    """`class func`/`class var`: `class` is a modifier there, not a type."""
    match = re.match(r"(\w+)", text)
    return bool(match) and (match.group(1) in DECL_KEYWORDS or match.group(1) in MODIFIERS)


def declared_name(keyword: str, rest: str) -> str:
    """A readable name for the report: `Type`, `name`, `f(a:b:)`, `init(x:)`, `case a`."""
    if keyword in ("init", "subscript"):
        return keyword + argument_labels(rest)
    if keyword == "func":
        match = re.match(r"(`?[\w]+`?|[^\s(<]+)\s*(<[^>]*>)?", rest)
        name = match.group(1) if match else rest.split("(")[0]
        return name + argument_labels(rest[match.end():] if match else rest)
    if keyword == "case":
        return "case " + re.split(r"[(=]", rest)[0].strip()
    match = re.match(r"(`?\w+`?)", rest)
    return match.group(1) if match else rest.strip()


def argument_labels(rest: str) -> str:
    """`(_ a: Int, b c: Int, d: Int)` -> `(_:b:d:)`, for the parameters on this line."""
    start = rest.find("(")
    if start < 0:
        return "(…)"
    depth = 0
    params, current = [], ""
    for c in rest[start + 1:]:
        if c in "([<":
            depth += 1
        elif c in ")]>":
            if depth == 0:
                break
            depth -= 1
        if c == "," and depth == 0:
            params.append(current)
            current = ""
        else:
            current += c
    if current.strip():
        params.append(current)
    labels = []
    for param in params:
        head = param.split(":")[0].split()
        if head:
            labels.append(head[0] + ":")
    return "(" + "".join(labels) + ")"


def documented(lines: list[str], index: int) -> bool:
    """Whether the declaration at `lines[index]` has a doc comment directly above."""
    i = index - 1
    while i >= 0 and ATTRIBUTE_LINE.match(lines[i].strip()):
        i -= 1
    if i < 0:
        return False
    above = lines[i].strip()
    if above.startswith("///"):
        return True
    if above.endswith("*/"):
        while i >= 0 and "/*" not in lines[i]:
            i -= 1
        return i >= 0 and "/**" in lines[i]
    return False


def lint_file(path: Path) -> list[tuple[int, str]]:
    """Returns (line number, name) of each undocumented public declaration in the file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    code_lines = strip_code(lines)
    stack: list[Container] = []
    pending: Container | None = None  # a type declared, its `{` not yet seen
    missing = []
    for index, code in enumerate(code_lines):
        parsed = declaration(code)
        enclosing = stack[-1] if stack else Container("extension", True)
        at_member_level = enclosing.kind != "code"
        if parsed and at_member_level:
            modifiers, keyword, rest = parsed
            access = {m for m in modifiers if "(set)" not in m}
            explicit_public = bool(access & {"public", "open"})
            lowered = bool(access & LOWERING)
            if keyword == "case":
                is_api = enclosing.kind == "enum" and enclosing.public
            elif enclosing.implicit_public:
                is_api = enclosing.public and not lowered
            else:
                is_api = enclosing.public and explicit_public
            if keyword in ("extension", "deinit", "operator", "precedencegroup"):
                # An extension is not a symbol of its own; its members are checked.
                is_api = False
            name = declared_name(keyword, rest)
            exempt = name in EXEMPT_NAMES or name.split("(")[0] in EXEMPT_NAMES
            if name in ("description", "debugDescription"):
                # CustomStringConvertible's, not PEP 249's `description: [ColumnDescription]?`.
                exempt = bool(re.match(r"\w+\s*:\s*String\b", rest))
            if is_api and not exempt and not documented(lines, index):
                missing.append((index + 1, name))
            if keyword in TYPE_KEYWORDS:
                if keyword == "extension":
                    public = not lowered
                    implicit = explicit_public
                elif keyword == "protocol":
                    public = is_api or (enclosing.public and explicit_public)
                    implicit = public
                else:
                    public = is_api or (enclosing.public and explicit_public)
                    implicit = False
                pending = Container(keyword, public, implicit)
        for c in code:
            if c == "{":
                if pending is not None:
                    stack.append(pending)
                    pending = None
                else:
                    stack.append(Container("code", False))
            elif c == "}":
                if stack:
                    stack.pop()
    return missing


def swift_files(arguments: list[str]) -> list[Path]:
    roots = [Path(a) for a in arguments] or [Path("Sources")]
    files = []
    for root in roots:
        files.extend([root] if root.is_file() else sorted(root.rglob("*.swift")))
    return files


def module_folder(path: Path) -> str:
    """`Sources/FlightSQL/Messages/SQL/X.swift` -> `Sources/FlightSQL/Messages`."""
    parts = path.parts
    if len(parts) >= 3 and parts[0] == "Sources" and parts[1] == "FlightSQL":
        return "/".join(parts[:3])
    return "/".join(parts[:2])


def main() -> int:
    arguments = sys.argv[1:]
    report = "--report" in arguments
    arguments = [a for a in arguments if a != "--report"]
    counts: Counter[str] = Counter()
    for path in swift_files(arguments):
        for line, name in lint_file(path):
            print(f"{path}:{line}: {name}")
            counts[module_folder(path)] += 1
    total = sum(counts.values())
    if report:
        for folder, count in sorted(counts.items()):
            print(f"{count:5d}  {folder}", file=sys.stderr)
        print(f"lint-docs: {total} public declarations without a doc comment (report only)",
              file=sys.stderr)
        return 0
    if total:
        print(f"lint-docs: {total} public declarations without a doc comment", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
