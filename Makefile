# Every target creates .venv and installs the project into it when needed, so a fresh
# clone needs nothing but python3 (>= 3.11) and make.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install compiled demo test soak lint bench eval clean

$(STAMP): pyproject.toml setup.py
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "installing the project into $(VENV) (log: $(VENV)/install.log)"
	@( $(PY) -m pip install --disable-pip-version-check --upgrade pip "setuptools>=77" && \
	   $(PY) -m pip install --disable-pip-version-check -e '.[dev]' ) > $(VENV)/install.log 2>&1 \
	   || (tail -n 40 $(VENV)/install.log >&2; echo "installation failed: see $(VENV)/install.log" >&2; exit 1)
	@touch $(STAMP)

# The pipeline's hot modules are compiled with mypyc at install (setup.py); after an edit of
# their sources this recompiles them (a no-op when nothing changed; see pipeline/compiled.py).
compiled: $(STAMP)
	@$(PY) -P pipeline/compiled.py  # -P: the folder of the script is not put on sys.path

install: compiled

demo: compiled
	$(PY) -m replica.demo

lint: $(STAMP)
	$(VENV)/bin/ruff check .

test: compiled
	$(VENV)/bin/ruff check .
	scripts/install-browser
	$(PY) -m pytest $(PYTEST_ARGS)

bench: compiled
	$(PY) bench/pipeline_speed.py
	$(PY) bench/crawl_speed.py
	$(PY) bench/nightly_crawl.py
	$(PY) bench/export_speed.py
	$(PY) bench/search_speed.py

# The long versions of the hostile-network tests: 5,000 examples per fuzz property
# (random, not the suite's fixed 200), 40 SIGKILLs of a 320-article crawl, the faulty crawl,
# 2,000 schemathesis cases per API operation and mode (random, not the suite's fixed 150).
soak: compiled
	BSMU_SOAK=1 $(PY) -m pytest -p no:cacheprovider -s tests/test_pipeline_fuzz.py \
	    tests/test_kill_soak.py tests/test_faults.py tests/test_web_fuzz.py $(PYTEST_ARGS)

eval: compiled
	$(PY) -m eval

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache *.so pipeline/*.so pipeline/compiled-sources.sha256
