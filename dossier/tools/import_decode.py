"""Bytes of a saved page to text, whatever encoding it declares or does not.

A byte-order mark wins, then UTF-8 if the bytes are UTF-8, then what the page
declares (``<meta charset>``, ``http-equiv``), then charset-normalizer's guess.
Only bytes that none of these can read are refused, with the file and offset.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from dossier.tools.import_errors import ImportRefused

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Browsers read these labels as Windows-1252 (WHATWG Encoding), and so do we.
_AS_BROWSERS_DO = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "ascii": "cp1252",
}
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def declared_encoding(data: bytes) -> str | None:
    """The encoding a page names in its first 4 KB, if Python knows it."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace").casefold()
    label = _AS_BROWSERS_DO.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def looks_binary(data: bytes) -> bool:
    """Control characters no text file holds (in the first 8 KB, after any BOM)."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return bool(_BINARY.search(head))


def decode(data: bytes, name: str, header_charset: str | None = None) -> tuple[str, str]:
    """The text and the encoding it was read with; ImportRefused if unreadable.
    ``header_charset``: what the server's Content-Type said (after a BOM, first)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as err:
                raise _undecodable(
                    name, len(bom) + err.start, data, f"{encoding}, which its byte-order mark says"
                ) from None
    if header_charset:
        label = _AS_BROWSERS_DO.get(header_charset.casefold(), header_charset)
        try:
            return data.decode(codecs.lookup(label).name), codecs.lookup(label).name
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err.start
    declared = declared_encoding(data)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    matches = list(charset_normalizer.from_bytes(data))
    if matches:
        best = min(matches, key=lambda m: m.chaos)
        # On a near tie, Windows-1252 (what browsers assume for an undeclared page):
        # a short Western page reads almost as cleanly in cp1257 or cp1250.
        western = [m for m in matches if m.encoding == "cp1252" and m.chaos <= best.chaos + 0.02]
        chosen = western[0] if western and not declared else best
        return str(chosen), chosen.encoding
    raise _undecodable(
        name, utf8_error, data, f"{declared or 'utf-8'} nor in any encoding the detector knows"
    )


def _undecodable(name: str, offset: int, data: bytes, reading: str) -> ImportRefused:
    return ImportRefused(
        f"{name}: byte {offset} (0x{data[offset]:02x}) cannot be read as {reading}; nothing "
        "was written (fix: save the page again from the browser, or copy its text into a "
        "UTF-8 .txt file)"
    )
