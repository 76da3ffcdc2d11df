# Two commands for a fresh machine (Python 3.11 + pip): `make demo` and `make test`.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
# Install compiled bytecode: otherwise every `imon` call compiles its imports again wherever .pyc files cannot
# be written (read-only installation, PYTHONDONTWRITEBYTECODE), about 0,6 s of CPU each time (README, Messwerte).
export UV_COMPILE_BYTECODE := 1
UV := $(or $(shell command -v uv 2>/dev/null),.tools/bin/uv)

.PHONY: demo test lint sync serve bench

.tools/bin/uv:
	python3 -m venv .tools && .tools/bin/pip install -q 'uv>=0.13,<0.14'

sync: $(UV)
	$(UV) sync --locked --quiet
	.venv/bin/python -m compileall -q src

demo: sync
	.venv/bin/imon demo

test: sync
	.venv/bin/python -m pytest $(PYTEST_ARGS)

lint: sync
	.venv/bin/ruff check src tests bench scripts
	.venv/bin/ruff format --check src tests bench scripts
	.venv/bin/mypy

bench: $(UV)
	$(UV) sync --locked --quiet --group bench
	.venv/bin/python bench/ingest.py
	.venv/bin/python bench/collect.py
	.venv/bin/python bench/publish.py
	.venv/bin/python bench/protect.py
	.venv/bin/python bench/crowd.py
