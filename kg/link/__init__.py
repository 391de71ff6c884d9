"""Linking: names in text -> reference actors and places (aliases, gazetteer)."""

from kg.link.aliases import AliasIndex, normalise

__all__ = ["AliasIndex", "normalise"]
