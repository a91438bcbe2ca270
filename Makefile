# tcpchat: one non-recursive Makefile for every program, test and page.
#
#   make                build everything into bin/
#   make check          build, then run every test (unit, integration, tui,
#                       man page lint); TESTS=glob runs only matching ones
#   make SANITIZE=1 check   the same with ASan + UBSan (into bin/san/)
#   make SANITIZE=thread check TESTS=...   ThreadSanitizer (into bin/tsan/)
#   make run            start tcpchatd on 8989 (if none answers) + tcpchat
#   make bench          benchmarks that print figures (PEER=... beside)
#   make fuzz           libFuzzer harnesses (clang), FUZZ_SECONDS each
#   make soak           tcpchatd under valgrind against hostile traffic
#   make install PREFIX=/usr/local DESTDIR=

PREFIX	?= /usr/local
BINDIR_INST	= $(DESTDIR)$(PREFIX)/bin
MANDIR_INST	= $(DESTDIR)$(PREFIX)/share/man
VERSION	= 0.1.0

CC	?= cc
PKG_CONFIG ?= pkg-config
WARN	= -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	  -Wmissing-prototypes -Wwrite-strings
CSTD	= -std=c11 -D_GNU_SOURCE -DTCPCHAT_VERSION='"$(VERSION)"'
OPT	?= -O2 -g
CFLAGS_ALL = $(CSTD) $(OPT) $(WARN) -iquote common $(CFLAGS)

ifeq ($(WERROR),1)
CFLAGS_ALL += -Werror
endif

ifeq ($(SANITIZE),1)
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=undefined
CFLAGS_ALL += $(SANFLAGS)
LDFLAGS += $(SANFLAGS)
B	= build/san
BIN	= bin/san
else ifeq ($(SANITIZE),thread)
SANFLAGS = -fsanitize=thread -fno-omit-frame-pointer
CFLAGS_ALL += $(SANFLAGS)
LDFLAGS += $(SANFLAGS)
B	= build/tsan
BIN	= bin/tsan
else ifeq ($(FUZZ),1)
# make fuzz builds here: every object instrumented for libFuzzer.
CC	= clang
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=undefined
CFLAGS_ALL += $(SANFLAGS) -fsanitize=fuzzer-no-link
LDFLAGS += $(SANFLAGS)
B	= build/fuzz
BIN	= bin/fuzz
else
B	= build
BIN	= bin
endif

# pkg-config is asked only when a target needs the library.
CURSES_CFLAGS = $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null)
CURSES_LIBS   = $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw)
RL_CFLAGS     = $(shell $(PKG_CONFIG) --cflags readline 2>/dev/null)
RL_LIBS       = $(shell $(PKG_CONFIG) --libs readline 2>/dev/null || echo -lreadline)
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
HIREDIS_CFLAGS = $(shell $(PKG_CONFIG) --cflags hiredis 2>/dev/null)
HIREDIS_LIBS  = $(shell $(PKG_CONFIG) --libs hiredis 2>/dev/null || echo -lhiredis)

# Programs. Each lives in its own folder: DIR/NAME.c holds main(), and
# every other .c of the folder is a module, archived (one archive per
# folder) so unit tests link modules without a main(). Two programs may
# share a folder (a server and its own client); their mains are kept out
# of the archive. To add a program: append NAME to PROGRAMS and set
# NAME_DIR, and NAME_CFLAGS / NAME_LIBS if it needs more than libc.
PROGRAMS	= tcpchatd clockd tcpchat clockwall taskd taskc tcpftpd echod

tcpchatd_DIR	= server
tcpchatd_CFLAGS	= $(HIREDIS_CFLAGS)
tcpchatd_LIBS	= $(HIREDIS_LIBS) -lunistring
clockd_DIR	= clockd
tcpchat_DIR	= tui-client
tcpchat_CFLAGS	= $(CURSES_CFLAGS) $(RL_CFLAGS)
tcpchat_LIBS	= $(RL_LIBS) $(CURSES_LIBS)
clockwall_DIR	= clockwall
clockwall_CFLAGS = $(CURSES_CFLAGS) -pthread
clockwall_LIBS	= -pthread $(CURSES_LIBS) -lm
taskd_DIR	= task
taskc_DIR	= task
taskc_CFLAGS	= $(RL_CFLAGS)
taskc_LIBS	= $(RL_LIBS)
tcpftpd_DIR	= tcpftpd
echod_DIR	= echod
echod_CFLAGS	= -pthread
echod_LIBS	= -pthread

