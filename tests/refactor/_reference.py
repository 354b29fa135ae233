"""Runs a notebook top to bottom in a real kernel (nbclient), in the notebook's folder; prints its stdout.

Test helper for tests/refactor: the reference a refactored pipeline must reproduce.
Usage: /usr/bin/python3 _reference.py NOTEBOOK.ipynb
"""
import os
import sys

import nbclient
import nbformat

path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                 resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
client.execute()
for cell in nb.cells:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            sys.stdout.write(out["text"])
