"""Prompt templates: YAML files with fixed style words and replaceable slots (the article's
"橙色标注地方为可替换关键词"). Adding a template means adding a file; no code changes.

Shipped templates live in prompts/templates/; shared user templates in `<data_dir>/templates/` (and
`HUABAO_PROMPTS_DIR/templates/` when set) and override shipped ones of the same name. On a server
with tokens only an admin writes the shared folder; anyone else's saved templates are their own,
in `<data_dir>/users/<identity>/templates/`, and override the shared ones for them alone.
Tuned versions sit beside their template as `NAME@N.yaml`; a template may pin one with `pin: N`.
"""
from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, ValidationInfo, field_validator, model_validator

from tools.config import Settings
from tools.errors import TemplateError

SHIPPED_DIR = Path(__file__).resolve().parents[1] / "prompts" / "templates"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


class Slot(BaseModel):
    default: str = ""
    description: str = ""


class CopyDefaults(BaseModel):
    title: str = ""
    subtitle: str = ""
    cta: str = ""
    body: str = ""


class Template(BaseModel):
    model_config = {"extra": "forbid"}

    name: str
    command: str = ""
    description: str
    description_zh: str = ""
    prompt: str = Field(description="Prompt with {slot} placeholders.")
    style_words: list[str] = Field(default_factory=list)
    modifiers: list[str] = Field(default_factory=list)
    details: list[str] = Field(default_factory=list)
    slots: dict[str, Slot] = Field(default_factory=dict)
    negative: list[str] = Field(default_factory=list)
    format: str = "popup"
    layout: str = Field("auto", description="auto, or a layout's name (prompts/layouts/*.yaml).")
    render: Literal["crisp", "stylize"] = Field(
        "crisp", description="crisp: recoloured reference; stylize: style transfer (风格化)."
    )
    style_image: str | None = Field(None, description="Built-in style name or a gallery id for 风格化.")
    reference_weight: float = Field(0.7, ge=0.0, le=1.0)
    decorations: list[str] = Field(default_factory=list, description="Keywords retrieved as decorations.")
    keywords: list[str] = Field(default_factory=list, description="Brief words or style keys that suggest this template.")
    pedestal: bool = False
    background: Literal["gradient", "solid", "image"] = "gradient"
    palette: list[str] = Field(default_factory=list, description="Default colours when the brief has none.")
    copy_defaults: CopyDefaults = Field(default_factory=CopyDefaults, alias="copy")
    version: int = 1
    pin: int | None = None
    scores: dict[str, float] | None = None
    parent: str | None = None

    # Where it was read from; not part of the file.
    source: Path | None = Field(None, exclude=True)

    @field_validator("name")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not NAME_PATTERN.match(value):
            raise ValueError("use lowercase letters, digits and '-', at most 40 characters")
        return value

    @field_validator("layout")
    @classmethod
    def _known_layout(cls, value: str, info: ValidationInfo) -> str:
        from tools.errors import SpecError
        from tools.layouts import check_layout_name

        try:
            return check_layout_name(value, (info.context or {}).get("prompts_dir"))
        except SpecError as err:
            raise ValueError(str(err)) from None

    @model_validator(mode="after")
    def _consistent(self) -> "Template":
        if not self.command:
            self.command = f"/{self.name}"
        if self.command != f"/{self.name}":
            raise ValueError(f"command must be /{self.name}")
        used = {field for _, field, _, _ in string.Formatter().parse(self.prompt) if field}
        missing = used - set(self.slots)
        if missing:
            raise ValueError(f"prompt uses {sorted(missing)} but slots does not define them")
        if "subject" not in self.slots:
            raise ValueError("every template needs a 'subject' slot")
        return self

    @property
    def copy(self) -> CopyDefaults:  # noqa: A003 - the domain word
        return self.copy_defaults

    @property
    def key(self) -> str:
        return self.name if self.version == 1 else f"{self.name}@{self.version}"

    def fill(self, values: dict[str, str] | None = None) -> str:
        """The prompt with slots filled; empty slots take their defaults."""
        values = {k: v for k, v in (values or {}).items() if v}
        filled = {name: values.get(name, slot.default) for name, slot in self.slots.items()}
        empty = [name for name, value in filled.items() if not value]
        if empty:
            raise TemplateError(f"template {self.name}: slot(s) {', '.join(empty)} need a value")
        text = self.prompt.format(**filled)
        return re.sub(r"\s*,\s*(,\s*)+", ", ", text).strip(" ,")

    def to_yaml(self) -> str:
        data = self.model_dump(by_alias=True, exclude_none=True, exclude={"source"})
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _describe_validation(path: Path, err: ValidationError) -> str:
    problems = []
    for item in err.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(file)"
        problems.append(f"{where}: {item['msg']}")
    return f"{path}: " + "; ".join(problems)


def load_template_file(path: Path, prompts_dir: Path | None = None) -> Template:
    """Read and validate one YAML file; errors name the file and the field. A layout it names must
    be shipped or in `prompts_dir`/layouts."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise TemplateError(f"{path}: not valid YAML ({err})") from err
    except OSError as err:
        raise TemplateError(f"{path}: cannot be read ({err.strerror})") from err
    if not isinstance(data, dict):
        raise TemplateError(f"{path}: expected a mapping of fields, got {type(data).__name__}")
    stem_name = path.stem.split("@", 1)[0]
    if data.get("name") not in (None, stem_name):
        raise TemplateError(f"{path}: name: '{data.get('name')}' must match the file name '{stem_name}'")
    data.setdefault("name", stem_name)
    try:
        template = Template.model_validate(data, context={"prompts_dir": prompts_dir})
    except ValidationError as err:
        raise TemplateError(_describe_validation(path, err)) from err
    template.source = path
    return template


def owner_templates_dir(settings: Settings, owner: str) -> Path:
    """Where one identity's own templates live."""
    return Path(settings.data_dir) / "users" / owner / "templates"


