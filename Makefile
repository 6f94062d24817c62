# The Makefile wraps meson: `make` builds, `make check` runs every test (also
# under ASan+UBSan), `make demo` reads the bundled example notices, `make bench`
# runs the benchmarks. Each installs the Debian packages it needs first.

BUILD ?= build
ASAN_BUILD ?= build-asan
MESON ?= meson

.PHONY: all deps check check-asan check-plain demo bench clean pot

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

deps:
	@./scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	$(MESON) setup $(BUILD) -Dwerror=true

$(ASAN_BUILD)/build.ninja: | deps
	$(MESON) setup $(ASAN_BUILD) -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

check-plain: all
	./tests/run-all $(BUILD)

check-asan: $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	POA_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		./tests/run-all $(ASAN_BUILD)

# Both builds, one summary line at the end.
check: deps
	@./tests/check-both $(BUILD) $(ASAN_BUILD)

# The whole flow on a bundled notice: read it, plan with the seller's answers,
# draft the letters into $(BUILD)/demo-letters, check them.
DEMO_NOTICE = examples/notices/trademark-removal.eml
DEMO_ANSWERS = examples/answers/trademark-removal.yaml
demo: all
	@echo "== poa read $(DEMO_NOTICE)"
	@./$(BUILD)/poa read $(DEMO_NOTICE)
	@echo "== poa plan --answers $(DEMO_ANSWERS) $(DEMO_NOTICE)"
	@./$(BUILD)/poa plan --answers $(DEMO_ANSWERS) $(DEMO_NOTICE)
	@echo "== poa draft --answers $(DEMO_ANSWERS) -o $(BUILD)/demo-letters $(DEMO_NOTICE)"
	@./$(BUILD)/poa draft --answers $(DEMO_ANSWERS) -o $(BUILD)/demo-letters $(DEMO_NOTICE)
	@for f in $(BUILD)/demo-letters/*.txt; do echo "---- $$f"; cat "$$f"; done
	@echo "== poa lint --notice $(DEMO_NOTICE) $(BUILD)/demo-letters/poa.txt"
	@./$(BUILD)/poa lint --notice $(DEMO_NOTICE) $(BUILD)/demo-letters/poa.txt
	@echo "== poa read --lang zh examples/notices/apex-invitation.txt"
	@./$(BUILD)/poa read --lang zh examples/notices/apex-invitation.txt

bench: all
	./bench/run $(BUILD)

# The template, then what po/zh_CN.po lacks. zh_CN.po is edited by hand, not
# msgmerge'd: some of its messages reach gettext through variables (step
# names, for one), which xgettext cannot see and msgmerge would retire.
pot:
	./scripts/xgettext.sh po/poa.pot
	msgcmp po/zh_CN.po po/poa.pot

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

# Fuzzing (issue 10, tests/fuzz/README.md): a clang build with libFuzzer,
# ASan and UBSan in $(FUZZ_BUILD); every regression and seed input is
# replayed, then each target fuzzes for FUZZ_SECONDS. A finding is left in
# $(FUZZ_BUILD)/fuzz-artifacts/NAME/: keep it in tests/fuzz/regressions/NAME/.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: fuzz

$(FUZZ_BUILD)/build.ninja: | deps
	CC=clang $(MESON) setup $(FUZZ_BUILD) -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false

fuzz: $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD)
	python3 tests/fuzz/make-seeds.py $(FUZZ_BUILD) >/dev/null
	FUZZ_SECONDS=$(FUZZ_SECONDS) ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		python3 tests/run.py $(FUZZ_BUILD) --only fuzz/
