#!/usr/bin/env python3
"""check-cycles.py: fails when the files of src/ call each other in a circle. Reads the object files of a
build (nm: the symbols each defines and each needs) and draws an edge from a file to the file that defines
a symbol it uses; any cycle in that graph is printed and the exit status is 1. Run by scripts/test.sh.

    scripts/check-cycles.py [build/dev]"""
import collections, pathlib, subprocess, sys

build = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build/dev")
objs = [p for p in (build / "src").rglob("*.c.o")]
if not objs:
    sys.exit(f"check-cycles: no object files under {build}/src (build first)")
defines, needs = {}, collections.defaultdict(set)
for o in objs:
    name = str(o.relative_to(build / "src")).replace("CMakeFiles/", "").replace(".c.o", ".c")
    name = "/".join(p for p in name.split("/") if not p.endswith(".dir"))
    out = subprocess.run(["nm", "--defined-only", "-g", str(o)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            defines[parts[2]] = name
    out = subprocess.run(["nm", "-u", str(o)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        needs[name].add(line.split()[-1])
graph = {f: sorted({defines[s] for s in syms if s in defines and defines[s] != f}) for f, syms in needs.items()}

# Tarjan's strongly connected components: a component of more than one file is a circle
index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]
def visit(v):
    index[v] = low[v] = counter[0]; counter[0] += 1; stack.append(v); on.add(v)
    for w in graph.get(v, []):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1: comps.append(sorted(comp))
sys.setrecursionlimit(10000)
for v in sorted(graph):
    if v not in index:
        visit(v)
for comp in comps:
    print("check-cycles: these files call each other in a circle:", ", ".join(comp))
    for f in comp:
        print(f"  {f} -> " + ", ".join(w for w in graph.get(f, []) if w in comp))
if comps:
    sys.exit(1)
print(f"check-cycles: no circles between the {len(graph)} files of src/")
