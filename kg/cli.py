"""The ``kg`` command line: parse arguments, call the library, print, map errors to exits.

Every library error is a :class:`~kg.errors.KgError`; here alone it becomes one line on
stderr (``kg: error: ...``) and a non-zero exit code. Set ``KG_DEBUG=1`` to see tracebacks
of unexpected errors.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
from pyoxigraph import QueryTriples
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from kg import __version__
from kg.errors import DocumentError, KgError, ParameterError, StoreError, StoreLocked, ValidationFailed
from kg.store import KgStore, default_store_path, writer_alive

console = Console()
DEFAULT_SEEDS = Path("seeds")


def store_option(func):  # noqa: ANN001, ANN201 - click decorator
    """``--store DIR`` on every command (default ``$KG_STORE`` or ``.kg``)."""
    return click.option(
        "--store", "store_path", type=click.Path(path_type=Path), default=None,
        help="Store folder (default: $KG_STORE, else .kg in the working directory).",
    )(func)


def _open_to_read(store_path: Path | None) -> KgStore:
    """The store, read-only: reading commands run beside ``kg serve`` or another reader."""
    return KgStore.open(store_path or default_store_path(), create=False, read_only=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """sahel-kg: build and question a knowledge graph of the armed conflicts in the Sahel."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--prune", is_flag=True,
              help="Remove documents that are no longer under PATHS from the store.")
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Extract in N worker processes (default: the number of cores); 1 extracts "
                   "in this process.")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS|local",
              help="Extract as tasks on a Dask cluster: its scheduler (tcp://HOST:8786), or "
                   "'local' for two worker processes on this machine (needs sahel-kg[dask]).")
@click.option("--wait", is_flag=True,
              help="When another kg command is writing to the store, wait for it to finish "
                   "(default: stop at once with an error).")
@store_option
def build(paths: tuple[Path, ...], prune: bool, workers: int | None, dask_address: str | None,
          wait: bool, store_path: Path | None) -> None:
    """Load articles (files or folders; default: seeds/) into the store.

    A file that cannot be read (binary, not UTF-8, too large, a malformed sidecar) is
    skipped with one line naming it and the reason; the others are stored, and the exit
    status is 3.
    """
    from kg.build import scan_documents, write_sources

    if workers is not None and dask_address:
        raise click.UsageError("give --workers or --dask, not both")
    report = None
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        checking = bar.add_task("checking", total=None)
        checked = scan_documents(
            list(paths) or [DEFAULT_SEEDS],
            progress=lambda key, done, total: bar.update(checking, completed=done, total=total,
                                                         description=f"checking {key}"))
        bar.remove_task(checking)
        if checked.sources:
            store = _open_to_build(store_path, wait)
            task = bar.add_task("building", total=len(checked.sources))
            report = write_sources(
                store, checked.sources, skipped=checked.skipped, prune=prune,
                workers=workers or os.cpu_count() or 1, dask=dask_address,
                progress=lambda key, done, _total: bar.update(task, completed=done, description=key))
    if report is not None:
        for graph in report.refreshed:
            console.print(f"refreshed  {graph}")
        for label, keys in (("added", report.added), ("updated", report.updated),
                            ("unchanged", report.unchanged), ("removed", report.removed)):
            for key in keys:
                console.print(f"{label:<10} {key}", markup=False)
        console.print(
            f"{len(report.added)} added, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, "
            f"{len(report.skipped)} skipped; "
            f"{report.fused} events reported by several documents; "
            f"{store.quad_count()} quads in {store.path}", markup=False
        )
    skipped = report.skipped if report is not None else checked.skipped
    for skip in skipped:
        click.echo(f"kg: skipped: {skip.reason}", err=True)
    if skipped:
        stored = report.stored if report is not None else 0
        raise DocumentError(f"{_count(stored, 'document')} stored, {_count(len(skipped), 'file')} "
                            "skipped (each named above); fix or remove them and build again")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _open_to_build(store_path: Path | None, wait: bool) -> KgStore:
    """The store, read-write and locked for this build; with ``wait``, once whoever holds
    it lets go."""
    path = store_path or default_store_path()
    try:
        return KgStore.open(path, create=True)
    except StoreLocked as err:
        if not wait:
            raise
        click.echo(f"kg: waiting for {err.holder} to finish writing to {path}", err=True)
        return KgStore.open(path, create=True, wait=True)


