#!/usr/bin/env python3
"""Every package of the project carries the workspace's version (Cargo.toml
[workspace.package] version): the crates, the npm packages (main, per-platform and
WebAssembly), the Python package (maturin takes it from its crate), the Maven POM and the
CHANGELOG's latest entry. Exits 1 naming each file that disagrees.

    python3 tools/check-versions.py
"""
import json
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main() -> int:
    workspace = tomllib.loads((ROOT / "Cargo.toml").read_text())
    version = workspace["workspace"]["package"]["version"]
    found = {}
    for member in workspace["workspace"]["members"]:
        package = tomllib.loads((ROOT / member / "Cargo.toml").read_text())["package"]
        declared = package.get("version")
        found[f"{member}/Cargo.toml"] = version if declared == {"workspace": True} else declared
    python = tomllib.loads((ROOT / "bindings/python/pyproject.toml").read_text())["project"]
    found["bindings/python/pyproject.toml"] = python.get("version", version) if "version" not in python.get("dynamic", []) else version
    for manifest in sorted(ROOT.glob("bindings/*/package.json")) + sorted(ROOT.glob("bindings/node/npm/*/package.json")):
        data = json.loads(manifest.read_text())
        found[str(manifest.relative_to(ROOT))] = data["version"]
        for name, wanted in data.get("optionalDependencies", {}).items():
            if name.startswith("smsrules"):
                found[f"{manifest.relative_to(ROOT)} optionalDependencies.{name}"] = wanted
    pom = (ROOT / "bindings/uniffi/kotlin/pom.xml").read_text()
    own = re.search(r"<artifactId>smsrules-kotlin</artifactId>\s*<version>([^<]+)</version>", pom)
    found["bindings/uniffi/kotlin/pom.xml"] = own.group(1) if own else None
    changelog = (ROOT / "CHANGELOG.md").read_text()
    latest = re.search(r"^## \[?(\d+\.\d+\.\d+[^\] ]*)", changelog, re.M)
    found["CHANGELOG.md (latest entry)"] = latest.group(1) if latest else None
    wrong = {where: got for where, got in found.items() if got != version}
    for where, got in wrong.items():
        print(f"check-versions: {where} says {got!r}, the workspace says {version!r}", file=sys.stderr)
    if not wrong:
        print(f"check-versions: {len(found)} places, all {version}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
