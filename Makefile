# Two commands for a new user: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PORT ?= 5000
USWDS := static/vendor/uswds

.PHONY: run test install assets catalogs migrate lint translations

# The mail worker runs beside the web server and stops with it.
run: install migrate
	$(FLASK) seed
	$(FLASK) search rebuild --if-empty
	export FLASK_PUBLIC_URL=http://127.0.0.1:$(PORT); \
	$(FLASK) mail send-queued --loop & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	FLASK_SESSION_COOKIE_SECURE=false FLASK_REMEMBER_COOKIE_SECURE=false \
		$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(VENV)/.installed assets catalogs

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# USWDS's built CSS, JS, fonts and images, copied from npm (never committed).
assets: $(USWDS)/.copied

$(USWDS)/.copied: node_modules/.package-lock.json
	rm -rf $(USWDS)
	mkdir -p $(USWDS)
	cp -R node_modules/@uswds/uswds/dist/css node_modules/@uswds/uswds/dist/js \
		node_modules/@uswds/uswds/dist/fonts node_modules/@uswds/uswds/dist/img $(USWDS)/
	touch $@

# Babel catalogs: the .po files are kept in git, the .mo files built from them.
CATALOGS := $(wildcard translations/*/LC_MESSAGES/messages.po)
catalogs: $(CATALOGS:.po=.mo)

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

# After marking new strings: extract them, and add them to every catalog for translators.
# Every package of the app (not the tests or benchmarks) and the templates: a new package is
# extracted without anyone remembering to list it.
SOURCES := app.py config.py $(filter-out bench/ tests/,$(dir $(wildcard */__init__.py))) templates
translations: $(VENV)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 --no-wrap \
		--add-comments=Translators: --project="WA anti-trafficking committees" \
		-o translations/messages.pot $(SOURCES)
	$(BIN)/pybabel -q update --no-wrap --no-fuzzy-matching --ignore-obsolete \
		-i translations/messages.pot -d translations

migrate: $(VENV)/.installed
	$(FLASK) db upgrade

lint: install
	$(BIN)/ruff check .
