#!/usr/bin/env python3
"""The repository refers only to itself.

Fails when a tracked file names the behaviour contract or a path outside the repository
instead of a book section, and when a book reference (`docs/src/<page>.md#<anchor>`, the form
code comments, help texts and vectors use) names a page or a heading that does not exist.

    python3 docs/check-references.py
"""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Spelled in pieces so that this file does not match itself.
FORBIDDEN = ["SPEC " + "§", "SPEC" + ".md", ".." + "/shared", "shared" + "/spec", "shared" + "/reference"]
REFERENCE = re.compile(r"docs/src/([A-Za-z0-9_./-]+?\.md)(?:#([A-Za-z0-9_-]+))?")
SKIP_SUFFIXES = {".png", ".jpg", ".ico", ".woff", ".woff2", ".ttf", ".gz", ".zip", ".jar", ".lock"}


def tracked_files():
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
        return [ROOT / p for p in out.decode().split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        return [p for p in ROOT.rglob("*") if p.is_file() and ".git" not in p.parts and "target" not in p.parts]


def heading_id(text):
    """The id mdBook gives a heading."""
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    out = []
    for ch in text.strip().lower():
        if ch.isalnum() or ch in "-_":
            out.append(ch)
        elif ch.isspace():
            out.append("-")
    return "".join(out)


def anchors(page, cache={}):
    if page not in cache:
        ids = set()
        in_fence = False
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith("```"):
                in_fence = not in_fence
            elif not in_fence and line.startswith("#"):
                ids.add(heading_id(line.lstrip("#")))
        cache[page] = ids
    return cache[page]


def main():
    problems = []
    references = 0
    for path in tracked_files():
        if path.suffix in SKIP_SUFFIXES or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        rel = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(text.splitlines(), 1):
            for word in FORBIDDEN:
                if word in line:
                    problems.append(f"{rel}:{number}: refers outside the repository ({word!r}); cite a book section (docs/src/…) instead")
            for match in REFERENCE.finditer(line):
                references += 1
                page = ROOT / "docs" / "src" / match.group(1)
                if not page.is_file():
                    problems.append(f"{rel}:{number}: docs/src/{match.group(1)} does not exist")
                elif match.group(2) and match.group(2) not in anchors(page):
                    problems.append(f"{rel}:{number}: docs/src/{match.group(1)} has no heading #{match.group(2)}")
    for line in problems:
        print(line)
    print(f"check-references: {references} book references checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
