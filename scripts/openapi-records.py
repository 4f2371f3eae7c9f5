#!/usr/bin/env python3
"""openapi-records.py: writes what the field tables (src/domain/forms.c) say into docs/openapi.yaml: each
record's request schema (components.schemas.<schema>, replaced whole) and, in the answer that shows the
record (bp_record_def.answer, e.g. Plan.goals[]), each stored field's property and its place in `required`.
Everything else in the document is left as written. tests/api/records.test.mjs fails until this has run.

    scripts/openapi-records.py [build/dev/tests/api/record_schemas]

A maintenance tool: run it after adding or changing a field, and commit the document with the table."""
import json, re, subprocess, sys, pathlib

root = pathlib.Path(__file__).resolve().parent.parent
tool = sys.argv[1] if len(sys.argv) > 1 else str(root / "build/dev/tests/api/record_schemas")
doc_path = root / "docs/openapi.yaml"
tables = json.loads(subprocess.run([tool], check=True, capture_output=True, text=True).stdout)

SAFE = re.compile(r"^[A-Za-z_][A-Za-z0-9_ .-]*$")
ORDER = ["type", "format", "enum", "pattern", "maxLength", "maxItems", "items", "oneOf", "nullable"]


def scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if SAFE.match(v) and v not in ("true", "false", "null", "yes", "no", "on", "off"):
        return v
    return "'" + v.replace("'", "''") + "'"


def flow(v):
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: (ORDER.index(k) if k in ORDER else 99, k))
        return "{" + ", ".join(f"{scalar(k)}: {flow(v[k])}" for k in keys) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(flow(x) for x in v) + "]"
    return scalar(v)


def indent_of(line):
    return len(line) - len(line.lstrip(" "))


def block_end(lines, start):
    """The line after the block that starts at `start` (everything indented deeper)."""
    ind, j = indent_of(lines[start]), start + 1
    while j < len(lines) and (not lines[j].strip() or indent_of(lines[j]) > ind):
        j += 1
    return j


def child(lines, start, key):
    """The line of `key:` directly inside the block at `start`, or None."""
    end, ind = block_end(lines, start), None
    for k in range(start + 1, end):
        if not lines[k].strip():
            continue
        ind = ind if ind is not None else indent_of(lines[k])
        if indent_of(lines[k]) == ind and lines[k].strip().startswith(key + ":"):
            return k
    return None


lines = doc_path.read_text().split("\n")
schemas_at = lines.index("  schemas:")

# request schemas, replaced whole (or added at the end of components.schemas)
for name, t in tables.items():
    req = t["request"]
    new = [f"    {name}:", "      type: object"]
    if "required" in req:
        new.append(f"      required: {flow(req['required'])}")
    new.append("      properties:")
    new += [f"        {scalar(k)}: {flow(v)}" for k, v in req["properties"].items()]
    at = child(lines, schemas_at, name)
    if at is None:
        end = block_end(lines, schemas_at)
        lines[end:end] = new
    else:
        lines[at:block_end(lines, at)] = new

# the answers: each stored field's property, and `required`
for name, t in tables.items():
    if not t.get("answer_at"):
        continue
    steps = t["answer_at"].split(".")
    at = child(lines, schemas_at, steps[0])
    for step in steps[1:]:
        at = child(lines, child(lines, at, "properties"), step.rstrip("[]"))
        if step.endswith("[]"):
            at = child(lines, at, "items")
    if at is None:
        sys.exit(f"openapi-records: {t['answer_at']} is not in docs/openapi.yaml: write the answer's schema first")
    req_line = child(lines, at, "required")
    if req_line is not None:
        have = [x.strip() for x in lines[req_line].split("[", 1)[1].rstrip("]").split(",") if x.strip()]
        for field in t["answer"]:
            if field not in have:
                have.append(field)
        lines[req_line] = lines[req_line].split("required:")[0] + "required: [" + ", ".join(have) + "]"
    props = child(lines, at, "properties")
    for field, schema in t["answer"].items():
        line = child(lines, props, field)
        ind = " " * (indent_of(lines[props]) + 2)
        text = f"{ind}{scalar(field)}: {flow(schema)}"
        if line is None:
            end = block_end(lines, props)
            lines[end:end] = [text]
        else:
            lines[line:block_end(lines, line)] = [text]

doc_path.write_text("\n".join(lines))
print(f"openapi-records: {len(tables)} records written into {doc_path.relative_to(root)}")
