"""A batch worker stays lean: EfficientNet-lite0 runs on onnxruntime with the same numbers as
torch, no torch is imported on the poster path, and one jieba dictionary serves the brief parser
and line breaking (issue 18 item 6)."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from support.retrieval_fixtures import (  # first: tools.retrieval sets OMP_WAIT_POLICY before torch loads
    SHAPES,
    draw_shape,
)

from tools.config import Settings
from tools.retrieval import Retriever
from tools.retrieval.embedders.efficientnet import EfficientNetLite0, onnx_file
from tools.retrieval.embedders.offline import OfflineEmbedder

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
IMAGES = [draw_shape(name) for name in SHAPES]


@pytest.fixture(scope="module")
def torch_model() -> EfficientNetLite0:
    return EfficientNetLite0("cpu")


@pytest.fixture(scope="module")
def onnx_model(tmp_path_factory: pytest.TempPathFactory) -> EfficientNetLite0:
    return EfficientNetLite0("cpu", onnx_dir=tmp_path_factory.mktemp("onnx"))


def test_the_onnx_file_is_exported_once_and_then_used(onnx_model: EfficientNetLite0, tmp_path: Path) -> None:
    assert onnx_model.runtime == "onnxruntime"
    exported = onnx_file(tmp_path)
    assert not exported.exists()
    first = EfficientNetLite0("cpu", onnx_dir=tmp_path)
    assert first.runtime == "onnxruntime" and exported.is_file() and first.model is None
    stamp = exported.stat().st_mtime_ns
    assert EfficientNetLite0("cpu", onnx_dir=tmp_path).runtime == "onnxruntime"
    assert exported.stat().st_mtime_ns == stamp  # found, not exported again
    assert [p.name for p in tmp_path.iterdir()] == [exported.name]  # no half-written file left


def test_onnx_features_and_labels_match_torch(torch_model: EfficientNetLite0, onnx_model: EfficientNetLite0) -> None:
    by_torch, by_onnx = torch_model.features(IMAGES), onnx_model.features(IMAGES)
    assert by_onnx.shape == (len(IMAGES), 1280) and by_onnx.dtype == np.float32
    cosines = (by_torch * by_onnx).sum(axis=1)
    assert cosines.min() >= 0.999, cosines
    torch_labels, onnx_labels = torch_model.classify(IMAGES, top=3), onnx_model.classify(IMAGES, top=3)
    assert [[name for name, _ in row] for row in torch_labels] == [[name for name, _ in row] for row in onnx_labels]
    # a batch and one image at a time agree on onnxruntime too
    np.testing.assert_allclose(onnx_model.features(IMAGES[3])[0], by_onnx[3], atol=1e-5)


def test_a_folder_that_cannot_hold_the_file_keeps_torch(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    model = EfficientNetLite0("cpu", onnx_dir=blocked)
    assert model.runtime == "torch" and model.features(IMAGES[0]).shape == (1, 1280)


def test_a_damaged_onnx_file_falls_back_to_torch(tmp_path: Path) -> None:
    onnx_file(tmp_path).write_bytes(b"not an onnx model")
    model = EfficientNetLite0("cpu", onnx_dir=tmp_path)
    assert model.runtime == "torch" and model.features(IMAGES[0]).shape == (1, 1280)


def test_the_offline_embedder_runs_images_on_onnx_only_off_cuda(tmp_path: Path) -> None:
    cpu = OfflineEmbedder(Settings(_env_file=None, data_dir=tmp_path / "data", device="cpu"))
    assert cpu.image_model.runtime == "onnxruntime"
    assert onnx_file(tmp_path / "data" / "models" / "onnx").is_file()
    # `auto` finds the exported file and never asks torch about CUDA
    auto = OfflineEmbedder(Settings(_env_file=None, data_dir=tmp_path / "data", device="auto"))
    assert auto.image_model.runtime == "onnxruntime" and auto._device is None


@pytest.fixture(scope="module")
def sample_index() -> Settings:
    if not (DATA / "index" / "manifest.json").is_file() or not (DATA / "gallery" / "metadata.jsonl").is_file():
        pytest.skip("sample gallery index not built (run `make index`)")
    manifest = json.loads((DATA / "index" / "manifest.json").read_text())
    if manifest.get("backend") != "offline":
        pytest.skip("the sample index was not built with the offline backend")
    return Settings(_env_file=None, data_dir=DATA, device="cpu")


def _retriever(settings: Settings, model: EfficientNetLite0) -> Retriever:
    embedder = OfflineEmbedder(settings, image_model=model)  # the runtime under test, not the settings' pick
    return Retriever(settings, embedder=embedder)


def test_a_gallery_picture_still_finds_itself_first(sample_index: Settings, onnx_model: EfficientNetLite0) -> None:
    """The index holds torch's vectors; onnxruntime's query vector of the same picture meets them."""
    retriever = _retriever(sample_index, onnx_model)
    lines = (DATA / "gallery" / "metadata.jsonl").read_text(encoding="utf-8").splitlines()[:60:6]
    paths = [json.loads(line)["path"] for line in lines]
    hits = [retriever.search_image(DATA / "gallery" / path, k=1)[0] for path in paths]
    assert [hit.id for hit in hits] == paths
    assert min(hit.score for hit in hits) > 0.99, [hit.score for hit in hits]


@pytest.mark.parametrize("name", ["1f381", "1fa99", "2728", "1f680", "2615"])
def test_image_search_results_are_unchanged_on_onnx(sample_index: Settings, torch_model: EfficientNetLite0,
                                                   onnx_model: EfficientNetLite0, name: str) -> None:
    query = Image.open(DATA / "gallery" / "images" / f"{name}.webp").convert("RGBA")
    query = query.resize((query.width * 3 // 4, query.height * 3 // 4)).rotate(8)  # not the indexed picture itself
    by_torch = _retriever(sample_index, torch_model).search_image(query, k=8)
    by_onnx = _retriever(sample_index, onnx_model).search_image(query, k=8)
    assert [hit.id for hit in by_onnx] == [hit.id for hit in by_torch]
    np.testing.assert_allclose([h.score for h in by_onnx], [h.score for h in by_torch], atol=1e-3)


# ---------------------------------------------------------------- a worker's process
WORKER = textwrap.dedent("""
    import gc, json, sys
    from pathlib import Path
    from agent.batch.runner import agent_runner
    from agent.batch.models import BriefJob
    from tools.config import Settings

    settings = Settings(_env_file=None, data_dir=Path(sys.argv[1]), output_dir=Path(sys.argv[2]), device="auto")
    run = agent_runner(settings)
    result = run(BriefJob(batch_id="b", index=0, attempt=1, folder=sys.argv[2],
                          request={"brief": "礼物弹窗，红黄配色，标题：惊喜好礼，副标题：第1期，按钮：打开看看"}))
    import jieba
    full = [o for o in gc.get_objects() if isinstance(o, jieba.Tokenizer) and dict.__len__(o.FREQ) > 100000]
    print(json.dumps({"outputs": len(result["outputs"]), "torch": sorted(m for m in sys.modules if m.split(".")[0] in
                      ("torch", "torchvision", "transformers", "cn_clip")), "jieba_dictionaries": len(full)}))
""")


def test_a_worker_makes_a_poster_without_torch_and_with_one_jieba_dictionary(mini_gallery: Settings,
                                                                               tmp_path: Path) -> None:
    # the ONNX file exists, as after `huabao index`
    assert OfflineEmbedder(mini_gallery).image_model.runtime == "onnxruntime"
    run = subprocess.run([sys.executable, "-c", WORKER, str(mini_gallery.data_dir), str(tmp_path / "out")],
                         cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report == {"outputs": 1, "torch": [], "jieba_dictionaries": 1}, report