class TemplateLibrary:
    """All templates from the shipped and user folders, re-read on every `reload()`.

    `owner`: an identity's view: the shared templates plus its own, and saves go to its own
    folder (the shared ones stay as they are). Without it, saves go to the shared folder."""

    def __init__(self, settings: Settings, *, shipped_dir: Path = SHIPPED_DIR, owner: str | None = None):
        self.settings = settings
        self.owner = owner
        self.dirs = [shipped_dir]
        if settings.prompts_dir:
            self.dirs.append(Path(settings.prompts_dir) / "templates")
        self.shared_dir = settings.data_dir / "templates"
        self.user_dir = self.shared_dir if owner is None else owner_templates_dir(settings, owner)
        if owner is not None:
            self.dirs.append(self.shared_dir)
        self.dirs.append(self.user_dir)
        self.errors: list[str] = []
        self._templates: dict[str, dict[int, Template]] = {}
        self.reload()

    def reload(self) -> None:
        templates: dict[str, dict[int, Template]] = {}
        errors: list[str] = []
        for folder in self.dirs:
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.yaml")):
                try:
                    template = load_template_file(path, self.settings.prompts_dir)
                except TemplateError as err:
                    errors.append(str(err))
                    continue
                templates.setdefault(template.name, {})[template.version] = template
        self._templates, self.errors = templates, errors

    def names(self) -> list[str]:
        return sorted(self._templates)

    def versions(self, name: str) -> list[Template]:
        return [self._templates[name][v] for v in sorted(self._templates.get(name, {}))]

    def get(self, name: str) -> Template:
        """`name` or `name@N`; a bare name gives the pinned version, else version 1."""
        base, _, version_text = name.lstrip("/").partition("@")
        versions = self._templates.get(base)
        if not versions:
            known = ", ".join(self.names()) or "none"
            raise TemplateError(f"unknown template '{base}'; known templates: {known}")
        if version_text:
            if not version_text.isdigit() or int(version_text) not in versions:
                raise TemplateError(f"template {base} has no version {version_text}; "
                                    f"versions: {sorted(versions)}")
            return versions[int(version_text)]
        first = versions[min(versions)]
        if first.pin and first.pin in versions:
            return versions[first.pin]
        return first

    def all(self) -> list[Template]:
        return [self.get(name) for name in self.names()]

    def by_command(self, command: str) -> Template | None:
        name = command.lstrip("/")
        return self.get(name) if name.partition("@")[0] in self._templates else None

    def save(self, template: Template, *, overwrite: bool = False) -> Path:
        """Write a template into the user folder, validated first."""
        Template.model_validate(template.model_dump(by_alias=True, exclude={"source"}),
                                context={"prompts_dir": self.settings.prompts_dir})
        self.user_dir.mkdir(parents=True, exist_ok=True)
        filename = f"{template.name}.yaml" if template.version == 1 else f"{template.name}@{template.version}.yaml"
        path = self.user_dir / filename
        if path.exists() and not overwrite:
            raise TemplateError(f"{path} already exists")
        tmp = path.with_suffix(".yaml.tmp")
        tmp.write_text(template.to_yaml(), encoding="utf-8")
        tmp.replace(path)
        self.reload()
        return path

    def save_text(self, name: str, text: str) -> Path:
        """Validate YAML text (from the UI editor) as the file `<name>.yaml`; save it as the user's copy."""
        import tempfile

        with tempfile.TemporaryDirectory(prefix="huabao-template-") as folder:
            probe = Path(folder) / f"{name}.yaml"
            probe.write_text(text, encoding="utf-8")
            template = load_template_file(probe, self.settings.prompts_dir)
        return self.save(template, overwrite=True)

    def new(self, name: str, *, based_on: str = "3d-icon") -> Path:
        """A new user template, copied from an existing one, ready to edit."""
        if not NAME_PATTERN.match(name):
            raise TemplateError(f"'{name}' is not a template name: use lowercase letters, digits and '-'")
        if name in self._templates:
            raise TemplateError(f"template {name} already exists")
        source = self.get(based_on)
        template = source.model_copy(update={"name": name, "command": f"/{name}", "version": 1,
                                             "pin": None, "scores": None, "parent": source.key})
        return self.save(template)


class TemplateRow(BaseModel):
    """A template as every surface lists it (the chat's /templates, MCP, the CLI)."""

    name: str
    command: str
    version: int = 1
    description: str = ""
    description_zh: str = ""
    format: str = ""
    slots: dict[str, dict[str, str]] = Field(default_factory=dict)


def rows_of(library: TemplateLibrary) -> list[TemplateRow]:
    return [TemplateRow(name=t.name, command=t.command, version=t.version, description=t.description,
                        description_zh=t.description_zh, format=t.format,
                        slots={name: {"default": slot.default, "description": slot.description}
                               for name, slot in t.slots.items()})
            for t in library.all()]
