"""Reads an Airflow DAG file with Python's ast (Airflow is not installed): the DAG's keyword
arguments, every operator (task_id, class, command) and every `a >> b` edge, as JSON."""
import ast
import json
import sys

tree = ast.parse(open(sys.argv[1]).read(), sys.argv[1])
imports = [f"{n.module}.{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names]
dag = {}
tasks = {}
edges = []
for node in ast.walk(tree):
    if isinstance(node, ast.With):
        call = node.items[0].context_expr
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "DAG":
            dag = {k.arg: ast.unparse(k.value) for k in call.keywords}
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
        kw = {k.arg: k.value for k in node.value.keywords}
        if "task_id" in kw:
            key = ast.literal_eval(node.targets[0].slice)
            tid = ast.literal_eval(kw["task_id"])
            assert key == tid, (key, tid)
            entry = {"operator": node.value.func.id}
            for name in ("cmds", "arguments", "bash_command", "image", "namespace", "service_account_name"):
                if name in kw:
                    entry[name] = ast.literal_eval(kw[name])
            entry["keywords"] = sorted(kw)
            tasks[tid] = entry
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift):
        edges.append([ast.literal_eval(node.left.slice), ast.literal_eval(node.right.slice)])
print(json.dumps({"imports": imports, "dag": dag, "tasks": tasks, "edges": edges}))
