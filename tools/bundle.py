"""`huabao render --bundle OUT.zip`: one zip with a spec and every file it names, laid out so the
spec's relative sources resolve once it is unzipped anywhere (`huabao render` reads sources from
the spec's own folder)."""
from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from tools.errors import SpecError
from tools.spec import Layer, PosterSpec, relink_sources


def write_bundle(spec_path: Path, zip_path: Path) -> Path:
    """Zip `spec_path` with its layer sources under their relative names. A source outside the
    spec's folder (an old spec's absolute path) goes in under `<basename>_layers/` and the zipped
    spec names it there, so the bundle never depends on this machine's folders."""
    spec_path = Path(spec_path)
    base_dir = spec_path.resolve().parent
    spec = PosterSpec.load(spec_path)
    stem = spec_path.name.removesuffix(".json").removesuffix(".spec") or "poster"
    members: dict[str, Path] = {}

    def member(layer: Layer, source: Path) -> str:
        try:
            name = source.relative_to(base_dir).as_posix()
        except ValueError:
            name = f"{stem}_layers/{layer.id}{source.suffix.lower()}"
        if PurePosixPath(name).parts[0] == "..":  # never let an unzip write outside its folder
            name = f"{stem}_layers/{layer.id}{source.suffix.lower()}"
        members.setdefault(name, source)
        return name

    portable = relink_sources(spec, base_dir, member)
    zip_path = Path(zip_path)
    if zip_path.suffix.lower() != ".zip":
        raise SpecError(f"the bundle {zip_path.name} must be a .zip file")
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(spec_path.name, portable.to_json())
        for name, source in sorted(members.items()):
            bundle.write(source, name)
    return zip_path
