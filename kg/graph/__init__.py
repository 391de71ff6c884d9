"""The graph builder: records -> quads. The only package that writes triples.

``document_quads`` gives a document's node, metadata and cleaned text;
``extraction_quads`` everything extracted from it (mentions, events, claims, figures,
evidence). Both go into the document's own named graph.
"""

from kg.graph.document import Resolver, document_quads
from kg.graph.extraction import extraction_quads

__all__ = ["Resolver", "document_quads", "extraction_quads"]
