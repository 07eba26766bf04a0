# Onset — the two commands a fresh Debian machine needs:
#   make demo   install what is missing, build (release), open the demo session
#   make test   install what is missing, build, run every test (unit and end-to-end; the central
#               store's on SQLite and again on a throwaway PostgreSQL cluster)
SWIFT ?= swift

.PHONY: setup build release demo-media demo test test-reference bench clean

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release --product onset

demo-media: setup
	@scripts/make-demo-conversation.sh

demo: release demo-media
	@scripts/demo.sh

# Test-time references only (never runtime dependencies): the agreement tests cross-check
# Krippendorff's alpha against the PyPI package, and the interchange tests have pympi-ling and
# praatio read Onset's ELAN and Praat files; without them those tests are skipped with a reason.
test-reference:
	@python3 -m pip install --quiet --disable-pip-version-check krippendorff==0.9.0 >/dev/null 2>&1 \
	  || echo "note: could not install the PyPI krippendorff package; the alpha cross-check will be skipped"
	@python3 -m pip install --quiet --disable-pip-version-check krippendorff-unitized-alpha==0.1.0 >/dev/null 2>&1 \
	  || echo "note: could not install krippendorff-unitized-alpha; the unitizing cross-check will be skipped"
	@python3 -m pip install --quiet --disable-pip-version-check pympi-ling==1.71 praatio==6.2.2 >/dev/null 2>&1 \
	  || echo "note: could not install pympi-ling and praatio; the ELAN/Praat cross-checks will be skipped"

# --build-tests builds the onset binary too; the end-to-end tests drive it (.build/debug/onset).
# Then the central store's tests run again on a throwaway PostgreSQL cluster.
test: setup demo-media test-reference
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	@SWIFT=$(SWIFT) scripts/test-postgres.sh

bench: setup
	$(SWIFT) build -c release --product onset-bench
	.build/release/onset-bench

clean:
	rm -rf .build
