"""The one catalogue of errors the library raises.

Every error is a :class:`KgError` whose message names the culprit (a file, a field, a
query, a parameter), says what is wrong and, where it can, how to fix it. Only the CLI
(``kg.cli``) and the HTTP layer turn these into one-line messages and exit codes; the
library never prints and never exits.
"""

from __future__ import annotations


class KgError(Exception):
    """Base class: a problem the user can act on. ``exit_code`` is what the CLI returns."""

    exit_code = 1


class DocumentError(KgError):
    """A document cannot be read: unknown extension, bad encoding, empty text."""

    exit_code = 3


class MetadataError(KgError):
    """A sidecar metadata file is malformed: bad TOML, unknown field, bad value."""

    exit_code = 3


class ExtractionError(DocumentError):
    """The extractor or the graph builder failed on one document (a bug of ours: the
    message names the file, to report it)."""


class ReferenceDataError(KgError):
    """The ontology or reference data in ``ontology/`` cannot be parsed or is missing."""

    exit_code = 4


class StoreError(KgError):
    """The on-disk store cannot be opened (locked by another process, corrupt, not a store)."""

    exit_code = 5


class StoreLocked(StoreError):
    """Another process is writing to the store (a ``kg build``, a writable ``kg serve``);
    ``holder`` says which ("kg build (pid 4242, since 10:03:04)")."""

    def __init__(self, message: str, holder: str = "another kg command") -> None:
        super().__init__(message)
        self.holder = holder


class QueryError(KgError):
    """A named query is unknown, or a SPARQL text does not parse."""

    exit_code = 6


class ParameterError(QueryError):
    """A query parameter is unknown, missing, or of the wrong type."""

    exit_code = 6


class ValidationFailed(KgError):
    """``kg validate`` found violations; the message is the readable report."""

    exit_code = 7


class ExportError(KgError):
    """An export cannot be written: unknown format, unknown graph, output path unusable."""

    exit_code = 8


class RemoteError(KgError):
    """A remote SPARQL store failed: refused credentials, unreachable host, rejected data."""

    exit_code = 9


class CredentialsRefused(RemoteError):
    """The remote store answered 401 or 403: wrong user, password or token, or no write right."""


class HostUnreachable(RemoteError):
    """The remote store cannot be reached (connection refused, DNS failure, timeout)."""


class DataRejected(RemoteError):
    """The remote store answered 4xx to a request body or query (its message is quoted)."""


class WorkerError(KgError):
    """A build worker died or cannot run: a process of ``kg build --workers`` was killed, a
    Dask scheduler cannot be reached, a Dask worker runs other code than the build."""

    exit_code = 10
