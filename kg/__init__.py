"""sahel-kg: a knowledge graph of the armed conflicts in the Sahel.

The package is organised by stage; data flows one way::

    load (files -> Document) -> graph (Document -> quads) -> store (Oxigraph on disk)
                                                           -> queries / validate / stats

See ``docs/architecture.md`` for the map of modules.
"""

__version__ = "0.1.0"
