"""Reading back the text of the PDFs the application makes, without a PDF library.

Enough of PDF for WeasyPrint's output: indirect objects, Flate-compressed streams, object
streams, Type0 fonts with their ToUnicode maps, and the text operators of the page contents.
Each page's text comes out in drawing order, one line per text positioning.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

_OBJECT_START = re.compile(rb"(\d+) 0 obj\s*")
_TEXT_OPS = re.compile(
    rb"/([^\s/\[\]<>()]+)\s+[\d.]+\s+Tf|\[(.*?)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|\b(Tm|Td|TD|T\*)\b", re.S
)


@dataclass
class PdfText:
    pages: list[str] = field(default_factory=list)
    outline: list[str] = field(default_factory=list)  # bookmark titles, in order of the file
    title: str | None = None  # the document's metadata title
    links: list[str] = field(default_factory=list)  # targets of the links on the pages

    def page(self, number: int) -> str:
        """The text of a page (1-based) with all white space collapsed to single spaces."""
        return " ".join(self.pages[number - 1].split())

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.pages).split())


def _raw_objects(pdf: bytes) -> tuple[dict[int, bytes], dict[int, tuple[bytes, bytes]]]:
    """Plain objects by number, and stream objects as (dictionary, decoded data)."""
    plain: dict[int, bytes] = {}
    streams: dict[int, tuple[bytes, bytes]] = {}
    pos = 0
    while match := _OBJECT_START.search(pdf, pos):
        number, start = int(match.group(1)), match.end()
        end = pdf.find(b"endobj", start)
        if end == -1:
            break
        keyword = pdf.find(b"stream", start, end)
        if keyword == -1:
            plain[number] = pdf[start:end]
            pos = end
            continue
        dictionary = pdf[start:keyword]
        length = re.search(rb"/Length (\d+)", dictionary)
        assert length, f"stream {number} without a direct /Length"
        data_start = keyword + len(b"stream") + (2 if pdf[keyword + 6 : keyword + 8] == b"\r\n" else 1)
        data_end = data_start + int(length.group(1))
        data = pdf[data_start:data_end]
        streams[number] = (dictionary, zlib.decompress(data) if b"/FlateDecode" in dictionary else data)
        pos = data_end
    # Objects kept inside object streams.
    for dictionary, data in list(streams.values()):
        if b"/Type /ObjStm" not in dictionary:
            continue
        first = int(re.search(rb"/First (\d+)", dictionary).group(1))  # type: ignore[union-attr]
        numbers = [int(n) for n in data[:first].split()]
        pairs = list(zip(numbers[0::2], numbers[1::2], strict=True))
        for index, (number, offset) in enumerate(pairs):
            end = pairs[index + 1][1] if index + 1 < len(pairs) else len(data) - first
            plain[number] = data[first + offset : first + end]
    return plain, streams


def _unicode_map(cmap: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(source, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, target in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            base = int(target, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(base + offset)
    return mapping


def _pdf_string(raw: bytes) -> str:
    """A PDF text string: (literal) or <hex>, the latter UTF-16BE when it starts with a BOM."""
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode())
        return data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode("latin-1")
    body = raw[1:-1]
    body = re.sub(rb"\\([()\\])", rb"\1", body)
    return body.decode("latin-1")


_STRING = rb"(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)"


def read_pdf(pdf: bytes) -> PdfText:
    plain, streams = _raw_objects(pdf)
    fonts: dict[bytes, dict[int, str]] = {}
    for body in plain.values():
        if b"/Subtype /Type0" not in body:
            continue
        tag = re.search(rb"/BaseFont /([^\s/+]+)\+", body)
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if tag and to_unicode:
            fonts[tag.group(1)] = _unicode_map(streams[int(to_unicode.group(1))][1])

    result = PdfText()
    kids: list[int] = []
    for body in plain.values():
        if re.search(rb"/Type /Pages\b", body):
            kids = [int(n) for n in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[(.*?)\]", body).group(1))]  # type: ignore[union-attr]
    for page in kids:
        contents = re.search(rb"/Contents (\d+) 0 R", plain[page])
        assert contents, f"page object {page} without contents"
        lines: list[str] = []
        current: list[str] = []
        font: dict[int, str] = {}
        for op in _TEXT_OPS.finditer(streams[int(contents.group(1))][1]):
            name, array, single, move = op.groups()
            if name is not None:
                font = fonts.get(name, {})
            elif move is not None:
                if current:
                    lines.append("".join(current))
                    current = []
            else:
                for hex_string in re.findall(
                    rb"<([0-9A-Fa-f]*)>", array if array is not None else b"<" + single + b">"
                ):
                    for i in range(0, len(hex_string), 4):
                        current.append(font.get(int(hex_string[i : i + 4], 16), "\ufffd"))
        if current:
            lines.append("".join(current))
        result.pages.append("\n".join(lines))

    for body in plain.values():
        if uri := re.search(rb"/URI " + _STRING, body):
            result.links.append(_pdf_string(uri.group(1)))
        if b"/Dest" in body or b"/Parent" in body:
            if title := re.search(rb"/Title " + _STRING, body):
                result.outline.append(_pdf_string(title.group(1)))
        elif b"/Producer" in body and (title := re.search(rb"/Title " + _STRING, body)):
            result.title = _pdf_string(title.group(1))
    return result
