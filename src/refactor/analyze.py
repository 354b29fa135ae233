"""Static analysis of a notebook's sections for `plait refactor`.

Reads JSON on stdin: {"cells": [{"id": int, "section": int, "source": str}, ...]}, code cells only,
in notebook order. Writes JSON on stdout: per-cell imports and definitions to move, per-section variable
flow, and located errors. Uses only the standard library (ast, symtable) of the Python that runs it.
"""
import ast
import builtins
import json
import re
import symtable
import sys

IPYTHON_NAMES = {"display", "get_ipython", "In", "Out", "exit", "quit", "__name__", "__file__", "__doc__"}
PYTHON_BODY_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}
MAGIC_ASSIGN = re.compile(r"([A-Za-z_][\w.\[\], ]*?)\s*=\s*[!%]")
TIME_MAGIC = re.compile(r"%(?:time|timeit)\s+(?!-)(\S.*)")
HELP = re.compile(r"[A-Za-z_][\w.]*\?\??$")


def mask_line(line):
    """A line with IPython syntax replaced by plain Python that binds the same names."""
    s = line.lstrip()
    indent = line[: len(line) - len(s)]
    m = MAGIC_ASSIGN.match(s)
    if m and not s.startswith(("%", "!")):
        return indent + m.group(1) + " = None"
    m = TIME_MAGIC.match(s)
    if m:
        return indent + m.group(1)
    if s.startswith(("%", "!")) or HELP.match(s):
        return indent + "pass"
    return line


def mask(source):
    """Source with IPython magics and shell escapes masked, keeping line numbers."""
    try:
        ast.parse(source)
        return source
    except SyntaxError:
        pass
    lines = source.split("\n")
    first = next((i for i, l in enumerate(lines) if l.strip()), -1)
    if first >= 0 and lines[first].lstrip().startswith("%%"):
        words = lines[first].strip()[2:].split()
        name = words[0] if words else ""
        if name not in PYTHON_BODY_CELL_MAGICS:
            return "\n" * (len(lines) - 1)
        out = words[-1] if name == "capture" and len(words) > 1 and words[-1].isidentifier() else None
        lines[first] = f"{out} = None" if out else "pass"
    else:
        first = -1
    return "\n".join(l if i == first else mask_line(l) for i, l in enumerate(lines))


def root_name(node):
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


class Flow(ast.NodeVisitor):
    """Module-level name events (load, store, mutate) in evaluation order."""

    def __init__(self):
        self.events = []
        self.scopes = []
        self.nested_imports = []

    def event(self, kind, name, node):
        if kind == "load" and any(name in s for s in self.scopes):
            return
        if kind != "load" and self.scopes:
            return
        self.events.append((kind, name, node.lineno, node.col_offset + 1))

    def visit_Name(self, node):
        self.event("load" if isinstance(node.ctx, ast.Load) else "store", node.id, node)

    def visit_Assign(self, node):
        self.visit(node.value)
        for t in node.targets:
            self.visit(t)

    def visit_AnnAssign(self, node):
        if node.value:
            self.visit(node.value)
        self.visit(node.annotation)
        self.visit(node.target)

    def visit_AugAssign(self, node):
        if isinstance(node.target, ast.Name):
            self.event("load", node.target.id, node.target)
            self.visit(node.value)
            self.event("store", node.target.id, node.target)
        else:
            self.visit(node.value)
            self.visit(node.target)

    def visit_NamedExpr(self, node):
        self.visit(node.value)
        self.visit(node.target)

    def mutated(self, node):
        self.generic_visit(node)
        if not isinstance(node.ctx, ast.Load) and root_name(node):
            self.event("mutate", root_name(node), node)

    visit_Attribute = mutated
    visit_Subscript = mutated

    def visit_Call(self, node):
        self.generic_visit(node)
        if isinstance(node.func, ast.Attribute) and root_name(node.func):
            self.event("mutate", root_name(node.func), node)

    def comprehension(self, node, results):
        gens = node.generators
        self.visit(gens[0].iter)
        self.scopes.append(set())
        for i, g in enumerate(gens):
            if i:
                self.visit(g.iter)
            self.scopes[-1].update(n.id for n in ast.walk(g.target) if isinstance(n, ast.Name))
            for cond in g.ifs:
                self.visit(cond)
        for r in results:
            self.visit(r)
        self.scopes.pop()

    def visit_ListComp(self, node):
        self.comprehension(node, [node.elt])

    visit_SetComp = visit_ListComp
    visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node):
        self.comprehension(node, [node.key, node.value])

    def visit_Lambda(self, node):
        for d in node.args.defaults + [d for d in node.args.kw_defaults if d]:
            self.visit(d)
        a = node.args
        names = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs + [v for v in (a.vararg, a.kwarg) if v]]
        self.scopes.append(set(names))
        self.visit(node.body)
        self.scopes.pop()

    def nested_def(self, node):
        for d in node.decorator_list:
            self.visit(d)
        for name, line, col in def_global_reads(node):
            self.events.append(("load", name, line, col))
        self.event("store", node.name, node)

    visit_FunctionDef = nested_def
    visit_AsyncFunctionDef = nested_def
    visit_ClassDef = nested_def

    def visit_ExceptHandler(self, node):
        if node.type:
            self.visit(node.type)
        if node.name:
            self.event("store", node.name, node)
        for s in node.body:
            self.visit(s)

    def visit_Import(self, node):
        for a in node.names:
            self.nested_imports.append((a.asname or a.name).split(".")[0])

    visit_ImportFrom = visit_Import


