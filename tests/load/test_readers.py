"""Readers for .txt, .md and .html, and their errors."""

from pathlib import Path

import pytest

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
