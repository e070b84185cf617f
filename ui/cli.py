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
    image: Annotated[Optional[list[Path]], typer.Option("--image", help="Reference image(s).")] = None,
    n: Annotated[int, typer.Option("-n", help="Number of posters.")] = 1,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output folder.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Turn one brief into finished posters."""
    _not_ready("make", "issue 6 (the agent)")


@templates_app.command("list")
def templates_list() -> None:
    """List prompt templates."""
    _not_ready("templates list", "issue 6 (the agent)")


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
