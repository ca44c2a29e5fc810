# The two commands of the README: `make site` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SNAPSHOTS ?= examples/snapshots
CONTENT := content
export NO_MKDOCS_2_WARNING := 1

.PHONY: site site-offline content test quality fuzz evaluate serve clean bench screenshots

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,engines]"
	touch $@

## content: regenerate the committed Markdown in content/ from the example snapshots
content: $(BIN)/.installed
	$(BIN)/python -m generator build --snapshots $(SNAPSHOTS) --out $(CONTENT)

## site: regenerate content/ and build the static site into site/ (strict: any warning fails)
site: content
	$(BIN)/mkdocs build --strict

## site-offline: regenerate content/ and build a site that works from file:// into site-offline/
site-offline: content
	OFFLINE=true OFFLINE_INSTANT=navigation.footer $(BIN)/mkdocs build --strict --site-dir site-offline

## test: run the test suite
test: $(BIN)/.installed
	$(BIN)/python -m pytest

## fuzz: the property-based tests with 10,000 generated snapshots each (crashes are reported, with the input)
fuzz: $(BIN)/.installed
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_properties.py --hypothesis-show-statistics -p no:randomly

## quality: theme accuracy on the labelled example blogs
quality: $(BIN)/.installed
	$(BIN)/python bench/quality.py

## bench: the "year of snapshots" benchmark on a synthetic blog (make bench BENCH_SIZE=week|quarter|year|heavy|all);
## the corpus is cached in bench-cache/, the results go to bench-results/results.md
BENCH_SIZE ?= all
bench: $(BIN)/.installed
	$(BIN)/python bench/bench.py --size $(BENCH_SIZE)

## evaluate: score the build on the real snapshots beside the project
evaluate: $(BIN)/.installed
	../shared/tools/evaluate

## screenshots: the README's screenshots of a day page (desktop and phone), with headless Chromium
screenshots: content
	$(BIN)/python .github/readme/screenshots.py

serve: content
	$(BIN)/mkdocs serve

clean:
	rm -rf site site-offline .pytest_cache
