"""What an uploaded evidence file really is, judged by its content (magic bytes), never
by its name or the browser's claimed type.

Accepted: PDF, JPEG, PNG, MP4/MOV (ISO base media), MP3, WAV, DOCX/XLSX (zip with the
Office part names), and plain text (valid UTF-8 or GB18030 with no control bytes).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str
    label: str


PDF = Sniffed("application/pdf", ".pdf", "PDF")
JPEG = Sniffed("image/jpeg", ".jpg", "JPEG")
PNG = Sniffed("image/png", ".png", "PNG")
MP4 = Sniffed("video/mp4", ".mp4", "MP4")
MOV = Sniffed("video/quicktime", ".mov", "MOV")
MP3 = Sniffed("audio/mpeg", ".mp3", "MP3")
WAV = Sniffed("audio/wav", ".wav", "WAV")
DOCX = Sniffed(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "DOCX"
)
XLSX = Sniffed("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "XLSX")
TEXT = Sniffed("text/plain", ".txt", "TXT")

ACCEPTED_LABELS = "PDF、JPEG、PNG、MP4、MOV、MP3、WAV、DOCX、XLSX、TXT"

_ALLOWED_CONTROL = {9, 10, 13, 12}


def _is_text(data: bytes) -> bool:
    if not data or b"\x00" in data:
        return False
    for encoding in ("utf-8", "gb18030"):
        # The sample may cut a multi-byte character at its end: allow 3 bytes of slack.
        for trim in range(4):
            try:
                text = data[: len(data) - trim].decode(encoding)
            except UnicodeDecodeError:
                continue
            return all(ord(ch) >= 32 or ord(ch) in _ALLOWED_CONTROL for ch in text)
    return False


def _office(data: bytes) -> Sniffed | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def sniff(data: bytes) -> Sniffed | None:
    """The accepted type of `data`, or None."""
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(data) >= 12 and data[4:8] == b"ftyp":
        brand = data[8:12]
        return MOV if brand == b"qt  " else MP4
    if head.startswith(b"ID3") or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return MP3
    if head.startswith(b"RIFF") and data[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"PK\x03\x04"):
        return _office(data)
    if _is_text(data[: 64 * 1024]):
        return TEXT
    return None
