"""Mechanical checks of the uniffi-generated Swift bindings (no Swift compiler exists here).

Usage: python check_swift.py GENERATED_DIR LIBRARY

1. The `.swift` file parses with tree-sitter's Swift grammar: any ERROR or MISSING node fails.
   One construct uniffi emits is misread by that grammar (an `#if swift(>=5.8)` /
   `@_documentation(visibility: private)` / `#endif` block before a declaration); exactly
   that block is blanked, keeping line numbers, before parsing.
2. The public API is declared: the functions, types and class members (as Swift selectors,
   e.g. `Context.check(requestJson:options:)`) the README documents.
3. Every FFI symbol the Swift code calls is declared in the generated C header, and every
   function the header declares is exported by the built library (what Xcode would link).
4. The Swift example in ../README.md parses too.
(The header itself is compiled by `gcc -fsyntax-only` in check-swift.sh.)

Before checking, a self-test proves the checker rejects broken Swift.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import tree_sitter_swift
from tree_sitter import Language, Node, Parser

PARSER = Parser(Language(tree_sitter_swift.language()))

MISREAD_BLOCK = re.compile(
    r"^[ \t]*#if swift\(>=5\.8\)[ \t]*\n[ \t]*@_documentation\(visibility: private\)[ \t]*\n[ \t]*#endif[ \t]*$",
    re.MULTILINE,
)

EXPECTED_FUNCTIONS = {"check", "checkJson", "segments", "fingerprint", "jsonSchema", "phoneMetadataVersion", "wireName"}
EXPECTED_TYPES = {
    "Outcome", "Issue", "Options", "Segments", "IssueCode", "IssueLocation", "SmsEncoding",
    "UnknownFields", "PhoneCheck", "PhoneInput", "SmsRulesError", "Context",
}
# Classes (uniffi objects) and the members the README documents, as Swift selectors.
EXPECTED_MEMBERS = {
    "Context": {"init(contextJson:)", "check(requestJson:options:)", "ok()", "errors()", "contextJson()"},
}
FFI_SYMBOL = re.compile(r"\b(?:uniffi|ffi)_smsrules_uniffi_\w+")


def blank_misread_blocks(source: str) -> str:
    """Replace each misread block by spaces, keeping its newlines so line numbers stay."""
    return MISREAD_BLOCK.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)


def walk(root: Node):
    """Every node, without recursion (generated files can nest deeply)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def syntax_problems(source: str) -> list[str]:
    tree = PARSER.parse(blank_misread_blocks(source).encode("utf-8"))
    problems = []
    for node in walk(tree.root_node):
        if node.is_error or node.is_missing:
            line, column = node.start_point
            kind = "missing " + node.type if node.is_missing else "syntax error"
            snippet = source.splitlines()[line].strip() if line < len(source.splitlines()) else ""
            problems.append(f"{line + 1}:{column + 1}: {kind}: {snippet[:100]}")
    return problems


def declared_names(source: str) -> tuple[set[str], set[str]]:
    tree = PARSER.parse(blank_misread_blocks(source).encode("utf-8"))
    functions, types = set(), set()
    for node in walk(tree.root_node):
        name = node.child_by_field_name("name")
        if name is None or name.text is None:
            continue
        text = name.text.decode("utf-8")
        if node.type == "function_declaration":
            functions.add(text)
        elif node.type in ("class_declaration", "protocol_declaration"):
            types.add(text)
    return functions, types


def selector(node: Node) -> str:
    """`name(label:label:)` of a function or init declaration: each parameter's first
    identifier is its argument label (`_` when it has none)."""
    name = node.child_by_field_name("name")
    base = name.text.decode("utf-8") if name is not None and name.text is not None else "init"
    labels = []
    for parameter in (child for child in node.children if child.type == "parameter"):
        label = next((c for c in parameter.children if c.type == "simple_identifier"), None)
        labels.append(label.text.decode("utf-8") if label is not None and label.text is not None else "_")
    return f"{base}({''.join(label + ':' for label in labels)})"