COMMON_SRC	= $(wildcard common/*.c)
# A bench program is bench/NAME.c plus its modules bench/NAME_*.c.
BENCH_ALL	= $(wildcard bench/*.c)
BENCH_MOD	= $(foreach f,$(BENCH_ALL),$(wildcard $(f:.c=)_*.c))
BENCH_SRC	= $(filter-out $(BENCH_MOD),$(BENCH_ALL))
UNIT_SRC	= $(wildcard tests/unit/test_*.c)
# Test drivers: programs that integration tests run (not tests themselves).
DRIVER_SRC	= $(wildcard tests/drivers/*.c)
FUZZ_SRC	= $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_SECONDS	?= 60
SOAK_SECONDS	?= 180

obj	= $(patsubst %.c,$(B)/%.o,$(1))

LIBCOMMON	= $(B)/libcommon.a
PROG_DIRS	= $(sort $(foreach p,$(PROGRAMS),$($(p)_DIR)))
PROG_MAINS	= $(foreach p,$(PROGRAMS),$($(p)_DIR)/$(p).c)
PROG_LIBS	= $(sort $(foreach p,$(PROGRAMS),$($(p)_LIBS)))
dirlib	= $(B)/lib/$(1).a

PROGS	= $(patsubst %,$(BIN)/%,$(PROGRAMS))
BENCHES	= $(patsubst bench/%.c,$(BIN)/bench/%,$(BENCH_SRC))
UNITS	= $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
DRIVERS	= $(patsubst tests/drivers/%.c,$(B)/tests/drivers/%,$(DRIVER_SRC))
# Each harness twice: over a corpus once per input (make check), and
# linked with libFuzzer (make fuzz).
FUZZ_REPLAY = $(patsubst tests/fuzz/%.c,$(B)/tests/%,$(FUZZ_SRC))
FUZZERS	= $(patsubst tests/fuzz/%.c,$(B)/fuzzers/%,$(FUZZ_SRC))
MANS	= $(wildcard man/*.[1-9])

.PHONY: all check check-unit check-integration check-tui lint-man run \
	bench install uninstall clean deps units benches fuzz fuzzers soak

all: $(PROGS) $(BENCHES)

units: $(UNITS) $(DRIVERS) $(FUZZ_REPLAY)
fuzzers: $(FUZZERS)
benches: $(BENCHES)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(CFLAGS_EXTRA) -MMD -MP -c -o $@ $<

$(LIBCOMMON): $(call obj,$(COMMON_SRC))
	@mkdir -p $(@D)
	@rm -f $@
	$(AR) rcs $@ $^

# dir_rules DIR: the folder's archive of modules.
define dir_rules
$(call dirlib,$(1)): $(call obj,$(filter-out $(PROG_MAINS),$(wildcard $(1)/*.c)))
	@mkdir -p $$(@D)
	@rm -f $$@
	$$(AR) rcs $$@ $$^
endef

# prog_rules NAME: the program, linked from its main, its folder's
# archive and libcommon; its folder's objects get its CFLAGS.
define prog_rules
$(BIN)/$(1): $(call obj,$($(1)_DIR)/$(1).c) $(call dirlib,$($(1)_DIR)) $(LIBCOMMON)
	@mkdir -p $$(@D)
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$($(1)_LIBS) $$(LDLIBS)
$(B)/$($(1)_DIR)/%.o: CFLAGS_EXTRA += $$($(1)_CFLAGS)
endef

$(foreach d,$(PROG_DIRS),$(eval $(call dir_rules,$(d))))
$(foreach p,$(PROGRAMS),$(eval $(call prog_rules,$(p))))

# Each bench program's modules are extra prerequisites; $^ puts them after
# libcommon.a, so the link lists objects first, then archives.
$(foreach f,$(BENCH_SRC),$(eval $(BIN)/bench/$(notdir $(f:.c=)): \
	$(call obj,$(wildcard $(f:.c=)_*.c))))
# clusterbench drives the cluster module: tcpchatd's archive and hiredis.
$(B)/bench/clusterbench.o: CFLAGS_EXTRA += $(HIREDIS_CFLAGS) -iquote .
$(BIN)/bench/clusterbench: $(B)/bench/clusterbench.o \
	    $(call dirlib,server) $(LIBCOMMON)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(tcpchatd_LIBS) $(LDLIBS) -lm
$(BIN)/bench/%: $(B)/bench/%.o $(LIBCOMMON)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(filter %.a,$^) $(LDLIBS) -lm
# Made only through that pattern rule, the mains' objects would be
# intermediates that make deletes, and a second make would build them
# again: keep them.
.SECONDARY: $(call obj,$(BENCH_SRC))

# Unit tests include a program's headers by path from the top
# ("server/room.h"), so no test depends on the order of include flags.
# They link every folder's archive; the linker takes what they use, and
# a test's own stub of a function wins over the archived one.
$(B)/tests/unit/%.o: CFLAGS_EXTRA = $(CMOCKA_CFLAGS) $(CURSES_CFLAGS) \
	$(RL_CFLAGS) $(HIREDIS_CFLAGS) -pthread -iquote .
$(B)/tests/drivers/%.o: CFLAGS_EXTRA = $(HIREDIS_CFLAGS) -iquote .
$(B)/tests/drivers/%: $(B)/tests/drivers/%.o \
	    $(foreach d,$(PROG_DIRS),$(call dirlib,$(d))) $(LIBCOMMON)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(PROG_LIBS) $(LDLIBS) -lm -pthread
$(B)/tests/%: $(B)/tests/unit/%.o \
	    $(foreach d,$(PROG_DIRS),$(call dirlib,$(d))) $(LIBCOMMON)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(PROG_LIBS) $(LDLIBS) \
	    -lm -pthread

# Harnesses include headers by path from the top, like unit tests, and
# link every folder's archive.
FUZZ_LINK = $(foreach d,$(PROG_DIRS),$(call dirlib,$(d))) $(LIBCOMMON)
$(B)/tests/fuzz/%.o: CFLAGS_EXTRA = $(CURSES_CFLAGS) $(RL_CFLAGS) \
	-pthread -iquote . -iquote tests/fuzz
$(B)/tests/fuzz_%: $(B)/tests/fuzz/fuzz_%.o $(B)/tests/fuzz/driver.o \
	    $(FUZZ_LINK)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(PROG_LIBS) $(LDLIBS) -lm -pthread
$(B)/fuzzers/%: $(B)/tests/fuzz/%.o $(FUZZ_LINK)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(PROG_LIBS) $(LDLIBS) \
	    -lm -pthread

deps:
	@sh scripts/deps.sh

check: deps
	@$(MAKE) --no-print-directory all units
	@TCPCHAT_BIN=$(BIN) TCPCHAT_UNITS=$(B)/tests sh tests/run.sh $(TESTS)

check-unit: all units
	@TCPCHAT_BIN=$(BIN) TCPCHAT_UNITS=$(B)/tests sh tests/run.sh 'unit/*'
check-integration: all $(DRIVERS)
	@TCPCHAT_BIN=$(BIN) TCPCHAT_UNITS=$(B)/tests sh tests/run.sh 'integration/*'
check-tui: all
	@TCPCHAT_BIN=$(BIN) sh tests/run.sh 'tui/*'

lint-man:
	mandoc -T lint -W warning $(MANS)

run: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/run.sh $(BIN)

bench: all
	@sh bench/run.sh $(BIN) $(PEER)

fuzz:
	@sh scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory FUZZ=1 fuzzers
	@sh tests/fuzz/run.sh build/fuzz/fuzzers $(FUZZ_SECONDS) $(FUZZ_ONLY)

soak: deps
	@$(MAKE) --no-print-directory all
	@sh tests/soak/run.sh $(BIN) $(SOAK_SECONDS)

install: $(PROGS)
	install -d $(BINDIR_INST) $(MANDIR_INST)/man1 $(MANDIR_INST)/man7
	install -m 755 $(PROGS) $(BINDIR_INST)
	for m in $(MANS); do \
		s=$${m##*.}; install -m 644 $$m $(MANDIR_INST)/man$$s; \
	done

uninstall:
	for p in $(notdir $(PROGS)); do rm -f $(BINDIR_INST)/$$p; done
	for m in $(notdir $(MANS)); do \
		s=$${m##*.}; rm -f $(MANDIR_INST)/man$$s/$$m; \
	done

clean:
	rm -rf build bin tests/out

-include $(shell find build -name '*.d' 2>/dev/null)
