#!/usr/bin/env python3
"""Draws the book's diagrams as plain SVG (no fonts or scripts from outside, so the book
reads offline) into docs/src/img/.

    python3 docs/diagrams.py          # write the SVG files
    python3 docs/diagrams.py --check  # fail when a committed file differs (make test-docs)

The performance chart is drawn from the committed benchmark tables in bench/RESULTS.md, so
it shows exactly the figures of the last committed run.
"""
import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "src" / "img"

INK = "#1f2933"
MUTED = "#7b8794"
LINE = "#cbd2d9"
PAPER = "#ffffff"
ACCENT = ["#2563eb", "#0891b2", "#059669", "#ca8a04", "#ea580c", "#9333ea"]
FONT = "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\""


def svg(width, height, body, title):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">\n'
        f"<title>{escape(title)}</title>\n"
        f'<rect width="{width}" height="{height}" fill="{PAPER}"/>\n'
        + "".join(body)
        + "</svg>\n"
    )


def text(x, y, s, size=13, fill=INK, anchor="start", weight="normal", style="normal"):
    return (
        f'<text x="{x}" y="{y}" {FONT} font-size="{size}" fill="{fill}" text-anchor="{anchor}" '
        f'font-weight="{weight}" font-style="{style}">{escape(s)}</text>\n'
    )


def rect(x, y, w, h, fill, stroke=LINE, rx=6, dash=None, width=1):
    d = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{width}"{d}/>\n'
    )


def arrow(x1, y1, x2, y2, color=INK):
    return (
        f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{color}" stroke-width="1.6" '
        f'marker-end="url(#head)"/>\n'
    )


DEFS = (
    '<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
    f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/>'
    "</marker></defs>\n"
)


def precedence():
    """Which layers can supply each plan field, and in which order."""
    layers = [
        ("request.", "persona_settings"),
        ("request", ""),
        ("conversation", "(on resume)"),
        ("persona.", "number_settings"),
        ("base config", "persona or number"),
        ("default", ""),
    ]
    rows = [
        ("channel", {1: "1", 4: "2*", 5: "3"}, "* number only: imessage when it has only imessage_config"),
        ("pathway_id, pathway_version, start_node_id", {0: "1", 1: "2", 2: "3", 3: "4", 4: "5"},
         "the winner rule: see the pathway diagram"),
        ("time_out, timeout_message, warning_time, warning_message", {1: "1", 2: "2", 4: "3"},
         "each field on its own; the conversation's overrides"),
        ("webhook", {1: "1", 4: "2"}, ""),
        ("disposition_ids, citation_schema_ids", {1: "1", 4: "2", 5: "3"},
         "the request's list replaces, even []; default []"),
        ("request_data", {1: "+", 4: "+"}, "merged: base object, request keys over it"),
    ]
    left, top, col, row = 262, 92, 104, 66
    width = left + col * len(layers) + 20
    height = top + row * len(rows) + 70
    body = [DEFS, text(20, 30, "Where each plan field comes from: 1 wins over 2 wins over 3", 17, weight="bold")]
    body.append(text(20, 52, "A number is the layer's rank for that field; an empty cell: that layer never sets it.", 12, MUTED))
    for i, (name, sub) in enumerate(layers):
        cx = left + col * i + col / 2
        body.append(text(cx, top - 22, name, 12, weight="bold", anchor="middle"))
        if sub:
            body.append(text(cx, top - 8, sub, 11, MUTED, anchor="middle"))
    for r, (field, ranks, note) in enumerate(rows):
        y = top + row * r
        body.append(rect(12, y + 4, width - 24, row - 8, "#f5f7fa" if r % 2 == 0 else PAPER, stroke="none"))
        words, line, lines = field.split(" "), "", []
        for w in words:
            if len(line) + len(w) > 30:
                lines.append(line.strip())
                line = ""
            line += w + " "
        lines.append(line.strip())
        for k, part in enumerate(lines):
            body.append(text(22, y + 22 + 15 * k, part, 12.5, weight="bold"))
        if note:
            body.append(text(22, y + 22 + 15 * len(lines), note, 10.5, MUTED, style="italic"))
        for i, rank in ranks.items():
            cx, cy = left + col * i + col / 2, y + row / 2
            color = ACCENT[min(i, len(ACCENT) - 1)]
            body.append(f'<circle cx="{cx}" cy="{cy}" r="15" fill="{color}"/>\n')
            body.append(text(cx, cy + 5, rank, 13, PAPER, anchor="middle", weight="bold"))
    foot = top + row * len(rows) + 26
    body.append(text(20, foot, "Base config: the persona version when the request has persona_id (source \"persona\"),", 12, INK))
    body.append(text(20, foot + 18, "else the number's config for the effective channel (source \"number\"). It never mixes the two.", 12, INK))
    return svg(width, height, body, "Precedence of the layers for each field of the plan")


