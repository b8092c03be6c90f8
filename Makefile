# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test test-slow lint docs clean bench bench-distributed

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps 'scrapy-redis==0.9.1'  # pyproject.toml: extra distributed
	touch $@

demo: $(BIN)/.installed
	$(BIN)/archiver demo

lint: $(BIN)/.installed
	$(BIN)/ruff check archiver tests
	$(BIN)/ruff format --check archiver tests
	$(BIN)/mypy

# The quick tests; `make test-slow` runs the slow end-to-end ones (browser, several crawls), as CI does.
test: lint docs
	$(BIN)/python -m pytest -m "not slow"

# The docs site (docs/, mkdocs.yml) into build/site; --strict: a broken link or anchor fails.
docs: $(BIN)/.installed
	$(BIN)/mkdocs build --strict -d build/site

# pytest's exit 5 means no test was marked slow: not a failure.
test-slow: $(BIN)/.installed
	$(BIN)/python -m pytest -m slow || [ $$? -eq 5 ]

# The performance benchmark (docs/performance.md): about 15 minutes, not part of `make test`.
bench: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/archiver bench

# The shared crawl (docs/distributed.md, "Figures"): 1, 2, 4 --redis workers, Redis memory; about 2 minutes.
bench-distributed: $(BIN)/.installed
	$(BIN)/archiver bench --distributed

clean:
	rm -rf output/posts.jsonl output/warc output/indexes output/pages output/archive.wacz \
		output/crawl-report.json output/README.md output/posts.svg output/posts.png output/.archiver-demo
