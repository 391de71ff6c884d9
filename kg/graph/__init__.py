"""The graph builder: records -> quads. The only package that writes triples.

``document_quads`` gives a document's node, metadata and cleaned text;
``extraction_quads`` everything extracted from it (mentions, events, claims, figures,
evidence). Both go into the document's own named graph. ``kg.graph.entities`` writes the
entities and names graphs (shared nodes described once) and ``kg.graph.fusion`` the fusion
graph (fused events, incidents, derived figures), from what ``kg/entities.py`` and
``kg/fuse.py`` read back from the document graphs.
"""

from kg.graph.document import Resolver, document_quads
from kg.graph.extraction import extraction_quads

__all__ = ["Resolver", "document_quads", "extraction_quads"]