def pathway():
    """The pathway winner and the layers that refine it, on a worked example."""
    layers = [
        ("request.persona_settings", {}, "names no pathway: refines"),
        ("request", {"start_node_id": "intro"}, "names no pathway: refines"),
        ("conversation", {"pathway_id": "pw_conv", "pathway_version": "3", "start_node_id": "ask_size"}, "WINNER: highest layer naming a pathway_id"),
        ("persona.number_settings", {"pathway_id": "pw_settings", "pathway_version": "7"}, "cut off by the winner"),
        ("persona (base config)", {"pathway_id": "pw_base", "pathway_version": "12", "start_node_id": "greeting"}, "cut off by the winner"),
    ]
    left, top, box_w, box_h, gap = 20, 70, 470, 64, 14
    width, height = 960, top + (box_h + gap) * len(layers) + 40
    body = [DEFS, text(20, 30, "The pathway: the winner and the layers that refine it", 17, weight="bold")]
    body.append(text(20, 52, "Highest layer first. The conversation's current_node_id acts as its start_node_id.", 12, MUTED))
    winner = 2
    for i, (name, values, note) in enumerate(layers):
        y = top + (box_h + gap) * i
        cut = i > winner
        fill = "#eef2ff" if i == winner else ("#f5f7fa" if cut else PAPER)
        stroke = ACCENT[0] if i == winner else LINE
        body.append(rect(left, y, box_w, box_h, fill, stroke, width=2.5 if i == winner else 1, dash="5 4" if cut else None))
        body.append(text(left + 12, y + 22, name, 13.5, MUTED if cut else INK, weight="bold"))
        body.append(text(left + box_w - 12, y + 22, note, 11, ACCENT[0] if i == winner else MUTED, anchor="end",
                         weight="bold" if i == winner else "normal"))
        x = left + 12
        for key in ("pathway_id", "pathway_version", "start_node_id"):
            value = values.get(key)
            label = f"{key}: {value}" if value else f"{key}: —"
            body.append(text(x, y + 46, label, 11.5, MUTED if (cut or not value) else INK))
            x += 152
    rx, ry, rw = 580, top + 58, 350
    body.append(rect(rx, ry, rw, 150, "#ecfdf5", ACCENT[2], width=2))
    body.append(text(rx + 14, ry + 26, "The plan", 14, weight="bold"))
    results = [
        ("start_node_id", "intro", "request", "the request refines the winner"),
        ("pathway_id", "pw_conv", "conversation", "the winner"),
        ("pathway_version", "3", "conversation", "highest set at or above the winner"),
    ]
    for k, (key, value, source, why) in enumerate(results):
        yy = ry + 56 + 32 * k
        body.append(text(rx + 14, yy, f"{key} = {value}", 12.5, weight="bold"))
        body.append(text(rx + 14, yy + 14, f"source {source}: {why}", 11, MUTED))
    body.append(arrow(left + box_w + 6, top + (box_h + gap) * 1 + box_h / 2, rx - 6, ry + 52))
    body.append(arrow(left + box_w + 6, top + (box_h + gap) * winner + box_h / 2, rx - 6, ry + 100))
    return svg(width, height, body, "Pathway resolution: the winner and its refinements")


