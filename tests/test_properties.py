"""Invariants that must hold for any input (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import DocumentError
from kg.load import load_document
from kg.namespaces import document_iri, slug


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=0, max_size=400))
def test_any_text_is_loaded_or_rejected_with_a_clear_error(tmp_path, text):
    path = tmp_path / "any.txt"
    path.write_text(text, encoding="utf-8")
    try:
        document = load_document(path)
    except DocumentError as err:
        assert "any.txt" in str(err)
        return
    assert document.text.strip()
    assert document.metadata.title


@given(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64))
def test_minting_a_document_iri_is_deterministic(digest):
    assert document_iri(digest) == document_iri(digest)
    assert document_iri(digest).endswith(digest[:16])


@given(st.text(max_size=60))
def test_slugs_are_url_safe(text):
    value = slug(text)
    assert value == value.strip("-") and all(c.isalnum() or c == "-" for c in value)
    assert value.isascii()
