"""Sidecar metadata files: accepted forms and one-line errors."""

import datetime as dt
from pathlib import Path

import pytest

from kg.errors import MetadataError
from kg.load.sidecar import read_sidecar


def write(tmp_path: Path, body: str) -> Path:
    article = tmp_path / "a.txt"
    article.write_text("Text.\n")
    (tmp_path / "a.meta.toml").write_text(body, encoding="utf-8")
    return article


def test_full_sidecar(tmp_path):
    meta = read_sidecar(write(tmp_path, 'title = "T"\npublisher = "RFI"\npublished = 2023-11-25\n'
                                        'url = "https://example.org/a"\nlanguage = "fr"\n'))
    assert meta.title == "T" and meta.publisher == "RFI" and meta.language == "fr"
    assert meta.published.value == dt.date(2023, 11, 25) and meta.published.precision == "day"


@pytest.mark.parametrize("value, precision", [('"2025-11"', "month"), ('"2025"', "year")])
def test_partial_publication_dates(tmp_path, value, precision):
    meta = read_sidecar(write(tmp_path, f"published = {value}\n"))
    assert meta.published.precision == precision


def test_no_sidecar_is_none(tmp_path):
    article = tmp_path / "b.txt"
    article.write_text("x")
    assert read_sidecar(article) is None


@pytest.mark.parametrize("body, culprit", [
    ('titel = "T"\n', "unknown field 'titel'"),
    ('published = "yesterday"\n', "field 'published'"),
    ('published = "2023-02-30"\n', "not a real date"),
    ('url = "ftp://x"\n', "field 'url'"),
    ('language = "English"\n', "field 'language'"),
    ('kind = "tweet"\n', "field 'kind'"),
    ("title = 3\n", "field 'title' must be a string"),
    ('title = "unclosed\n', "not valid TOML"),
])
def test_malformed_sidecars_name_file_and_field(tmp_path, body, culprit):
    with pytest.raises(MetadataError) as err:
        read_sidecar(write(tmp_path, body))
    assert culprit in str(err.value) and "a.meta.toml" in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("value, kind", [("press-release", "statement"), ("Communiqué", "statement"),
                                         ("newsletter", "news-article"), ("situation report", "document")])
def test_the_kinds_publishers_name_map_to_the_four_kinds(tmp_path, value, kind):
    assert read_sidecar(write(tmp_path, f'kind = "{value}"\n')).kind == kind
