# Onset — the two commands a fresh Debian machine needs:
#   make demo   install what is missing, build (release), open the demo session
#   make test   install what is missing, build, run every test (unit and end-to-end)
SWIFT ?= swift

.PHONY: setup build release demo-media demo test bench clean

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

# --build-tests builds the onset binary too; the end-to-end tests drive it (.build/debug/onset).
test: setup demo-media
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: setup
	$(SWIFT) build -c release --product onset-bench
	.build/release/onset-bench

clean:
	rm -rf .build
