"""`newsevents`: run the pipeline on articles and see where the drafts went.

Each command is a thin typer wrapper: it loads settings, calls the library or a flow, and
prints a summary. Exit codes: 0 when drafts were made (or nothing was new), 1 when every input
failed (failures are listed in extracted/failures.jsonl), 2 for bad settings or usage,
3 when another run is using the same extracted/ folder, 4 when raw/ or extracted/ cannot be
written (disk full, read-only): every file written is whole, and a re-run once the fault is
gone ends as an uninterrupted run.
"""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from ..errors import ConfigError, RunInProgress, StorageError
from ..settings import Settings
from ..store import FAILURES_NAME
from .common import settings_error, settings_or_exit

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from spacy.language import Language

    from ..records import RawDocument, StageResult
    from ..resolve import ActorIndex

app = typer.Typer(
    name="newsevents",
    help=(
        "Turn news articles into sourced candidate event records (markdown drafts with YAML front "
        "matter) for analysts to review. Start with:  newsevents run raw/samples"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
from .analyst import analyst_app  # noqa: E402
from .eval import eval_app  # noqa: E402 - sub-commands register after the app exists
from .export import export_cmd  # noqa: E402
from .outlets import outlets_app  # noqa: E402
from .registry import registry_app  # noqa: E402
from .review import review_app  # noqa: E402

app.add_typer(eval_app, name="eval")
app.add_typer(registry_app, name="registry")
app.add_typer(outlets_app, name="outlets")
app.add_typer(review_app, name="review")
app.add_typer(analyst_app, name="analyst")
app.command("export")(export_cmd)
console = Console(stderr=True)
out = Console()

ConfigOption = Annotated[
    Optional[Path],
    typer.Option("--config", "-c", help="A TOML settings file (default: $NEWSEVENTS_CONFIG or ./newsevents.toml)."),
]
SourcesArgument = Annotated[
    list[str],
    typer.Argument(help="URLs, files (.html .txt .jsonl .jsonl.gz .warc .warc.gz) or folders of them.", show_default=False),
]
LocalOption = Annotated[
    bool, typer.Option("--local", help="Call the library directly, even when a Prefect server is configured.")
]
FlowsOption = Annotated[
    bool, typer.Option("--flows", help="Run the Prefect flows even with no Prefect server configured (Prefect's "
                       "ephemeral API then starts for this command: 10-20 s more).")
]
TimelineOption = Annotated[
    Optional[Path],
    typer.Option("--timeline", help="An existing timeline (events JSONL or folder of event files): drafts of "
                 "events it already has are marked with its event id (default: paths.timeline)."),
]


DaskOption = Annotated[
    Optional[str],
    typer.Option("--dask", help="Analyse on Dask: a scheduler address (tcp://host:8786) or 'local' for a "
                 "LocalCluster of flows.dask_workers processes (default: flows.dask)."),
]

ProcessesOption = Annotated[
    Optional[int],
    typer.Option("--processes", "-j", min=1, help="Processes that analyse batches, each with its own copy of the "
                 "model (about 0.5 GB); drafts come out as with one (default: extract.n_process)."),
]


def _with_processes(settings: Settings, processes: Optional[int]) -> Settings:
    if processes is None:
        return settings
    return settings.model_copy(update={"extract": settings.extract.model_copy(update={"n_process": processes})})


def _with_dask(settings: Settings, dask: Optional[str], local: bool) -> Settings:
    if dask is None:
        return settings
    if local:
        console.print("[red]usage:[/red] --dask runs the Prefect flows; it cannot be combined with --local")
        raise typer.Exit(2)
    return settings.model_copy(update={"flows": settings.flows.model_copy(update={"dask": dask})})


def _with_timeline(settings: Settings, timeline: Optional[Path]) -> Settings:
    if timeline is None:
        return settings
    if not timeline.exists():
        settings_error(f"timeline not found: {timeline}")
    return settings.model_copy(update={"paths": settings.paths.model_copy(update={"timeline": timeline})})


def _check_inputs(settings: Settings) -> None:
    """The registry and the timeline, read before anything runs: a broken one (a YAML alias, a
    name twice, a line that is not JSON) stops the command with one line, not a traceback from
    inside a flow after the sources were collected."""
    from ..store import load_registries
    from ..timeline import cached_timeline

    try:
        load_registries(settings.paths.registry_files())
        if settings.paths.timeline is not None:
            cached_timeline(settings.paths.timeline)  # read once: the run takes it from the cache
    except ConfigError as err:
        settings_error(err)


def _prepare_prefect(settings: Settings) -> None:
    """Prefect's offline settings and its home in the project's state folder, before the flows
    (and Prefect) are imported: the one place they are set."""
    from flows import configure_prefect

    configure_prefect(settings.paths.state)


def _through_flows(settings: Settings, *, local: bool, flows: bool) -> bool:
    """Whether a command runs the Prefect flows (else the library, in this process): with a
    Prefect server to report to (PREFECT_API_URL, the Prefect profile's, or this project's
    `newsevents serve`), with --flows, or on Dask; never with --local. Without a server the run
    could not be seen anywhere, and Prefect's ephemeral API would cost 10-20 s to start."""
    if local and flows:
        console.print("[red]usage:[/red] --local and --flows cannot be combined")
        raise typer.Exit(2)
    if local:
        return False
    _prepare_prefect(settings)
    from flows.server import ServerUnreachable, configured_server

    try:
        url = configured_server(settings.paths.state)
    except ServerUnreachable as err:
        console.print(f"[red]no Prefect server answers at {escape(str(err))}[/red] (PREFECT_API_URL): start it, "
                      "unset PREFECT_API_URL, or run with --local", soft_wrap=True)
        raise typer.Exit(2) from None
    if url:
        os.environ.setdefault("PREFECT_API_URL", url)  # before Prefect is imported: it reads it then
        console.print(f"[dim]Prefect flows, reported to {escape(url)}[/dim]")
        return True
    return flows or bool(settings.flows.dask)


class _RateColumn(ProgressColumn):
    """Articles per second."""

    def render(self, task: "object") -> Text:
        speed = getattr(task, "speed", None)
        return Text(f"{speed:.1f} articles/s" if speed else "– articles/s")


@contextmanager
def _progress() -> Iterator[Callable[[str, int], None]]:
    """A rich progress display; yields a `report(stage, n)` callback for flows or the library."""
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        _RateColumn(), TimeElapsedColumn(), TextColumn("ETA"),
        TimeRemainingColumn(), console=console, transient=False,
    ) as bar:
        tasks: dict[str, int] = {}

        def report(stage: str, n: int) -> None:
            if stage == "process-total":
                if "process" in tasks:
                    bar.update(tasks["process"], total=n)
                else:
                    tasks["process"] = bar.add_task("processing articles", total=n)
            elif stage == "collect":
                if "collect" not in tasks:
                    tasks["collect"] = bar.add_task("collecting sources", total=None)
                bar.advance(tasks["collect"], n)
            elif stage in tasks:
                bar.advance(tasks[stage], n)

        yield report


def _with_progress(flow_fn: Callable[..., dict], *args: object) -> dict:
    """Run a flow with the progress display listening to what its tasks report."""
    from flows import progress

    with _progress() as report:
        remove = progress.listen(report)
        try:
            return flow_fn(*args)
        except ConfigError as err:
            settings_error(err)
        finally:
            remove()


def _summary(settings: Settings, counts: dict[str, int], collect_failed: int = 0, collect_notices: int = 0) -> int:
    table = Table(title="news-events run", show_header=True)
    table.add_column("result")
    table.add_column("count", justify="right")
    for key in ("created", "updated", "unchanged", "revision"):
        if counts.get(key):
            table.add_row(f"drafts {key}", str(counts[key]))
    failed = counts.get("failed", 0) + collect_failed
    table.add_row("inputs failed", str(failed))
    if counts.get("invalid"):
        table.add_row("edited drafts invalid", str(counts["invalid"]))
    notices = counts.get("notices", 0) + collect_notices
    if notices:
        table.add_row("notices (drafted; see failures.jsonl)", str(notices))
    if counts.get("timeline_unread"):
        table.add_row("timeline files not read", str(counts["timeline_unread"]))
    out.print(table)
    if not any(counts.get(k) for k in ("created", "updated", "unchanged", "revision", "failed")):
        out.print("Nothing new to process: every stored snapshot was processed by this version before.")
    out.print(f"Drafts are in {settings.paths.extracted.resolve()}/")
    if counts.get("revision"):
        out.print("Drafts an analyst had edited were kept; the new versions are beside them as <id>.rev-*.md.")
    if counts.get("invalid"):
        out.print("[red]Drafts edited by hand are no longer valid[/red] (kept as they are; file, line and "
                  f"reason in {(settings.paths.extracted / FAILURES_NAME).resolve()}).")
    if counts.get("timeline_unread"):
        out.print("[yellow]Event files of the timeline could not be read[/yellow] (skipped, the other events were "
                  f"compared; file, line and reason in {(settings.paths.extracted / FAILURES_NAME).resolve()}).")
    if failed or notices:
        out.print(f"Failures, notices and their reasons: {(settings.paths.extracted / FAILURES_NAME).resolve()}")
    drafted = sum(counts.get(k, 0) for k in ("created", "updated", "unchanged", "revision"))
    return 1 if failed and not drafted else 0


@app.command()
def run(sources: SourcesArgument, config: ConfigOption = None, local: LocalOption = False, flows: FlowsOption = False,
        timeline: TimelineOption = None, dask: DaskOption = None, processes: ProcessesOption = None) -> None:
    """Collect SOURCES into raw/ and process them into drafts in extracted/ (one per event)."""
    settings = _with_dask(_with_timeline(_with_processes(settings_or_exit(config), processes), timeline), dask, local)
    _check_inputs(settings)
    if not _through_flows(settings, local=local, flows=flows):
        from ..workers import worker_pool

        with worker_pool(settings) as pool:  # with -j, the workers load the model while this collects
            collected = _collect_local(settings, sources)
            counts = _process_local(settings, pool)
        raise typer.Exit(_summary(settings, counts, collect_failed=len(collected.failures),
                                  collect_notices=len(collected.failed) - len(collected.failures)))
    from flows.batch import batch

    result = _with_progress(batch, settings, list(sources))
    raise typer.Exit(_summary(settings, result["process"], collect_failed=result["collect"]["failed"],
                              collect_notices=result["collect"].get("notices", 0)))


@app.command()
def collect(sources: SourcesArgument, config: ConfigOption = None, local: LocalOption = False,
            flows: FlowsOption = False) -> None:
    """Collect SOURCES into raw/ (content-addressed; the same bytes are stored once)."""
    settings = settings_or_exit(config)
    if _through_flows(settings, local=local, flows=flows):
        from flows.collect import collect as collect_flow

        result = _with_progress(collect_flow, settings, list(sources))
    else:
        collected = _collect_local(settings, sources)
        result = {"collected": len({raw.sha256 for raw in collected.ok}), "failed": len(collected.failures)}
    out.print(f"Stored {result['collected']} documents in {settings.paths.raw.resolve()}/; {result['failed']} failed.")
    if result["failed"]:
        out.print(f"Failures and their reasons: {(settings.paths.extracted / FAILURES_NAME).resolve()}")
    raise typer.Exit(1 if result["failed"] and not result["collected"] else 0)


@app.command()
def process(config: ConfigOption = None, local: LocalOption = False, flows: FlowsOption = False,
            timeline: TimelineOption = None, dask: DaskOption = None, processes: ProcessesOption = None) -> None:
    """Process every stored document not yet processed by this version into drafts."""
    settings = _with_dask(_with_timeline(_with_processes(settings_or_exit(config), processes), timeline), dask, local)
    _check_inputs(settings)
    if not _through_flows(settings, local=local, flows=flows):
        from ..workers import worker_pool

        with worker_pool(settings) as pool:
            raise typer.Exit(_summary(settings, _process_local(settings, pool)))
    from flows.dask import on_dask
    from flows.process import process as process_flow

    counts = _with_progress(on_dask(process_flow, settings), settings, None, bool(settings.flows.dask))
    raise typer.Exit(_summary(settings, counts))


@app.command()
def reprocess(
    dump: Annotated[Path, typer.Argument(help="A WARC/WARC.gz file, a JSONL(.gz) dump or a folder of them.",
                                         show_default=False)],
    config: ConfigOption = None, local: LocalOption = False, flows: FlowsOption = False,
    timeline: TimelineOption = None, processes: ProcessesOption = None,
) -> None:
    """Re-run an archived dump through the pipeline: streamed in constant memory, resumable after a
    kill; work this pipeline version already did is skipped, analyst-edited drafts get revisions."""
    settings = _with_timeline(_with_processes(settings_or_exit(config), processes), timeline)
    if not dump.exists():
        console.print(f"[red]no such file or folder:[/red] {dump}")
        raise typer.Exit(2)
    _check_inputs(settings)
    if not _through_flows(settings, local=local, flows=flows):
        from ..reprocess import Progress as DumpProgress
        from ..reprocess import reprocess_dump
        from ..workers import worker_pool

        nlp, index = _load_models(settings)
        with worker_pool(settings) as pool, _progress() as report:  # with -j, loading while the dump is counted
            shown = 0

            def advance(state: DumpProgress) -> None:
                nonlocal shown
                if not shown:
                    report("process-total", state.total)
                report("process", state.read - shown)
                shown = state.read

            result, state = reprocess_dump(dump, settings=settings, nlp=nlp, index=index, pool=pool,
                                           on_progress=advance)
        counts = result.counts() | {"skipped": state.skipped}
    else:
        from flows.reprocess import reprocess as reprocess_flow

        counts = _with_progress(reprocess_flow, settings, str(dump))
    if counts.get("skipped"):
        out.print(f"{counts['skipped']} records were already processed by this version and were skipped.")
    raise typer.Exit(_summary(settings, counts))


@app.command()
def serve(config: ConfigOption = None) -> None:
    """Run the `batch` flow on the cron schedule from settings (flows.cron, flows.sources)."""
    settings = settings_or_exit(config)
    _check_inputs(settings)
    if not settings.flows.sources:
        console.print("[yellow]flows.sources is empty: the scheduled runs will only process what is in raw/.[/yellow]")
    _prepare_prefect(settings)
    _stop_on_signals()
    from flows.server import prefect_server

    with prefect_server(settings.paths.state, settings.flows.server_port) as url:
        from flows.batch import serve as serve_batch

        out.print(
            f"Serving deployment {settings.flows.deployment_name!r} on cron {settings.flows.cron!r} "
            f"(Prefect API {url}); Ctrl+C stops."
        )
        serve_batch(settings)


def _stop_on_signals() -> None:
    """Ctrl+C and SIGTERM both end `serve` through KeyboardInterrupt, so the local Prefect server
    it started is stopped too (a process started in the background may inherit SIGINT ignored)."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def _load_models(settings: Settings) -> tuple["Language | None", "ActorIndex | None"]:
    """The spaCy pipeline and the actor index, or exit 2 with the settings error. With several
    analysis processes the model is only checked here: each worker loads its own, and its index."""
    from ..extract import check_model, load_nlp
    from ..resolve import ActorIndex
    from ..store import load_registries

    try:
        if settings.extract.n_process > 1:
            check_model(settings.extract)
            return None, None
        index = ActorIndex.build(load_registries(settings.paths.registry_files()))
        return load_nlp(settings.extract), index
    except ConfigError as err:
        settings_error(err)


def _collect_local(settings: Settings, sources: list[str]) -> "StageResult[RawDocument]":
    """SOURCES into raw/ in this process, their failures recorded in extracted/failures.jsonl."""
    from ..collect import collect_sources
    from ..runner import record_collect_failures

    with _progress() as report:
        collected = collect_sources(sources, cfg=settings.collect, raw_dir=settings.paths.raw,
                                    on_item=lambda item: report("collect", 1))
    record_collect_failures(collected.failed, settings=settings)
    return collected


def _process_local(settings: Settings, pool: "ProcessPoolExecutor | None" = None) -> dict[str, int]:
    """Every pending document into drafts in this process (in `pool`'s workers with -j)."""
    from ..batches import pending_documents
    from ..runner import process_pending

    nlp, index = _load_models(settings)
    with _progress() as report:
        report("process-total", len(pending_documents(settings)))
        return process_pending(settings, nlp=nlp, index=index, pool=pool,
                               on_batch=lambda n: report("process", n)).counts()


class _Brief(logging.Filter):
    """Drops the traceback from Prefect's log record of a failed task or flow run when the error
    is one `main` says in a line (a full disk, a run already going); the record's line stays."""

    ERRORS = (RunInProgress, StorageError)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], self.ERRORS):
            record.exc_info, record.exc_text = None, None
        return True


def main() -> None:
    # By logger name: importing `flows` here would set Prefect's home before settings are read.
    for name in ("prefect.task_runs", "prefect.flow_runs"):
        logging.getLogger(name).addFilter(_Brief())
    try:
        app()
    except RunInProgress as err:  # raised inside a flow or the library, after settings were read
        console.print(f"[yellow]not started:[/yellow] {escape(str(err))}", soft_wrap=True)
        raise SystemExit(3) from None
    except StorageError as err:  # disk full, read-only: one line, not a traceback
        console.print(f"[red]storage error:[/red] {escape(str(err))}", soft_wrap=True)
        raise SystemExit(4) from None
    except ConfigError as err:  # a registry or setting a command read after it began (eval, say)
        console.print(f"[red]settings error:[/red] {escape(str(err))}", soft_wrap=True)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