@cli.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter (repeatable).")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "tsv", "json", "xml"]),
              help="table for reading (tab-separated when piped); csv, tsv, json, xml are the "
                   "W3C results formats.")
@click.option("--endpoint", default=None, metavar="URL",
              help="Run it at a remote SPARQL endpoint instead of the store (see 'kg push').")
@store_option
def query(name: str, params: tuple[str, ...], fmt: str, endpoint: str | None, store_path: Path | None) -> None:
    """Run a named query (see 'kg queries') or a .rq file."""
    from kg.queries import resolve_query
    from kg.results import render, table_rows

    named = resolve_query(name)
    bindings = named.bindings(_parse_params(params))
    if endpoint:
        from kg.remote.client import remote_query

        result = remote_query(endpoint, named.sparql, bindings)
    else:
        result = _open_to_read(store_path).query(named.sparql, bindings)
    if fmt != "table" or isinstance(result, QueryTriples) or not console.is_terminal:
        # Piped or redirected, a table is plain tab-separated rows with short IRIs.
        click.echo(render(result, fmt), nl=False)
        return
    columns, rows = table_rows(result)
    table = Table(*columns, title=named.title)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    console.print(f"{len(rows)} rows", style="dim")


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    parsed = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ParameterError(f"--param {item!r}: expected NAME=VALUE")
        parsed[name.strip()] = value
    return parsed


@cli.command(name="queries")
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue as JSON.")
@store_option
def list_queries(as_json: bool, store_path: Path | None) -> None:
    """List the named queries: name, title, parameters.

    (--store is accepted like on every command; the catalogue does not depend on it.)
    """
    del store_path
    from kg.queries import catalogue

    queries = catalogue()
    if as_json:
        click.echo(json.dumps([
            {"name": q.name, "title": q.title, "question": q.question,
             "parameters": [vars(p) for p in q.parameters]} for q in queries.values()
        ], indent=2, ensure_ascii=False))
        return
    table = Table("name", "title", "parameters")
    for q in queries.values():
        params = ", ".join(f"{p.name}:{p.type}={p.default or ''}" for p in q.parameters)
        table.add_row(q.name, q.title, params)
    console.print(table)


@cli.command()
@click.option("--no-owl", is_flag=True, help="Skip the OWL consistency check (needs Java).")
@store_option
def validate(no_owl: bool, store_path: Path | None) -> None:
    """Check the store against the SHACL shapes and the ontology with HermiT."""
    from kg.validate import validate_store

    store = _open_to_read(store_path)
    if store.unfinished:
        if writer_alive(store.path):
            raise StoreError(f"{store.path}: a kg build is writing to it; validate once it has finished")
        raise StoreError(f"{store.path}: the last kg build stopped before it finished (killed?), so the "
                         "graphs derived from the documents may not match them; run 'kg build' again, "
                         "then validate")
    report = validate_store(store, owl=not no_owl, raise_on_failure=False)
    click.echo(report.summary())
    if not report.ok:
        raise ValidationFailed(report.headline())


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@store_option
def stats(as_json: bool, store_path: Path | None) -> None:
    """What the store holds: quads per graph, instances per class, documents per language."""
    from kg.stats import collect

    figures = collect(_open_to_read(store_path))
    if as_json:
        data = vars(figures) | {"languages": [{"language": lang, "source": source, "documents": n}
                                              for (lang, source), n in figures.languages.items()]}
        click.echo(json.dumps(data, indent=2))
        return
    console.print(f"{figures.quads} quads, {figures.documents} documents", markup=False)
    table = Table("graph", "quads")
    for graph, count in figures.graphs.items():
        table.add_row(graph, str(count))
    console.print(table)
    classes = Table("class", "instances")
    for name, count in figures.classes.items():
        classes.add_row(name, str(count))
    console.print(classes)
    languages = Table("language", "known from", "documents")
    for (language, source), count in figures.languages.items():
        languages.add_row(language, source, str(count))
    console.print(languages)


