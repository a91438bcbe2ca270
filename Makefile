# tcpchat: one non-recursive Makefile for every program, test and page.
#
#   make                build everything into bin/
#   make check          build, then run every test (unit, integration, tui,
#                       man page lint); TESTS=glob runs only matching ones
#   make SANITIZE=1 check   the same with ASan + UBSan (into bin/san/)
#   make run            start tcpchatd on 8989 (if none answers) + tcpchat
#   make bench          benchmarks that print figures (PEER=... beside)
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

# Each program is its main file plus every other .c of its directory,
# archived so unit tests can link the modules without main().
COMMON_SRC	= $(wildcard common/*.c)
TCPCHATD_MAIN	= server/tcpchatd.c
CLOCKD_MAIN	= server/clockd.c
TCPCHATD_SRC	= $(filter-out $(TCPCHATD_MAIN) server/clockd%, \
		    $(wildcard server/*.c))
CLOCKD_SRC	= $(filter-out $(CLOCKD_MAIN),$(wildcard server/clockd_*.c))
TCPCHAT_MAIN	= tui-client/tcpchat.c
TCPCHAT_SRC	= $(filter-out $(TCPCHAT_MAIN),$(wildcard tui-client/*.c))
CLOCKWALL_MAIN	= clockwall/clockwall.c
CLOCKWALL_SRC	= $(filter-out $(CLOCKWALL_MAIN),$(wildcard clockwall/*.c))
# A bench program is bench/NAME.c plus its modules bench/NAME_*.c.
BENCH_ALL	= $(wildcard bench/*.c)
BENCH_MOD	= $(foreach f,$(BENCH_ALL),$(wildcard $(f:.c=)_*.c))
BENCH_SRC	= $(filter-out $(BENCH_MOD),$(BENCH_ALL))
UNIT_SRC	= $(wildcard tests/unit/test_*.c)

obj	= $(patsubst %.c,$(B)/%.o,$(1))

LIBCOMMON	= $(B)/libcommon.a
LIBTCPCHATD	= $(B)/libtcpchatd.a
LIBCLOCKD	= $(B)/libclockd.a
LIBTCPCHAT	= $(B)/libtcpchat.a
LIBCLOCKWALL	= $(B)/libclockwall.a

PROGS	= $(BIN)/tcpchatd $(BIN)/clockd $(BIN)/tcpchat $(BIN)/clockwall
BENCHES	= $(patsubst bench/%.c,$(BIN)/bench/%,$(BENCH_SRC))
UNITS	= $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
MANS	= $(wildcard man/*.[1-9])

.PHONY: all check check-unit check-integration check-tui lint-man run \
	bench install uninstall clean deps units benches

all: $(PROGS) $(BENCHES)

units: $(UNITS)
benches: $(BENCHES)

# The curses programs need ncursesw/readline headers; others do not.
$(B)/tui-client/%.o: CFLAGS_EXTRA = $(CURSES_CFLAGS) $(RL_CFLAGS)
$(B)/clockwall/%.o: CFLAGS_EXTRA = $(CURSES_CFLAGS) -pthread
$(B)/tests/unit/%.o: CFLAGS_EXTRA = $(CMOCKA_CFLAGS) $(CURSES_CFLAGS) \
	$(RL_CFLAGS) -iquote server -iquote tui-client -iquote clockwall \
	-iquote bench

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(CFLAGS_EXTRA) -MMD -MP -c -o $@ $<

$(LIBCOMMON): $(call obj,$(COMMON_SRC))
$(LIBTCPCHATD): $(call obj,$(TCPCHATD_SRC))
$(LIBCLOCKD): $(call obj,$(CLOCKD_SRC))
$(LIBTCPCHAT): $(call obj,$(TCPCHAT_SRC))
$(LIBCLOCKWALL): $(call obj,$(CLOCKWALL_SRC))
$(B)/lib%.a:
	@mkdir -p $(@D)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN)/tcpchatd: $(call obj,$(TCPCHATD_MAIN)) $(LIBTCPCHATD) $(LIBCOMMON)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BIN)/clockd: $(call obj,$(CLOCKD_MAIN)) $(LIBCLOCKD) $(LIBCOMMON)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BIN)/tcpchat: $(call obj,$(TCPCHAT_MAIN)) $(LIBTCPCHAT) $(LIBCOMMON)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(RL_LIBS) $(CURSES_LIBS) $(LDLIBS)

$(BIN)/clockwall: $(call obj,$(CLOCKWALL_MAIN)) $(LIBCLOCKWALL) $(LIBCOMMON)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -pthread -o $@ $^ $(CURSES_LIBS) $(LDLIBS) -lm

# Each program's modules are extra prerequisites; $^ puts them after
# libcommon.a, so the link lists objects first, then archives.
$(foreach f,$(BENCH_SRC),$(eval $(BIN)/bench/$(notdir $(f:.c=)): \
	$(call obj,$(wildcard $(f:.c=)_*.c))))
$(BIN)/bench/%: $(B)/bench/%.o $(LIBCOMMON)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $(filter %.o,$^) $(filter %.a,$^) $(LDLIBS) -lm

# Unit tests link every module archive; the linker takes what they use,
# and a test's own stub of a function wins over the archived one.
$(B)/tests/%: $(B)/tests/unit/%.o $(LIBTCPCHATD) $(LIBCLOCKD) $(LIBTCPCHAT) \
	    $(LIBCLOCKWALL) $(LIBCOMMON)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(RL_LIBS) $(CURSES_LIBS) \
	    $(LDLIBS) -lm -pthread

deps:
	@sh scripts/deps.sh

check: deps
	@$(MAKE) --no-print-directory all units
	@TCPCHAT_BIN=$(BIN) TCPCHAT_UNITS=$(B)/tests sh tests/run.sh $(TESTS)

check-unit: all units
	@TCPCHAT_BIN=$(BIN) TCPCHAT_UNITS=$(B)/tests sh tests/run.sh 'unit/*'
check-integration: all
	@TCPCHAT_BIN=$(BIN) sh tests/run.sh 'integration/*'
check-tui: all
	@TCPCHAT_BIN=$(BIN) sh tests/run.sh 'tui/*'

lint-man:
	mandoc -T lint -W warning $(MANS)

run: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/run.sh $(BIN)

bench: all
	@sh bench/run.sh $(BIN) $(PEER)

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
