"""`huabao` command line: a thin router over agent/ and tools/.

Each command parses its flags, calls one core function, and prints the result. Heavy modules
are imported inside the command so `huabao --help` and `huabao doctor` start fast.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

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

console = Console(stderr=True)


def _settings() -> Settings:
    return Settings()


def _fail(message: str, code: int = 1) -> None:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


def _not_ready(command: str, issue: str) -> None:
    console.print(f"[yellow]{command}[/yellow] is not available yet: it lands with {issue}.")
    raise typer.Exit(2)


def _print_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


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
@app.command()
def index(
    folder: Annotated[Path, typer.Argument(help="Folder of images, walked recursively.")],
    metadata: Annotated[Optional[Path], typer.Option(help="Captions/tags as .jsonl or .csv.")] = None,
    backend: Annotated[Optional[str], typer.Option(help="Embedder: offline, cnclip, dinov2.")] = None,
) -> None:
    """Index a folder of images for text and image search."""
    _not_ready("index", "issue 3 (gallery retrieval)")


@app.command()
def search(
    query: Annotated[Optional[str], typer.Argument(help="Text query, zh or en.")] = None,
    image: Annotated[Optional[Path], typer.Option("--image", help="Search by an image instead.")] = None,
    k: Annotated[int, typer.Option("-k", help="Number of results.")] = 5,
    tag: Annotated[Optional[list[str]], typer.Option("--tag", help="Only results with this tag.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Search the gallery by text or by image."""
    _not_ready("search", "issue 3 (gallery retrieval)")


# ---------------------------------------------------------------- image tools (issue 4)
@app.command()
def cutout(
    image: Annotated[Path, typer.Argument(help="Input image.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output RGBA PNG.")],
    mask: Annotated[Optional[Path], typer.Option("--mask", help="Also write the mask here.")] = None,
) -> None:
    """Cut the subject out of an image."""
    _not_ready("cutout", "issue 4 (image tools)")


@app.command()
def describe(
    image: Annotated[Path, typer.Argument(help="Image to describe.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Image → keywords (subject, colours, style)."""
    _not_ready("describe", "issue 4 (image tools)")


# ---------------------------------------------------------------- composition (issue 5)
@app.command()
def render(
    spec: Annotated[Path, typer.Argument(help="A spec.json written by huabao.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output folder.")] = Path("out/render"),
) -> None:
    """Re-render a poster from an (edited) spec.json."""
    _not_ready("render", "issue 5 (poster composition)")


# ---------------------------------------------------------------- agent (issue 6)
@app.command()
def make(
    brief: Annotated[str, typer.Argument(help="The copywriting brief, zh or en, or a /command.")],
    image: Annotated[Optional[list[Path]], typer.Option("--image", help="Reference/subject image(s).")] = None,
    n: Annotated[Optional[int], typer.Option("-n", help="Number of posters.")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output folder.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Turn one brief into finished posters."""
    from agent.loop import Agent

    settings = _settings()
    agent = Agent(settings)
    progress = _step_printer(quiet=as_json)
    if brief.strip().startswith("/"):
        reply = agent.handle(brief, images=image, out_dir=output, on_step=progress)
        if reply.result is None:
            _print_json(reply.data) if as_json else typer.echo(reply.text)
            return
        result = reply.result
    else:
        result = agent.make(brief, images=image, count=n, out_dir=output, on_step=progress)
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
    from agent.templates import TemplateLibrary

    library = TemplateLibrary(_settings())
    rows = [{"name": t.name, "command": t.command, "version": t.version, "format": t.format,
             "description": t.description_zh or t.description} for t in library.all()]
    if as_json:
        _print_json(rows)
    else:
        for row in rows:
            typer.echo(f"{row['command']:16} v{row['version']}  {row['format']:7} {row['description']}")
    for error in library.errors:
        console.print(f"[red]invalid template:[/red] {error}")


@templates_app.command("show")
def templates_show(name: Annotated[str, typer.Argument(help="Template name, or NAME@VERSION.")]) -> None:
    """Show a template's YAML and its versions."""
    from agent.templates import TemplateLibrary

    library = TemplateLibrary(_settings())
    template = library.get(name)
    typer.echo(f"# {template.source}")
    typer.echo(template.to_yaml())
    versions = library.versions(template.name)
    if len(versions) > 1:
        typer.echo("# versions:")
        for version in versions:
            scores = ", ".join(f"{k}={v:.3f}" for k, v in (version.scores or {}).items())
            typer.echo(f"#   {version.key}  {scores}")


@templates_app.command("new")
def templates_new(
    name: Annotated[str, typer.Argument(help="New template name (lowercase, digits, '-').")],
    based_on: Annotated[str, typer.Option("--from", help="Template to copy.")] = "3d-icon",
) -> None:
    """Create a user template (copied from another) ready to edit."""
    from agent.templates import TemplateLibrary

    path = TemplateLibrary(_settings()).new(name, based_on=based_on)
    typer.echo(str(path))


# ---------------------------------------------------------------- batch + serve (issues 7, 8)
@app.command()
def batch(
    file: Annotated[Path, typer.Argument(help="Briefs as .jsonl or .csv.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output folder.")] = Path("out/batch"),
    workers: Annotated[Optional[int], typer.Option("--workers")] = None,
    resume: Annotated[bool, typer.Option("--resume")] = False,
) -> None:
    """Run a file of briefs."""
    _not_ready("batch", "issue 8 (batch API and CLI)")


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 7860,
) -> None:
    """Start the chat UI and REST API."""
    _not_ready("serve", "issue 7 (Gradio chat UI)")


def main() -> None:
    try:
        app()
    except HuabaoError as err:
        console.print(f"[red]error:[/red] {err}")
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