def def_global_reads(node):
    """(name, line, col) of every global name a def/class reads, at definition or call time."""
    table = symtable.symtable(ast.unparse(ast.Module(body=[node], type_ignores=[])), "<def>", "exec")
    names = set()

    def walk(t):
        for s in t.get_symbols():
            if t.get_type() == "module":
                if s.is_referenced() and s.get_name() != node.name:
                    names.add(s.get_name())
            elif (s.is_referenced() or s.is_assigned()) and s.is_global():
                names.add(s.get_name())
        for c in t.get_children():
            walk(c)

    walk(table)
    found = {}
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id in names and n.id not in found:
            found[n.id] = (n.lineno, n.col_offset + 1)
    return [(name, *found.get(name, (node.lineno, node.col_offset + 1))) for name in sorted(names)]


def pass_it(d, name):
    if d["kind"] == "class":
        return f'pass "{name}" to the class\'s constructor or methods as an argument'
    return f'pass "{name}" as an argument (def {d["name"]}(..., {name}))'


def is_setup_shape(stmt):
    """A call or an attribute/item assignment: `np.random.seed(0)`, `pd.options.display.width = 120`."""
    if isinstance(stmt, ast.Expr):
        return isinstance(stmt.value, ast.Call)
    return isinstance(stmt, ast.Assign) and all(isinstance(t, (ast.Attribute, ast.Subscript)) for t in stmt.targets)


