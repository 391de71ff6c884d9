"""Publication dates stated in a document's header."""

import datetime as dt

from kg.load.published import infer_publication_date, is_date_line


def test_date_line_forms():
    assert is_date_line("March 3, 2024") == dt.date(2024, 3, 3)
    assert is_date_line("3 March 2024") == dt.date(2024, 3, 3)
    assert is_date_line("Published: 2024-03-03 10:15") == dt.date(2024, 3, 3)
    assert is_date_line("Publié le 3 mars 2024") == dt.date(2024, 3, 3)
    assert is_date_line("Updated Sept. 14, 2022 at 08:30 GMT") == dt.date(2022, 9, 14)


def test_dates_inside_sentences_or_labels_glued_to_text_are_not_date_lines():
    assert is_date_line("Fighting broke out on March 3, 2024 near the border.") is None
    assert is_date_line("DateMarch 3, 2024") is None
    assert is_date_line("February 30, 2024") is None


def test_header_date_is_found_before_the_body_only():
    header = ["Army retakes town", "By Staff", "March 3, 2024", "Body " * 25]
    found = infer_publication_date(header)
    assert found and found.value == dt.date(2024, 3, 3) and found.source == "text"
    body_first = ["Body " * 25, "March 3, 2024"]
    assert infer_publication_date(body_first) is None