@cli.command(name="evaluate")
@click.argument("gold_dir", type=click.Path(path_type=Path))
@store_option
def evaluate_command(gold_dir: Path, store_path: Path | None) -> None:
    """Compare the store's extraction with gold annotations (precision, recall, F1)."""
    from kg.evaluate import evaluate

    click.echo(evaluate(_open_to_read(store_path), gold_dir).report())


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind (another value exposes the store beyond this machine).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--timeout", "timeout_s", default=30.0, show_default=True,
              type=click.FloatRange(min=0.1), help="Seconds one query may run.")
@click.option("--row-cap", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Most rows one SELECT result returns.")
@click.option("--max-nodes", default=500, show_default=True, type=click.IntRange(min=1),
              help="Most nodes the explorer sends to a browser.")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(1, 64),
              help="SPARQL queries that run at once, each in a worker process killed past --timeout.")
@click.option("--worker-memory", "worker_memory_mb", default=2048, show_default=True,
              type=click.IntRange(min=0), metavar="MIB",
              help="Memory one query worker may use; a query needing more gets 500 (0: no limit).")
@click.option("--per-client", default=2, show_default=True, type=click.IntRange(min=1),
              help="SPARQL requests one client address may have in flight (429 beyond).")
@click.option("--allow-update", "write_token", envvar="KG_WRITE_TOKEN", default=None,
              metavar="TOKEN", help="Accept SPARQL updates bearing this token "
              "(Authorization: Bearer TOKEN); read-only without it.")
@store_option
def serve(host: str, port: int, timeout_s: float, row_cap: int, max_nodes: int, workers: int,
          worker_memory_mb: int, per_client: int, write_token: str | None, store_path: Path | None) -> None:
    """Serve the store: SPARQL 1.1 Protocol at /sparql, named queries, the explorer at /."""
    from kg.serve.app import ServeSettings, create_app, run

    settings = ServeSettings(store_path=store_path or default_store_path(), host=host, port=port,
                             timeout_s=timeout_s, row_cap=row_cap, max_nodes=max_nodes,
                             write_token=write_token or None, workers=workers, per_client=per_client,
                             worker_memory_mb=worker_memory_mb)
    app = create_app(settings)
    click.echo(f"kg: serving {settings.store_path} at http://{host}:{port}/ "
               f"({'writable with token' if settings.writable else 'read-only'}; SPARQL queries in "
               f"{workers} worker processes, {timeout_s:g} s each, {per_client} at once per client)", err=True)
    run(app, settings)


@cli.command()
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write.")
@click.option("--focus", default=None, metavar="LABEL",
              help="Start from the node with this name (else: all incidents).")
@click.option("--depth", default=2, show_default=True, type=click.IntRange(0, 5),
              help="Links to follow from the start.")
@click.option("--max-nodes", default=500, show_default=True, type=click.IntRange(min=1), help="Most nodes in the file.")
@store_option
def viz(out: Path, focus: str | None, depth: int, max_nodes: int, store_path: Path | None) -> None:
    """Write the explorer as one self-contained HTML file that opens offline."""
    from kg.explore.viz import write_file

    # Read-only: the file can be written while another kg command (or kg serve) holds the store.
    store = KgStore.open(store_path or default_store_path(), create=False, read_only=True)
    counts = write_file(store, out, focus_label=focus, depth=depth, max_nodes=max_nodes)
    more = " (capped: more nodes match)" if counts["truncated"] else ""
    click.echo(f"kg: wrote {out}: {counts['nodes']} nodes, {counts['edges']} links, "
               f"{counts['bytes']:,} bytes{more}", err=True)