class Analysis:
    def __init__(self):
        self.errors = []
        self.cells = []
        self.imports = []
        self.defs = []
        self.section_events = {}
        self.setup_candidates = []

    def error(self, cell, line, col, message, hint):
        self.errors.append({"cell": cell, "line": line, "col": col, "message": message, "hint": hint})

    def add_cell(self, cell):
        source, cid = cell["source"], cell["id"]
        try:
            tree = ast.parse(mask(source))
        except SyntaxError as e:
            self.error(cid, e.lineno or 1, e.offset or 1, f"invalid Python: {e.msg}",
                       "fix the cell so that it runs in Jupyter, then refactor again")
            return
        lines = source.split("\n")
        spans = [(s.lineno, s.end_lineno) for s in tree.body]
        moved = []
        flow = Flow()
        for i, stmt in enumerate(tree.body):
            alone = all(j == i or e < stmt.lineno or b > stmt.end_lineno for j, (b, e) in enumerate(spans))
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                if self.add_import(cid, stmt) and alone:
                    moved.append([stmt.lineno, stmt.end_lineno])
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and alone:
                start = min([d.lineno for d in stmt.decorator_list] + [stmt.lineno])
                text = "\n".join(lines[start - 1: stmt.end_lineno])
                self.defs.append({"name": stmt.name, "cell": cid, "line": stmt.lineno,
                                  "kind": "class" if isinstance(stmt, ast.ClassDef) else "function",
                                  "text": text, "reads": def_global_reads(stmt)})
                moved.append([start, stmt.end_lineno])
            else:
                if cell.get("preamble") and alone and is_setup_shape(stmt):
                    names = Flow()
                    names.visit(stmt)
                    self.setup_candidates.append({"remove": moved, "span": [stmt.lineno, stmt.end_lineno],
                                                  "text": "\n".join(lines[stmt.lineno - 1: stmt.end_lineno]),
                                                  "names": {e[1] for e in names.events if e[0] == "load"}})
                flow.visit(stmt)
        self.cells.append({"id": cid, "remove": moved})
        self.imports.extend({"cell": cid, "line": 0, "names": [n], "text": "", "movable": False}
                            for n in flow.nested_imports)
        self.section_events.setdefault(cell["section"], []).extend((cid, e) for e in flow.events)

    def add_import(self, cid, stmt):
        """Records each alias as its own statement; False when the statement must stay in place."""
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__":
            return False
        for a in stmt.names:
            if a.name == "*":
                self.error(cid, stmt.lineno, stmt.col_offset + 1,
                           f'"from {stmt.module} import *" hides which names the code uses',
                           f"import the names you use: from {stmt.module} import name1, name2")
                return False
            alias = f" as {a.asname}" if a.asname else ""
            if isinstance(stmt, ast.Import):
                text, bound = f"import {a.name}{alias}", (a.asname or a.name.split(".")[0])
            else:
                module = "." * stmt.level + (stmt.module or "")
                text, bound = f"from {module} import {a.name}{alias}", a.asname or a.name
            self.imports.append({"cell": cid, "line": stmt.lineno, "names": [bound], "text": text,
                                 "movable": True})
        return True

    def result(self):
        import_names = {n for i in self.imports for n in i["names"]}
        def_names = {d["name"] for d in self.defs}
        stored = {e[1] for evs in self.section_events.values() for _, e in evs if e[0] == "store"}
        builtin = (set(dir(builtins)) | IPYTHON_NAMES) - stored - def_names
        not_data = import_names | def_names | builtin
        self.check_defs(not_data)
        sections = {k: self.section_flow(evs, not_data) for k, evs in self.section_events.items()}
        setup = []
        for c in self.setup_candidates:
            if c["names"] <= import_names | builtin and c["names"] & import_names:
                c["remove"].append(c["span"])
                setup.append({"text": c["text"], "names": sorted(c["names"])})
        return {"errors": self.errors, "cells": self.cells, "imports": self.imports, "sections": sections,
                "setup": setup,
                "defs": [{**d, "reads": sorted({r[0] for r in d["reads"]})} for d in self.defs]}

    def check_defs(self, not_data):
        for d in self.defs:
            for name, line, col in d["reads"]:
                if name in not_data:
                    continue
                what = "class" if d["kind"] == "class" else "function"
                self.error(d["cell"], line, col,
                           f'{what} "{d["name"]}" reads the global variable "{name}"',
                           f'{pass_it(d, name)}: definitions move to exported.py, where the notebook\'s '
                           "variables do not exist")

    @staticmethod
    def section_flow(events, not_data):
        defined, reads, defines, uses = set(), {}, [], set()
        for cid, (kind, name, line, col) in events:
            if kind == "load":
                uses.add(name)
                if name not in defined and name not in not_data and name not in reads:
                    reads[name] = {"name": name, "cell": cid, "line": line, "col": col}
            elif name not in not_data:
                defined.add(name)
                if name not in defines:
                    defines.append(name)
        return {"reads": list(reads.values()), "defines": defines, "uses": sorted(uses)}


def main():
    request = json.load(sys.stdin)
    analysis = Analysis()
    for cell in request["cells"]:
        analysis.add_cell(cell)
    json.dump(analysis.result(), sys.stdout)


if __name__ == "__main__":
    main()
