#!/usr/bin/env python3
"""Which file of a program uses which: the link graph of its objects.

For each program folder given, every build/DIR/*.o is read with nm(1):
a file A uses a file B of the same folder when A refers to a symbol
(function or data) that B defines. That is what the linker resolves, so
nothing a header or a macro hides escapes it; only calls through a
function pointer, which have no symbol, do. The graph is printed one file
a line ("room -> client event ..."), in layers from the top (main) down.
A cycle (a strongly connected set of two files or more) fails the check
and is printed. Exit 0: no cycle; 1: a cycle; 2: could not check (a
folder with no objects, or a .c without its .o: the check never passes
on nothing).

usage: layers.py [-b BUILD] [--selftest] DIR...
"""
import os
import subprocess
import sys
import tempfile

DEFINED = set("TDBRCGSVWi")


def symbols(obj):
    """(defined, used) global symbol sets of one object file."""
    out = subprocess.run(["nm", "-P", obj], check=True, capture_output=True,
                         text=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        name, kind = f[0], f[1]
        if kind == "U":
            used.add(name)
        elif kind in DEFINED:
            defined.add(name)
    return defined, used


def graph(build, folder):
    """{file: set(files it uses)} for one folder, or an error string."""
    srcs = sorted(f[:-2] for f in os.listdir(folder) if f.endswith(".c"))
    if not srcs:
        return f"{folder}: no .c files"
    objdir = os.path.join(build, folder)
    owner, uses = {}, {}
    for s in srcs:
        obj = os.path.join(objdir, s + ".o")
        if not os.path.exists(obj):
            return f"{obj}: missing (build first)"
        if os.path.getmtime(obj) < os.path.getmtime(
                os.path.join(folder, s + ".c")):
            return f"{obj}: older than its source (build first)"
        d, u = symbols(obj)
        uses[s] = u
        for name in d:
            owner[name] = s
    return {s: {owner[n] for n in uses[s] if n in owner and owner[n] != s}
            for s in srcs}


def sccs(g):
    """Tarjan's strongly connected components, iteratively."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    for root in sorted(g):
        if root in index:
            continue
        work = [(root, iter(sorted(g[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(g[w]))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(sorted(comp))
    return out


def depth(g):
    """Longest path down from each file (cycles cut), for the layout."""
    memo = {}

    def d(v, seen):
        if v in memo:
            return memo[v]
        if v in seen:
            return 0
        seen.add(v)
        r = 1 + max((d(w, seen) for w in g[v]), default=-1)
        seen.discard(v)
        memo[v] = r
        return r
    return {v: d(v, set()) for v in g}


def check(build, folder):
    g = graph(build, folder)
    if isinstance(g, str):
        print(f"layers: {g}")
        return 2
    dep = depth(g)
    edges = sum(len(v) for v in g.values())
    print(f"{folder}: {len(g)} files, {edges} uses")
    for v in sorted(g, key=lambda v: (-dep[v], v)):
        print(f"  {v:<16} -> {' '.join(sorted(g[v], key=lambda w: (-dep[w], w))) or '-'}")
    cyc = [c for c in sccs(g) if len(c) > 1]
    for c in cyc:
        print(f"  CYCLE: {' '.join(c)}")
        for v in c:
            back = sorted(w for w in g[v] if w in c)
            print(f"    {v} -> {' '.join(back)}")
    return 1 if cyc else 0


def selftest():
    """The check must fail on a folder that has a cycle."""
    with tempfile.TemporaryDirectory() as t:
        os.makedirs(os.path.join(t, "b", "p"))
        os.makedirs(os.path.join(t, "p"))
        files = {"a": "int b(void); int a(void) { return b(); }\n",
                 "b": "int c(void); int b(void) { return c(); }\n",
                 "c": "int a(void); int c(void) { return a(); }\n",
                 "d": "extern int v; int d(void) { return v; }\n",
                 "e": "int v;\n"}
        for n, text in files.items():
            with open(os.path.join(t, "p", n + ".c"), "w") as f:
                f.write(text)
            subprocess.run(["cc", "-c", "-o", os.path.join(t, "b", "p",
                           n + ".o"), os.path.join(t, "p", n + ".c")],
                           check=True)
        here = os.getcwd()
        os.chdir(t)
        try:
            rc = check("b", "p")
            g = graph("b", "p")
        finally:
            os.chdir(here)
        if rc != 1 or g["d"] != {"e"} or g["a"] != {"b"}:
            print("layers: selftest: a cycle a->b->c->a was not found")
            return 1
    print("layers: selftest: the cycle was found")
    return 0


def main(argv):
    build = "build"
    if argv[:1] == ["-b"]:
        build, argv = argv[1], argv[2:]
    if argv[:1] == ["--selftest"]:
        if selftest() != 0:
            return 2
        argv = argv[1:]
    if not argv:
        print(__doc__.strip().splitlines()[-1])
        return 2
    return max(check(build, d) for d in argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
