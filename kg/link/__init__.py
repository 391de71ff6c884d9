"""Linking names to the reference actors and places."""

from kg.link.aliases import normalise
from kg.link.reference import ReferenceIndex

__all__ = ["ReferenceIndex", "normalise"]
