"""Bytes to text, trusting declarations only as far as the bytes bear them out.

The site declares windows-1251, in the Content-Type header, in a ``<meta>``, or both;
some copies are UTF-8 or carry a wrong declaration. Candidates come in order of
authority (BOM, HTTP header, the document's own declaration — found by BeautifulSoup's
``EncodingDetector``, which is good at exactly this — then UTF-8 and windows-1251), and
the first that decodes the bytes strictly wins. Text that decodes but is full of control
characters is binary data, not a page.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from bs4.dammit import EncodingDetector

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_ASCII_BYTES = bytes(range(0x80))
_WIDE_CODECS = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})
#: Beyond this share of control characters a "page" is binary data.
MAX_CONTROL_SHARE = 0.01
#: Only the head of a page is searched for a declared encoding.
SNIFF_BYTES = 4096


class UndecodableError(ValueError):
    """No candidate encoding turns the bytes into readable text."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # the codec's canonical name, e.g. "cp1251", "utf-8"
    declared: str | None  # what the page or server claimed, if anything


def header_value(headers: Mapping[str, str | bytes] | None, name: str) -> str | None:
    """A header's value, whatever the case of its name and whether str or bytes."""
    if not headers:
        return None
    wanted = name.lower()
    for key, value in headers.items():
        key_text = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if key_text.lower() == wanted:
            if isinstance(value, list | tuple):
                value = value[0] if value else ""
            return value.decode("latin-1") if isinstance(value, bytes) else str(value)
    return None


def _codec_name(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def _candidates(body: bytes, header_charset: str | None) -> Iterator[tuple[str, bool]]:
    """(codec, declared?) in order of authority, each once.

    Each source is looked at only when the ones before it have failed: the header's charset
    decodes nearly every page, and sniffing the document's own declaration is then not needed.
    """
    seen: set[str] = set()
    head = body[:SNIFF_BYTES]
    sources: tuple[Callable[[], str | None], ...] = (
        lambda: EncodingDetector.strip_byte_order_mark(head)[1],
        lambda: header_charset,
        lambda: EncodingDetector.find_declared_encoding(head, is_html=True, search_entire_document=False),
    )
    for source in sources:
        codec = _codec_name(source())
        if codec and codec not in seen:
            seen.add(codec)
            yield codec, True
    for codec in ("utf-8", "cp1251"):
        if codec not in seen:
            seen.add(codec)
            yield codec, False


def decode_body(body: bytes, headers: Mapping[str, str | bytes] | None = None) -> Decoded:
    """Decode a page body; raises :class:`UndecodableError` when it is not text."""
    content_type = header_value(headers, "content-type") or ""
    m = _CHARSET.search(content_type)
    header_charset = m.group(1) if m else None
    declared = None
    if not body.isascii():
        # Multi-byte UTF-8 sequences almost never arise by chance in single-byte text, so
        # bytes that decode as UTF-8 are UTF-8 whatever a (wrong) declaration says.
        try:
            return _checked(body.decode("utf-8"), "utf-8", _codec_name(header_charset), body)
        except UnicodeDecodeError as exc:
            # ... and so are bytes that are mostly such sequences with a stray bad byte or
            # two: read as windows-1251 every letter of them would turn into mojibake.
            lenient = _mostly_utf8(body, exc.start)
            if lenient is not None:
                return _checked(lenient, "utf-8", _codec_name(header_charset), body)
    strict_failures: list[str] = []
    for codec, was_declared in _candidates(body, header_charset):
        if was_declared and declared is None:
            declared = codec
        try:
            text = body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            strict_failures.append(codec)
            continue
        return _checked(text, codec, declared, body)
    # No codec takes every byte: a page with a few bytes invalid in its own charset (an
    # old CMS pasting from anywhere) is still that page, with U+FFFD for the bad bytes.
    for codec in strict_failures:
        text = body.decode(codec, errors="replace")
        if text.count("\ufffd") <= max(MAX_REPLACED, len(body) // 1000):
            return _checked(text, codec, declared, body)
    raise UndecodableError("no candidate encoding decodes the body")


#: How far past the first invalid byte :func:`_mostly_utf8` looks before decoding it all:
#: a short stretch first, since every bad byte costs the error handler a call and a
#: windows-1251 page has hundreds in the long one (a third of its decoding time went there).
_UTF8_PROBES = (256, 4096)

#: Bytes invalid in a page's charset that are replaced rather than refusing the page
#: (or one per thousand bytes, whichever is more).
MAX_REPLACED = 16


def _mostly_utf8(body: bytes, first_bad: int = 0) -> str | None:
    """``body`` as UTF-8 with U+FFFD for bad bytes, when valid multi-byte characters
    outnumber the bad sequences by far (four to one) and those are few; else None.

    A single-byte page (windows-1251) fails at once: the few KB after its first bad byte
    already hold more bad sequences than allowed, so the whole body is not decoded twice.
    """
    allowed = max(MAX_REPLACED, len(body) // 1000)
    window_bad = 0
    for size in _UTF8_PROBES:
        window_bad = body[first_bad : first_bad + size].decode("utf-8", errors="replace").count("\ufffd")
        if window_bad > allowed:
            return None
    text = body.decode("utf-8", errors="replace")
    # Every multi-byte character is at least one byte longer than the one character it
    # decodes to, and nothing else is shorter, so the spare bytes bound how many there can
    # be. The bad sequences are at least those the last window held (less one the cut may
    # have made), and at least one, since the strict decoding failed: a windows-1251 page
    # with a few Cyrillic letters is settled here without counting over the whole page,
    # which cost more than decoding it.
    spare = len(body) - len(text)
    if spare < 4 * max(window_bad - 1, 1):
        return None
    bad = text.count("\ufffd")
    if bad > allowed or spare < 4 * bad:
        return None
    # Each ASCII byte decodes to one character, each valid sequence to one, each bad one to
    # U+FFFD: what is left over are the multi-byte characters. Bytes are counted at C speed.
    ascii_bytes = len(body) - len(body.translate(None, _ASCII_BYTES))
    multibyte = len(text) - ascii_bytes - bad
    return text if multibyte >= 4 * bad else None


def _checked(text: str, codec: str, declared: str | None, body: bytes | None = None) -> Decoded:
    if text.startswith("\ufeff"):
        text = text[1:]
    if body is not None and codec not in _WIDE_CODECS:
        # In single-byte codecs and UTF-8 a control character is a byte below 0x20 (or
        # 0x7f); deleting every other byte value counts them in one C pass.
        sample_size = min(len(body), 200_000)
        controls = len(body[:sample_size].translate(None, _NOT_CONTROL_BYTES))
    else:
        sample = text[:200_000]
        sample_size = len(sample)
        controls = len(_CONTROL.findall(sample))
    if controls > MAX_CONTROL_SHARE * max(sample_size, 1):
        raise UndecodableError(f"{controls} control characters in {sample_size}: binary data, not a page")
    return Decoded(text, codec, declared)