@cli.command(name="export")
@click.argument("fmt", metavar="FORMAT")
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="File to write (default: stdout); a folder for 'neo4j' (required).")
@click.option("--graph", "graphs", multiple=True, metavar="IRI",
              help="Only this named graph (repeatable; default: all).")
@store_option
def export_command(fmt: str, out: Path | None, graphs: tuple[str, ...], store_path: Path | None) -> None:
    """Export the store: turtle, ntriples, nquads, trig, jsonld, rdfxml, graphml, neo4j,
    acled-csv, geojson."""
    from kg.errors import ExportError
    from kg.export import exporter

    target = exporter(fmt)
    store = _open_to_read(store_path)
    if target.folder:
        if out is None:
            raise ExportError(f"'{fmt}' writes a folder: give it with --out DIR")
        summary = target.write(store, out, graphs)
    elif out is None:
        summary = target.write(store, sys.stdout.buffer, graphs)
        sys.stdout.flush()
    else:
        if out.is_dir():
            raise ExportError(f"{out}: is a folder; give a file name for --out")
        try:
            with out.open("wb") as handle:
                summary = target.write(store, handle, graphs)
        except OSError as err:
            raise ExportError(f"{out}: cannot be written ({err.strerror})") from None
    click.echo(f"{summary}" + (f" -> {out}" if out else ""), err=True)


@cli.command()
@click.argument("url")
@click.option("--graph-store", "graph_store", default=None, metavar="URL",
              help="The Graph Store Protocol endpoint: one PUT per graph. Without it, SPARQL Update to URL.")
@click.option("--update-only", is_flag=True, help="Use SPARQL Update (DROP + INSERT DATA) even with --graph-store.")
@click.option("--user", default=None, help="User name (digest or basic auth).")
@click.option("--password", default=None, help="Password (or $KG_PUSH_PASSWORD).")
@click.option("--token", default=None, help="Bearer token (or $KG_PUSH_TOKEN).")
@click.option("--graph", "graphs", multiple=True, metavar="IRI", help="Only this named graph (repeatable).")
@click.option("--batch", "batch", default=20000, show_default=True, help="Triples per request.")
@store_option
def push(url: str, graph_store: str | None, update_only: bool, user: str | None, password: str | None,
         token: str | None, graphs: tuple[str, ...], batch: int, store_path: Path | None) -> None:
    """Send every named graph to a SPARQL 1.1 store at URL (its update endpoint; with
    --graph-store, its Graph Store Protocol endpoint is used instead)."""
    from kg.remote.push import push_store
    from kg.remote.transport import Auth

    auth = Auth(user, password or os.environ.get("KG_PUSH_PASSWORD"), token or os.environ.get("KG_PUSH_TOKEN"))
    report = push_store(_open_to_read(store_path), url, graph_store=graph_store, update_only=update_only, auth=auth,
                        graphs=graphs, batch=batch,
                        progress=lambda graph, n: click.echo(f"pushed {n:>7} triples  {graph}", err=True))
    click.echo(report.summary())


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``kg`` script: run, and turn errors into one line + exit code."""
    try:
        cli.main(args=argv, prog_name="kg", standalone_mode=False)
    except KgError as err:
        click.echo(f"kg: error: {err}", err=True)
        return err.exit_code
    except click.exceptions.Abort:
        click.echo("kg: aborted", err=True)
        return 130
    except click.ClickException as err:
        click.echo(f"kg: error: {err.format_message()}", err=True)
        return err.exit_code
    except KeyboardInterrupt:
        click.echo("kg: interrupted", err=True)
        return 130
    except BrokenPipeError:
        # The reader went away (`kg query ... | head`): not an error of ours.
        sys.stderr.close()
        return 0
    except Exception as err:  # noqa: BLE001 - last resort: one line, never a traceback
        if os.environ.get("KG_DEBUG"):
            raise
        click.echo(f"kg: internal error: {type(err).__name__}: {err} "
                   "(set KG_DEBUG=1 for the traceback)", err=True)
        return 70
    return 0


if __name__ == "__main__":
    sys.exit(main())
