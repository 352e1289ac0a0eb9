# Two commands from a fresh clone: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
AQYL := $(VENV)/bin/aqyl
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test install install-dev system-test-packages lint typecheck pytest docs lock clean

run: install
	$(AQYL) init
	$(AQYL) demo
	$(AQYL) serve

test: install-dev system-test-packages lint typecheck pytest

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --frozen --no-dev
	$(AQYL) i18n compile

install-dev: $(UV)
	$(UV) sync --frozen --group dev
	$(AQYL) i18n compile

# Browser tests drive Debian's Chromium; gettext checks that translations cover every string.
system-test-packages:
	@command -v chromium >/dev/null && command -v xgettext >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver gettext >/dev/null; }

lint:
	$(VENV)/bin/ruff check src tests $(wildcard bench)
	$(VENV)/bin/lint-imports

typecheck:
	$(VENV)/bin/mypy src

pytest:
	$(VENV)/bin/python -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)
	@if [ -n "$$AQYL_TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL ($$AQYL_TEST_DATABASE_URL)"; \
	  AQYL_DATABASE_URL="$$AQYL_TEST_DATABASE_URL" $(VENV)/bin/python -m pytest -n 2 --dist loadgroup -m "not browser" $(PYTEST_ARGS); \
	fi

docs: install-dev
	$(AQYL) docs settings > docs/settings.md
	$(AQYL) docs cli > docs/cli.md

lock: $(UV)
	$(UV) lock

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
