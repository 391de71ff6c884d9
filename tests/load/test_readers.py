"""Readers for .txt, .md and .html, and their errors."""

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import DocumentError
from kg.load import load_document
from kg.load.readers import read_source


def test_html_keeps_article_text_and_drops_navigation_scripts_and_styles():
    html = b"""<html lang="fr"><head><title>Titre</title>
      <meta property="article:published_time" content="2024-03-03T08:00:00Z">
      <style>p{}</style><script>var x = "<p>not text</p>";</script></head>
      <body><nav><a>Home</a><a>World</a></nav><article><h1>Army retakes town</h1>
      <p>Soldiers entered the town &amp; raised the flag.</p></article>
      <aside>Most read</aside><footer>Contact us</footer></body></html>"""
    source = read_source(Path("a.html"), html)
    text = "\n".join(line for line in source.lines if line)
    assert text == "Army retakes town\nSoldiers entered the town & raised the flag."
    assert source.declared == {"published": "2024-03-03T08:00:00Z", "title": "Titre",
                               "language": "fr"}


def test_markdown_syntax_is_stripped():
    md = b"---\nlayout: post\n---\n# Heading\n\nA **bold** [link](http://x) ![img](y.png).\n"
    lines = [line for line in read_source(Path("a.md"), md).lines if line]
    assert lines == ["Heading", "A bold link ."]


def test_non_utf8_file_is_a_clear_error(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Ménaka".encode("latin-1"))
    with pytest.raises(DocumentError, match=r"latin\.txt: not UTF-8 .*re-save"):
        load_document(path)


def test_unsupported_suffix_is_a_clear_error(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(DocumentError, match="unsupported file type .pdf"):
        load_document(path)


def test_file_of_furniture_only_is_rejected(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("Advertisement\nShare:\n")
    with pytest.raises(DocumentError, match="no article text left"):
        load_document(path)


# --- issue #13: what can be decoded without guessing is read; the rest is named ----------

TEXT = "Des hommes armés ont attaqué Ménaka lundi.\nGunmen attacked Ménaka on Monday.\n"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_issue_13_text_with_a_byte_order_mark_is_read(tmp_path, encoding):
    raw = TEXT.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):   # Python writes no mark for these: add it
        raw = ("\ufeff" + TEXT).encode(encoding)
    path = tmp_path / "bom.txt"
    path.write_bytes(raw)
    assert load_document(path).text == TEXT


@pytest.mark.parametrize("content, fragment", [
    (TEXT.encode("utf-16-le"), "looks like UTF-16 (little-endian) without a byte-order mark"),
    (TEXT.encode("utf-16-be"), "looks like UTF-16 (big-endian) without a byte-order mark"),
    (TEXT.encode("latin-1"), "byte 0xe9 at offset 14 ('é' in Latin-1/Windows-1252)"),
    (TEXT.encode("cp1252") + "“quoted”".encode("cp1252"), "legacy 8-bit encoding; re-save it as UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "contains NUL bytes: a binary file"),
    (bytes(range(1, 32)) * 20 + b"\xff", "not text (invalid UTF-8 at offset 620 and many control bytes)"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "starts with a UTF-16 byte-order mark but is not UTF-16"),
])
def test_issue_13_what_cannot_be_read_is_named_with_its_reason(tmp_path, content, fragment):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and fragment in message and "\n" not in message


def test_issue_13_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from kg.load import MAX_FILE_BYTES

    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:   # sparse: nothing is written but the size
        handle.truncate(MAX_FILE_BYTES + 1)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(DocumentError, match=r"huge\.txt: 50\.0 MB, over the 50 MB a file may have; split it"):
        load_document(path)


def test_issue_13_fifty_megabytes_of_text_are_refused_with_one_line(tmp_path):
    from kg.load import MAX_FILE_BYTES, MAX_TEXT_CHARS

    path = tmp_path / "long.txt"
    sentence = "Gunmen attacked a convoy near Gao on Monday, local sources said. " * 15
    with path.open("w", encoding="utf-8") as handle:
        for n in range(MAX_FILE_BYTES // (len(sentence) + 12)):
            handle.write(f"{sentence}{n}\n\n")
    assert path.stat().st_size > 49_000_000
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert f"characters of text, over the {MAX_TEXT_CHARS:,} a document may hold; split it" in message


def test_the_module_examples_run():
    import doctest

    import kg.load.readers

    assert doctest.testmod(kg.load.readers, optionflags=doctest.ELLIPSIS).failed == 0


@settings(max_examples=400, deadline=None)
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=100).map(lambda t: t.encode("utf-16-le")),
                     st.text(max_size=100).map(lambda t: t.encode("utf-32"))))
def test_issue_13_any_bytes_are_read_or_refused_with_one_line_naming_the_file(raw):
    from kg.load.readers import decode

    try:
        text = decode(raw, Path("any.txt"))
    except DocumentError as err:
        assert str(err).startswith("any.txt: ") and "\n" not in str(err)
    else:
        assert "\x00" not in text and "\r" not in text
