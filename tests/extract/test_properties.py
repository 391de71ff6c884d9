"""Invariants of the extractor on any text (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.extract.conftest import make_document

FRAGMENTS = [
    "JNIM attacked the army camp in Gao on Friday.", "The army said it repelled the attack.",
    "At least 12 soldiers were killed, local sources said.", "According to AFP, dozens died.",
    "Militants raided Wanzerbe, located in the Tillabéri region.", "“They fled,” he said.",
    "On 2 June, a convoy was ambushed near Anéfis.", "Ménaka", "Niafounke camp", "(JNIM)", ",", "\n",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=12))
def test_every_evidence_span_is_a_slice_of_the_document(extractor, parts):
    text = " ".join(parts) or "x"
    extraction = extractor.extract(make_document(text))
    spans = [m.evidence for m in extraction.actors + extraction.places + extraction.figures]
    spans += [d.evidence for d in extraction.dates]
    spans += [ev for e in extraction.events for ev in e.evidence] + [c.evidence for c in extraction.claims]
    for evidence in spans:
        assert 0 <= evidence.start < evidence.end <= len(text)
        assert text[evidence.start : evidence.end] == evidence.exact
