import pytest

from pipeline.decoding import UndecodableError, decode_body

TEXT = "<html><head>{meta}</head><body><p>3 June 2022 г. Белорусский</p></body></html>"


def test_header_charset_windows_1251():
    body = TEXT.format(meta="").encode("cp1251")
    decoded = decode_body(body, {"Content-Type": "text/html; charset=windows-1251"})
    assert "г." in decoded.text and "Белорусский" in decoded.text
    assert decoded.encoding == "cp1251"


def test_meta_charset_only():
    body = TEXT.format(meta='<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">').encode("cp1251")
    decoded = decode_body(body, {"content-type": b"text/html"})
    assert decoded.encoding == "cp1251" and "Белорусский" in decoded.text


def test_utf8_bytes_win_over_a_wrong_declaration():
    body = TEXT.format(meta='<meta charset="windows-1251">').encode("utf-8")
    decoded = decode_body(body, {"Content-Type": "text/html; charset=windows-1251"})
    assert decoded.encoding == "utf-8" and "Белорусский" in decoded.text


def test_no_declaration_cp1251_falls_back():
    body = TEXT.format(meta="").encode("cp1251")
    assert "Белорусский" in decode_body(body).text


def test_binary_is_undecodable():
    with pytest.raises(UndecodableError):
        decode_body(bytes(range(256)) * 50, {"Content-Type": "text/html"})
