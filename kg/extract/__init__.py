"""Extraction: a Document -> plain records (mentions, dates, figures, events, claims), each with evidence."""
