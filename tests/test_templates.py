"""Prompt templates are data: validated YAML files; a file a user adds appears without code changes."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.templates import TemplateLibrary, load_template_file
from tools.config import Settings
from tools.errors import TemplateError
from ui.cli import app

SHIPPED = ["3d-icon", "tech-icon", "blessing-bag", "card-popup", "poster", "banner"]


def test_shipped_templates_all_load(settings: Settings) -> None:
    library = TemplateLibrary(settings)
    assert library.errors == []
    assert set(SHIPPED) <= set(library.names())


def test_the_articles_3d_icon_keywords_are_kept(settings: Settings) -> None:
    prompt = TemplateLibrary(settings).get("3d-icon").fill({"subject": "Gift box", "color": "Red and yellow"})
    for word in ("Gift box", "3D icon", "clay", "Nintendo", "Lovely", "smooth", "Red and yellow", "Isometric view"):
        assert word in prompt


def test_swapping_the_subject_changes_only_the_subject(settings: Settings) -> None:
    template = TemplateLibrary(settings).get("tech-icon")
    shield, camera = template.fill({"subject": "shield"}), template.fill({"subject": "camera"})
    assert shield.replace("shield", "camera") == camera


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


VALID = """name: mooncake
description: Mid-autumn mooncake popup
prompt: "{subject}, 3D icon, clay, {color}"
slots:
  subject: {default: 月饼}
  color: {default: gold}
"""


def test_a_user_file_appears_without_code_changes(settings: Settings) -> None:
    _write(settings.data_dir / "templates", "mooncake", VALID)
    library = TemplateLibrary(settings)
    assert library.get("mooncake").command == "/mooncake"
    assert library.by_command("/mooncake") is not None


@pytest.mark.parametrize("text,field", [
    (VALID.replace("name: mooncake", "name: Moon Cake"), "name"),
    (VALID.replace('prompt: "{subject}, 3D icon, clay, {color}"', 'prompt: "{subject}, {mood}"'), "slots"),
    (VALID + "reference_weight: 3\n", "reference_weight"),
    (VALID + "layout: diagonal\n", "layout"),
    (VALID + "colour_scheme: red\n", "colour_scheme"),
])
def test_invalid_templates_name_the_file_and_field(tmp_path: Path, text: str, field: str) -> None:
    path = _write(tmp_path, "mooncake", text.replace("name: Moon Cake", "name: mooncake") if field != "name" else text)
    with pytest.raises(TemplateError) as err:
        load_template_file(path)
    assert str(path) in str(err.value)
    assert field in str(err.value)


def test_broken_yaml_is_reported_not_fatal(settings: Settings) -> None:
    _write(settings.data_dir / "templates", "broken", "name: broken\nprompt: [unclosed\n")
    library = TemplateLibrary(settings)
    assert any("broken.yaml" in e for e in library.errors)
    assert "3d-icon" in library.names()


def test_unknown_template_lists_the_known_ones(settings: Settings) -> None:
    with pytest.raises(TemplateError, match="3d-icon"):
        TemplateLibrary(settings).get("nope")


def test_versions_and_pin(settings: Settings) -> None:
    folder = settings.data_dir / "templates"
    _write(folder, "mooncake", VALID)
    _write(folder, "mooncake@2", VALID.replace("clay", "glass") + "version: 2\nscores: {total: 0.8}\n")
    library = TemplateLibrary(settings)
    assert [t.version for t in library.versions("mooncake")] == [1, 2]
    assert "clay" in library.get("mooncake").prompt
    assert "glass" in library.get("mooncake@2").prompt
    _write(folder, "mooncake", VALID + "pin: 2\n")
    library.reload()
    assert "glass" in library.get("mooncake").prompt


def test_templates_new_copies_a_template_for_editing(settings: Settings) -> None:
    library = TemplateLibrary(settings)
    path = library.new("my-icon", based_on="tech-icon")
    assert path.parent == settings.data_dir / "templates"
    copied = library.get("my-icon")
    assert copied.prompt == library.get("tech-icon").prompt and copied.parent == "tech-icon"
    with pytest.raises(TemplateError, match="already exists"):
        library.new("my-icon")


def test_cli_templates_list_and_show(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HUABAO_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    listed = runner.invoke(app, ["templates", "list"])
    assert listed.exit_code == 0 and "/blessing-bag" in listed.stdout
    shown = runner.invoke(app, ["templates", "show", "blessing-bag"])
    assert shown.exit_code == 0 and "Chinese style" in shown.stdout
    created = runner.invoke(app, ["templates", "new", "autumn"])
    assert created.exit_code == 0 and (tmp_path / "data" / "templates" / "autumn.yaml").is_file()


def test_save_text_validates_and_saves_the_users_copy(settings: Settings) -> None:
    library = TemplateLibrary(settings)
    path = library.save_text("mooncake", VALID)
    assert path == settings.data_dir / "templates" / "mooncake.yaml"
    assert library.get("mooncake").slots["subject"].default == "月饼"
    with pytest.raises(TemplateError, match="reference_weight"):
        library.save_text("mooncake", VALID + "reference_weight: 3\n")


def test_a_template_may_name_any_layout_file_even_one_the_user_added(tmp_path: Path) -> None:
    assert load_template_file(_write(tmp_path, "mooncake", VALID + "layout: popup-envelope\n")).layout == "popup-envelope"
    mine = tmp_path / "prompts"
    (mine / "layouts").mkdir(parents=True)
    shipped = Path(__file__).resolve().parents[1] / "prompts" / "layouts" / "popup-ticket.yaml"
    (mine / "layouts" / "my-coupon.yaml").write_text(
        shipped.read_text(encoding="utf-8").replace("name: popup-ticket", "name: my-coupon"), encoding="utf-8")
    path = _write(tmp_path, "mooncake", VALID + "layout: my-coupon\n")
    with pytest.raises(TemplateError, match="unknown layout “my-coupon”"):
        load_template_file(path)
    assert load_template_file(path, mine).layout == "my-coupon"
