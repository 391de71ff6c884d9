"""The named queries over HTTP, and the query editor page.

- ``GET /queries``: the catalogue (name, title, question, parameters with type, default
  and description) as JSON, or as an HTML page when a browser asks (``format=html`` too).
- ``GET /queries/NAME?param=value``: run the query with its parameters bound as RDF terms
  (:meth:`kg.queries.NamedQuery.bindings`), in any result format of the endpoint
  (``Accept`` or ``format=``), with the same timeout, row cap and per-client limit as
  ``/sparql``. Unknown NAME: 404; an unknown parameter or a value of the wrong type: 400
  with the one-line message.
- ``GET /editor``: YASGUI pointed at ``/sparql`` (``?named=NAME`` opens a named query with
  its default parameters bound); when its assets are missing, the page says how to get
  them (``make setup``) and offers a plain form.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from kg.errors import KgError, ParameterError
from kg.namespaces import PREFIXES
from kg.queries import NamedQuery, bind_values, catalogue
from kg.serve import formats, responses
from kg.serve.formats import Negotiation, NotAcceptable
from kg.serve.limits import ClientLimit, TooManyRequests
from kg.serve.protocol import Dataset
from kg.serve.runner import QueryTimeout, Runner, WorkerFailed

RESULT_FORMATS = ("json", "xml", "csv", "tsv")
EDITOR_START = """SELECT ?event ?type ?date ?place WHERE {
  ?event a skg:Event ; skg:subEventType/skos:prefLabel ?type .
  FILTER(LANG(?type) = "en")
  OPTIONAL { ?event skg:earliestDate ?date }
  OPTIONAL { ?event skg:place/skos:prefLabel ?place }
}
ORDER BY ?date
LIMIT 25"""


class NamedQueries:
    """The ``/queries`` routes over one runner; the catalogue is read once, at start."""

    def __init__(self, runner: Runner, limit: ClientLimit | None = None) -> None:
        self.runner = runner
        self.limit = limit or ClientLimit()
        self.queries = catalogue()

    def routes(self) -> list[BaseRoute]:
        return [Route("/queries", self.list, methods=["GET"]),
                Route("/queries/{name}", self.run, methods=["GET"])]

    async def list(self, request: Request) -> Response:
        """The catalogue, JSON or HTML."""
        wanted = request.query_params.get("format")
        if wanted == "html" or (wanted is None and formats.prefers_html(request.headers.get("accept"))):
            return responses.page(request, "queries.html", title="Named queries",
                                  queries=list(self.queries.values()), formats=RESULT_FORMATS)
        return JSONResponse({"queries": [_entry(q) for q in self.queries.values()]}, headers=responses.NOSNIFF)

    async def run(self, request: Request) -> Response:
        """One named query with the request's parameters, in the negotiated format."""
        name = request.path_params["name"]
        query = self.queries.get(name)
        if query is None:
            return responses.error(404, f"unknown query '{name}'; GET /queries lists them "
                                        f"({', '.join(self.queries)})")
        try:
            given = _params(request)
            short = given.pop("format", None)
            text = bind_values(query.sparql, query.bindings(given))
            choose = Negotiation(request.headers.get("accept"), (short,) if short else ())
            with self.limit.slot(responses.client_address(request)):
                result = await self.runner.query(text, Dataset(), choose, base_iri=None)
        except KgError as err:
            return responses.error(400, str(err))
        except NotAcceptable as err:
            return responses.error(406, str(err))
        except TooManyRequests as err:
            return responses.error(429, str(err), {"Retry-After": "1"})
        except QueryTimeout as err:
            return responses.error(503, str(err), {"Retry-After": "60"})
        except WorkerFailed as err:
            return responses.error(500, str(err))
        return responses.answer(result)


async def editor(request: Request) -> Response:
    """The query editor page."""
    query = EDITOR_START
    named = request.query_params.get("named")
    if named:
        found = catalogue().get(named)
        if found is None:
            return responses.error(404, f"unknown query '{named}'; GET /queries lists them")
        query = bind_values(found.sparql, found.bindings({}))
    root = request.scope.get("root_path", "")
    return responses.page(request, "editor.html", title="SPARQL editor", endpoint=f"{root}/sparql",
                          query=with_prefixes(query), yasgui=(responses.VENDOR / "yasgui.min.js").is_file(),
                          formats=[f.name for f in formats.BY_FORM["select"] + formats.BY_FORM["construct"]])


def with_prefixes(sparql: str) -> str:
    """``sparql`` preceded by a PREFIX line for each project prefix it uses (the endpoint
    predeclares them, but the editor checks syntax on its own).

    >>> with_prefixes("SELECT * { ?s a skg:Event }").splitlines()[0]
    'PREFIX skg: <https://w3id.org/sahel-kg/ontology#>'
    """
    used = [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items()
            if re.search(rf"(?<![\w.-]){re.escape(name)}:", sparql)
            and not re.search(rf"PREFIX\s+{re.escape(name)}:", sparql, re.I)]
    return "\n".join([*used, sparql])


def _entry(query: NamedQuery) -> dict:
    return {"name": query.name, "title": query.title, "question": query.question,
            "parameters": [{"name": p.name, "type": p.type, "default": p.default,
                            "description": p.description} for p in query.parameters],
            "url": f"/queries/{query.name}"}


def _params(request: Request) -> dict[str, str]:
    """The URL's parameters, each given once (KgError otherwise)."""
    values: dict[str, str] = {}
    try:
        pairs = parse_qsl(request.scope.get("query_string", b"").decode("latin-1"),
                          keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ParameterError("the URL's parameters are not UTF-8") from None
    for key, value in pairs:
        if key in values:
            raise ParameterError(f"parameter '{key}' is given twice; give it once")
        values[key] = value
    return values
