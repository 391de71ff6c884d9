"""Placeholder for the explorer's routes (replaced by the explorer's own module at merge)."""


def routes(store, settings):  # noqa: ANN001, ANN201, ARG001
    return []
