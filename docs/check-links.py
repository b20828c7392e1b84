#!/usr/bin/env python3
"""Checks every link of the built book (docs/book, after `mdbook build`):

- every relative href or src names a file that exists in the built book;
- every #fragment names an id (or a name) on the target page;
- nothing loads from, or links to, another site: the book reads offline and refers to
  nothing outside the repository (mailto: and the book's own files only).

    python3 docs/check-links.py [BOOK_DIR]

Prints one line per broken link and exits 1 if there is any.
"""
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Pages mdBook writes for itself, whose links are its own machinery.
SKIP_PAGES = {"404.html", "print.html", "toc.html"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            value = attrs.get(key)
            if value is not None:
                self.links.append((tag, key, value, self.getpos()[0]))


def parse(path, cache={}):
    if path not in cache:
        page = Page()
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = page
    return cache[path]


def main():
    book = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent / "book").resolve()
    pages = sorted(p for p in book.rglob("*.html") if p.relative_to(book).as_posix() not in SKIP_PAGES)
    if not pages:
        print(f"no built pages under {book}; run mdbook build first", file=sys.stderr)
        return 1
    broken = []
    checked = 0
    for page in pages:
        rel = page.relative_to(book).as_posix()
        for tag, key, value, line in parse(page).links:
            parts = urlsplit(value)
            where = f"{rel}:{line}: <{tag} {key}=\"{value}\">"
            if parts.scheme == "mailto":
                continue
            if parts.scheme or parts.netloc:
                broken.append(f"{where} points outside the book")
                continue
            if value.startswith("javascript:"):
                broken.append(f"{where} is a script link")
                continue
            checked += 1
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if book not in target.parents and target != book:
                broken.append(f"{where} leaves the book")
                continue
            if not target.exists():
                broken.append(f"{where} names a missing file")
                continue
            if parts.fragment and target.suffix == ".html":
                if target.relative_to(book).as_posix() in SKIP_PAGES:
                    continue
                if unquote(parts.fragment) not in parse(target).ids:
                    broken.append(f"{where} names a missing anchor #{parts.fragment}")
    for line in broken:
        print(line)
    print(f"checked {checked} links on {len(pages)} pages: {len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
