# Two commands on a fresh machine: `make run` and `make test` (see README.md).
VENV   := .venv
PYTHON := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app wsgi
PORT   ?= 5000

.PHONY: run test lint setup db clean bench bench-tools vendor-js messages

# The virtual environment, rebuilt whenever the pinned requirements change.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements-dev.txt
	touch $@

# A random SECRET_KEY for this checkout, made once and never committed: readable by this user
# only (with the key, anyone could sign themselves in as a manager).
instance/config.py:
	mkdir -p instance && chmod 700 instance
	umask 077 && $(PYTHON) -c "import secrets; print(f'SECRET_KEY = \"{secrets.token_hex(32)}\"')" > $@

# The French catalogue, compiled from the committed .po file (the .mo is not committed).
CATALOGUES := lending/translations
FRENCH     := $(CATALOGUES)/fr/LC_MESSAGES/messages
$(FRENCH).mo: $(FRENCH).po $(VENV)/.installed
	$(VENV)/bin/pybabel compile --statistics -d $(CATALOGUES) -l fr

# Strings marked for translation in the code and templates, into the French catalogue (new
# ones empty, to be translated; tests/test_translations.py fails until they are).
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -k NC_:1c,2 --sort-by-file \
	  --no-wrap --project "Lending Bridge" -o $(CATALOGUES)/messages.pot .
	$(VENV)/bin/pybabel update --no-wrap --no-fuzzy-matching --ignore-obsolete -i $(CATALOGUES)/messages.pot \
	  -d $(CATALOGUES) -l fr
	rm $(CATALOGUES)/messages.pot

# The checkout's data folders, private whatever the umask at clone time (the app warns if not).
setup: $(VENV)/.installed instance/config.py $(FRENCH).mo
	chmod 700 instance reports

db: setup
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty

# The web server and one worker (reports, long downloads, label sheets, the daily run), as
# the Procfile says; Ctrl-C stops both.
run: db
	@echo "Serving on http://127.0.0.1:$(PORT)/ with a worker"
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho start --port $(PORT)

# Programs the tests and benchmarks run, installed through apt when missing: Debian's Chromium
# for the browser tests (never a browser that Playwright downloads), redis-server for the tests
# of workers sharing Redis, wrk for benchmarks/pages.py.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
/usr/bin/chromium /usr/bin/redis-server /usr/bin/wrk:
	@command -v apt-get >/dev/null || { echo "Install $(notdir $@) (a Debian package)."; exit 1; }
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(notdir $@)

test: $(VENV)/.installed $(FRENCH).mo /usr/bin/chromium /usr/bin/redis-server
	$(VENV)/bin/pytest

# Benchmarks write docs/benchmarks.md; they take a while (see README.md).
$(VENV)/.bench-installed: requirements-bench.txt $(VENV)/.installed
	$(PYTHON) -m pip install --quiet -r requirements-bench.txt
	touch $@

bench-tools: $(VENV)/.bench-installed /usr/bin/wrk

bench: bench-tools
	$(PYTHON) benchmarks/reports.py
	$(PYTHON) benchmarks/imports.py
	$(PYTHON) benchmarks/load.py
	$(PYTHON) benchmarks/pages.py
	$(PYTHON) benchmarks/counter.py
	$(PYTHON) benchmarks/jobs.py

# Front-end code from the npm registry is committed under lending/static/vendor (the app runs
# with no internet); this fetches it again, at the pinned version, with its licence.
ZXING_WASM := 3.1.8
SWAGGER_UI := 5.35.0
vendor-js:
	rm -rf /tmp/lb-vendor && mkdir -p /tmp/lb-vendor
	cd /tmp/lb-vendor && npm pack --silent zxing-wasm@$(ZXING_WASM) && tar xzf zxing-wasm-$(ZXING_WASM).tgz
	cp /tmp/lb-vendor/package/dist/iife/reader/index.js lending/static/vendor/zxing-wasm/zxing-reader.js
	cp /tmp/lb-vendor/package/dist/reader/zxing_reader.wasm /tmp/lb-vendor/package/LICENSE lending/static/vendor/zxing-wasm/
	rm -rf /tmp/lb-vendor/package
	cd /tmp/lb-vendor && npm pack --silent swagger-ui-dist@$(SWAGGER_UI) && tar xzf swagger-ui-dist-$(SWAGGER_UI).tgz
	cd /tmp/lb-vendor/package && cp swagger-ui-bundle.js swagger-ui.css LICENSE NOTICE swagger-ui-bundle.js.LICENSE.txt $(CURDIR)/lending/static/vendor/swagger-ui/
	sed -i 's|//# sourceMappingURL=.*||; s|/\*# sourceMappingURL=.*\*/||' lending/static/vendor/swagger-ui/swagger-ui-bundle.js lending/static/vendor/swagger-ui/swagger-ui.css

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