def timeouts():
    """The timeout cascade: each field from its own highest layer, then the checks."""
    fields = ["time_out", "timeout_message", "warning_time", "warning_message"]
    layers = [
        ("request", "the body's field", ACCENT[1]),
        ("conversation", "overrides, on resume", ACCENT[2]),
        ("base config", "persona or number", ACCENT[4]),
    ]
    left, top, col, row = 200, 80, 170, 62
    width = left + col * len(fields) + 30
    height = top + row * len(layers) + 250
    body = [DEFS, text(20, 30, "Timeouts: each field from its highest layer, then checked together", 17, weight="bold")]
    body.append(text(20, 52, "The four fields resolve independently: time_out may come from the request and warning_time from the number.", 12, MUTED))
    for i, field in enumerate(fields):
        body.append(text(left + col * i + col / 2, top - 10, field, 12.5, anchor="middle", weight="bold"))
    for r, (name, sub, color) in enumerate(layers):
        y = top + row * r
        body.append(text(20, y + 28, name, 13, weight="bold"))
        body.append(text(20, y + 44, sub if len(sub) < 28 else sub[:27] + "…", 10.5, MUTED))
        for i in range(len(fields)):
            x = left + col * i + 10
            body.append(rect(x, y + 8, col - 20, row - 22, PAPER, color, width=1.5))
            body.append(text(x + (col - 20) / 2, y + 31, ["set here? it wins", "else: an override?", "else: the base value"][r], 11.5, color, anchor="middle"))
            if r < len(layers) - 1:
                body.append(arrow(x + (col - 20) / 2, y + row - 14, x + (col - 20) / 2, y + row + 6, MUTED))
    cy = top + row * len(layers) + 20
    checks = [
        ("warning_time ≥ time_out, or a warning_time and no time_out", "INVALID_TIMEOUT_CONFIG (error)"),
        ("timeout_message from the request, no time_out in effect", "UNUSED_TIMEOUT_MESSAGE (warning)"),
        ("warning_message from the request, no warning_time in effect", "UNUSED_WARNING_MESSAGE (warning)"),
    ]
    body.append(rect(20, cy, width - 40, 120, "#fff7ed", ACCENT[4]))
    body.append(text(34, cy + 24, "Then, on the values in effect", 13.5, weight="bold"))
    for k, (cond, code) in enumerate(checks):
        body.append(text(34, cy + 50 + 24 * k, cond, 12))
        body.append(text(width - 34, cy + 50 + 24 * k, code, 12, ACCENT[4], anchor="end", weight="bold"))
    py = cy + 140
    body.append(rect(20, py, width - 40, 64, "#ecfdf5", ACCENT[2]))
    body.append(text(34, py + 24, "persist: what the conversation keeps after this send", 13.5, weight="bold"))
    body.append(text(34, py + 46, "the conversation's overrides when resuming (nothing otherwise), with each timeout field the request set written over them", 11.5))
    return svg(width, height, body, "The timeout cascade")


def bench_rows(section_title, ours_prefix, peers):
    """The (label, µs) rows of one comparison table of bench/RESULTS.md."""
    results = (ROOT / "bench" / "RESULTS.md").read_text(encoding="utf-8")
    at = results.find(section_title)
    if at < 0:
        raise SystemExit(f"bench/RESULTS.md has no section {section_title!r}")
    rows = []
    for line in results[at:].splitlines()[1:]:
        if line.startswith("## "):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not re.fullmatch(r"[0-9.]+", cells[1]):
            continue
        if cells[0].startswith(ours_prefix) or cells[0] in peers:
            rows.append((cells[0], float(cells[1])))
    if not rows:
        raise SystemExit(f"no rows found under {section_title!r} in bench/RESULTS.md")
    return rows


