"""Draw the demo's attachments once; the results are committed and
`manage.py load_demo` attaches them (knowledge/demo.py).

    .venv/bin/python scripts/draw_demo_assets.py

The text comes from knowledge/demo_assets/__init__.py. Debian's Chromium,
driven by Playwright (both already there for the browser tests), lays out an
HTML page and saves it as PNG (the infographics) or PDF (the handreiking):
real fonts and antialiasing without an image library in the project. Each
PNG is then rewritten with a palette of its 256 most used colours (zlib and
a few lines of PNG decoding), which keeps it well under 100 KB."""

import html
import struct
import sys
import zlib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.demo_assets import (  # noqa: E402
    BREDE_INTAKE,
    FOLDER,
    INFOGRAPHICS,
)

# Dark blue on white and white on dark blue: contrast above 10:1.
BLUE = "#154273"
PALE = "#e8eef6"
INK = "#1b1b1b"

INFOGRAPHIC_CSS = f"""
* {{ box-sizing: border-box; margin: 0; }}
body {{ width: 760px; font-family: 'DejaVu Sans', 'Liberation Sans', sans-serif;
  color: {INK}; background: #fff; }}
header {{ background: {BLUE}; color: #fff; padding: 28px 32px 24px; }}
h1 {{ font-size: 30px; line-height: 1.2; }}
header p {{ font-size: 19px; margin-top: 8px; }}
ol {{ list-style: none; padding: 20px 32px 8px; }}
li {{ display: flex; align-items: center; gap: 20px; background: {PALE};
  border-left: 6px solid {BLUE}; padding: 16px 20px; margin-bottom: 14px; }}
.number {{ flex: 0 0 56px; height: 56px; border-radius: 50%; background: {BLUE};
  color: #fff; font-size: 28px; font-weight: bold; display: flex;
  align-items: center; justify-content: center; }}
h2 {{ font-size: 21px; color: {BLUE}; margin-bottom: 4px; }}
li p {{ font-size: 17px; line-height: 1.35; }}
footer {{ padding: 6px 32px 24px; font-size: 16px; font-weight: bold; color: {BLUE}; }}
"""

PDF_CSS = f"""
@page {{ size: A4; margin: 22mm 20mm; }}
body {{ font-family: 'DejaVu Serif', 'Liberation Serif', serif; font-size: 11pt;
  line-height: 1.45; color: {INK}; }}
h1 {{ font-family: 'DejaVu Sans', sans-serif; color: {BLUE}; font-size: 22pt;
  margin: 0 0 4pt; }}
.subtitle {{ font-family: 'DejaVu Sans', sans-serif; font-size: 13pt;
  margin: 0 0 18pt; }}
h2 {{ font-family: 'DejaVu Sans', sans-serif; color: {BLUE}; font-size: 14pt;
  margin: 18pt 0 6pt; break-after: avoid; }}
p {{ margin: 0 0 8pt; }}
footer {{ margin-top: 24pt; font-family: 'DejaVu Sans', sans-serif; color: {BLUE}; }}
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def infographic_html(data: dict) -> str:
    steps = "".join(
        f'<li><span class="number">{number}</span><div><h2>{_e(heading)}</h2>'
        f"<p>{_e(text)}</p></div></li>"
        for number, (heading, text) in enumerate(data["steps"], start=1)
    )
    return (
        f'<!doctype html><html lang="nl"><meta charset="utf-8">'
        f"<style>{INFOGRAPHIC_CSS}</style><body><header><h1>{_e(data['title'])}</h1>"
        f"<p>{_e(data['subtitle'])}</p></header><ol>{steps}</ol>"
        f"<footer>{_e(data['footer'])}</footer></body></html>"
    )


def handreiking_html(data: dict) -> str:
    sections = "".join(
        f"<h2>{_e(heading)}</h2>" + "".join(f"<p>{_e(p)}</p>" for p in paragraphs)
        for heading, paragraphs in data["sections"]
    )
    return (
        f'<!doctype html><html lang="nl"><meta charset="utf-8">'
        f"<title>{_e(data['title'])}</title><style>{PDF_CSS}</style><body>"
        f'<h1>{_e(data["title"])}</h1><p class="subtitle">{_e(data["subtitle"])}'
        f"</p>{sections}<footer>{_e(data['footer'])}</footer></body></html>"
    )


def _chunks(data: bytes):
    position = 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        yield (
            data[position + 4 : position + 8],
            data[position + 8 : position + 8 + length],
        )
        position += 12 + length


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def _pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and the RGB rows of an 8-bit RGB PNG (Chromium's)."""
    chunks = list(_chunks(path.read_bytes()))
    width, height, depth, colour = struct.unpack(">IIBB", chunks[0][1][:10])
    if (depth, colour) != (8, 2):
        sys.exit(f"{path}: expected an 8-bit RGB PNG from Chromium")
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride, rows, previous, at = width * 3, [], bytearray(width * 3), 0
    for _row in range(height):
        kind, line = raw[at], bytearray(raw[at + 1 : at + 1 + stride])
        at += 1 + stride
        for x in range(stride):
            a = line[x - 3] if x >= 3 else 0
            b = previous[x]
            c = previous[x - 3] if x >= 3 else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (
                    line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)
                ) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def _shrink(path: Path) -> None:
    """Rewrite the PNG with a palette: the 256 most used colours, every other
    colour (antialiasing shades) as the nearest of those."""
    width, height, rows = _pixels(path)
    counts = Counter(row[x : x + 3] for row in rows for x in range(0, len(row), 3))
    palette = [colour for colour, _count in counts.most_common(256)]
    index = {colour: number for number, colour in enumerate(palette)}
    for colour in counts:
        if colour not in index:
            index[colour] = min(
                range(len(palette)),
                key=lambda n: sum(
                    (p - q) ** 2 for p, q in zip(palette[n], colour, strict=True)
                ),
            )
    lines = b"".join(
        b"\x00" + bytes(index[row[x : x + 3]] for x in range(0, len(row), 3))
        for row in rows
    )
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0))
        + _chunk(b"PLTE", b"".join(palette))
        + _chunk(b"IDAT", zlib.compress(lines, 9))
        + _chunk(b"IEND", b"")
    )


def main() -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM:
        sys.exit("needs Debian's chromium package (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        page = browser.new_page(viewport={"width": 760, "height": 400})
        for data in INFOGRAPHICS:
            page.set_content(infographic_html(data))
            target = FOLDER / data["file"]
            page.screenshot(path=str(target), full_page=True)
            _shrink(target)
            print(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes")
        page.set_content(handreiking_html(BREDE_INTAKE))
        target = FOLDER / BREDE_INTAKE["file"]
        page.pdf(path=str(target), format="A4", print_background=True)
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes")
        browser.close()


if __name__ == "__main__":
    main()
