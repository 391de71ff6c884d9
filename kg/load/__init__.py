"""Loading: files on disk -> :class:`kg.records.Document` (clean text + metadata).

The loader knows nothing of RDF. ``load_documents`` is the entry point; the other modules
are its stages: ``readers`` (bytes -> lines), ``sidecar`` (metadata files), ``furniture``
(page furniture removal), ``published`` (publication dates stated in the text).
"""

from kg.load.loader import MAX_FILE_BYTES, MAX_TEXT_CHARS, discover_files, load_document, load_documents, source_key

__all__ = ["MAX_FILE_BYTES", "MAX_TEXT_CHARS", "discover_files", "load_document", "load_documents",
           "source_key"]