def class_members(source: str) -> dict[str, set[str]]:
    """The selectors of the functions and inits each class declares directly."""
    tree = PARSER.parse(blank_misread_blocks(source).encode("utf-8"))
    members: dict[str, set[str]] = {}
    for node in walk(tree.root_node):
        name = node.child_by_field_name("name")
        if node.type != "class_declaration" or name is None or name.text is None:
            continue
        body = next((c for c in node.children if c.type == "class_body"), None)
        found = members.setdefault(name.text.decode("utf-8"), set())
        for member in body.children if body is not None else []:
            if member.type in ("function_declaration", "init_declaration"):
                found.add(selector(member))
    return members


def self_test() -> None:
    broken = "public func check(requestJson: String -> Outcome {\n    return x\n"
    if not syntax_problems(broken):
        sys.exit("self-test: the checker accepted broken Swift")
    fine = "#if swift(>=5.8)\n@_documentation(visibility: private)\n#endif\npublic struct A: Equatable { let b: Int }\n"
    if syntax_problems(fine):
        sys.exit(f"self-test: the checker rejected valid Swift: {syntax_problems(fine)}")
    if blank_misread_blocks(fine).count("\n") != fine.count("\n"):
        sys.exit("self-test: blanking changed line numbers")
    sample = "open class C {\n public convenience init(contextJson: String) throws {}\n open func check(requestJson: String, _ o: Int) -> Int { 1 }\n}\n"
    if class_members(sample) != {"C": {"init(contextJson:)", "check(requestJson:_:)"}}:
        sys.exit(f"self-test: class members misread: {class_members(sample)}")


def exported_symbols(library: Path) -> set[str]:
    args = ["nm", "-g", "--defined-only", str(library)]
    if library.suffix == ".so":
        args.insert(1, "-D")
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return {line.split()[-1].lstrip("_") if library.suffix == ".dylib" else line.split()[-1]
            for line in out.splitlines() if line.strip()}


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    generated, library = Path(sys.argv[1]), Path(sys.argv[2])
    self_test()
    failures = []

    swift_files = sorted(generated.glob("*.swift"))
    headers = sorted(generated.glob("*.h"))
    if len(swift_files) != 1 or len(headers) != 1:
        print(f"expected one .swift and one .h in {generated}, found {swift_files} {headers}", file=sys.stderr)
        return 1
    swift, header = swift_files[0].read_text(encoding="utf-8"), headers[0].read_text(encoding="utf-8")

    for problem in syntax_problems(swift):
        failures.append(f"{swift_files[0].name}:{problem}")

    readme = Path(__file__).resolve().parent.parent / "README.md"
    examples = re.findall(r"```swift\n(.*?)```", readme.read_text(encoding="utf-8"), re.DOTALL)
    if not examples:
        failures.append(f"{readme.name}: no Swift example found")
    for example in examples:
        for problem in syntax_problems(example):
            failures.append(f"{readme.name} Swift example:{problem}")

    functions, types = declared_names(swift)
    for name in sorted(EXPECTED_FUNCTIONS - functions):
        failures.append(f"{swift_files[0].name}: function {name} is not declared")
    for name in sorted(EXPECTED_TYPES - types):
        failures.append(f"{swift_files[0].name}: type {name} is not declared")

    members = class_members(swift)
    for class_name, expected in sorted(EXPECTED_MEMBERS.items()):
        for member in sorted(expected - members.get(class_name, set())):
            failures.append(f"{swift_files[0].name}: {class_name}.{member} is not declared")

    called = set(FFI_SYMBOL.findall(swift))
    declared = set(FFI_SYMBOL.findall(header))
    for symbol in sorted(called - declared):
        failures.append(f"{swift_files[0].name} calls {symbol}, which {headers[0].name} does not declare")
    header_functions = set(re.findall(r"\b((?:uniffi|ffi)_smsrules_uniffi_\w+)\s*\(", header))
    missing = header_functions - exported_symbols(library)
    for symbol in sorted(missing):
        failures.append(f"{headers[0].name} declares {symbol}, which {library.name} does not export")

    for failure in failures[:50]:
        print(f"FAIL {failure}", file=sys.stderr)
    checked = f"{len(swift.splitlines())} lines, {len(functions)} functions, {len(types)} types, {len(called)} FFI symbols"
    if failures:
        print(f"swift check: {len(failures)} failed ({checked})", file=sys.stderr)
        return 1
    print(f"swift check: {swift_files[0].name} and {headers[0].name} are consistent ({checked})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