def performance():
    panels = [
        ("Python (µs per request, lower is better)", bench_rows(
            "### Python: smsrules vs", "smsrules",
            {"pydantic schema only", "pydantic + phonenumbers", "fastjsonschema schema only", "fastjsonschema + phonenumbers"})),
        ("Node (µs per request, lower is better)", bench_rows(
            "### Node: smsrules vs", "smsrules",
            {"ajv schema only", "ajv + libphonenumber-js/max", "zod schema only", "zod + libphonenumber-js/max"})),
    ]
    label_w, bar_w, row_h = 300, 520, 22
    height = 60 + sum(40 + row_h * len(rows) for _, rows in panels) + 20
    width = label_w + bar_w + 90
    body = [text(20, 30, "smsrules against the checks users would write instead", 17, weight="bold")]
    body.append(text(20, 50, "From the committed table in bench/RESULTS.md; peers' \"+ phone\" rows also check phone numbers.", 12, MUTED))
    y = 70
    for title, rows in panels:
        body.append(text(20, y + 14, title, 13.5, weight="bold"))
        y += 26
        top = max(v for _, v in rows)
        for label, value in rows:
            ours = label.startswith("smsrules")
            w = max(2.0, bar_w * value / top)
            body.append(text(label_w - 8, y + 15, label, 11.5, INK if ours else MUTED, anchor="end"))
            body.append(rect(label_w, y + 3, round(w, 1), row_h - 6, ACCENT[0] if ours else "#9aa5b1", stroke="none", rx=3))
            body.append(text(label_w + w + 6, y + 15, f"{value:g}", 11.5))
            y += row_h
        y += 14
    return svg(width, height, body, "Benchmark: smsrules against its peers")


def first_table_after(results, title):
    at = results.find(title)
    if at < 0:
        raise SystemExit(f"bench/RESULTS.md has no section {title!r}")
    lines, started = [], False
    for line in results[at:].splitlines()[1:]:
        if line.startswith("|"):
            started = True
            lines.append(line)
        elif started:
            break
    return "\n".join(lines)


def bench_tables():
    """The performance page's tables, copied from bench/RESULTS.md."""
    results = (ROOT / "bench" / "RESULTS.md").read_text(encoding="utf-8")
    produced = next(line for line in results.splitlines() if line.startswith("Produced by"))
    parts = [
        produced.replace("`bash bench/run.sh`", "the benchmark run"),
        "### Goals on the traffic corpus (each request with its own context)\n\n" + first_table_after(results, "## Goals"),
        "### Rust core on the traffic corpus\n\n" + first_table_after(results, "## Rust core on the traffic corpus"),
        "### Python on the traffic corpus\n\n" + first_table_after(results, "### Python on the traffic corpus"),
        "### Node on the traffic corpus\n\n" + first_table_after(results, "### Node on the traffic corpus"),
        "### Kotlin (JVM) on the traffic corpus\n\n" + first_table_after(results, "### Kotlin (JVM) on the traffic corpus"),
        "### Python against pydantic and fastjsonschema (one shared context)\n\n" + first_table_after(results, "### Python: smsrules vs"),
        "### Node against ajv and zod (one shared context)\n\n" + first_table_after(results, "### Node: smsrules vs"),
    ]
    return "\n\n".join(parts) + "\n"


def with_region(page_text, kind, content):
    start = f"<!-- generated: {kind} -->"
    end = "<!-- /generated -->"
    a = page_text.index(start) + len(start)
    b = page_text.index(end, a)
    return page_text[:a] + "\n" + content + page_text[b:]


def main():
    outputs = {
        "precedence.svg": precedence(),
        "pathway.svg": pathway(),
        "timeouts.svg": timeouts(),
        "performance.svg": performance(),
    }
    check = "--check" in sys.argv[1:]
    stale = []
    OUT.mkdir(parents=True, exist_ok=True)
    page = ROOT / "docs" / "src" / "performance.md"
    files = {OUT / name: content for name, content in outputs.items()}
    files[page] = with_region(page.read_text(encoding="utf-8"), "bench-tables", bench_tables())
    for path, content in files.items():
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                stale.append(str(path.relative_to(ROOT)))
        else:
            path.write_text(content, encoding="utf-8")
    if stale:
        print("out of date (run python3 docs/diagrams.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    print(("checked " if check else "wrote ") + ", ".join(str(p.relative_to(ROOT)) for p in files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
