"""Runs a notebook top to bottom in one IPython shell, in the notebook's folder; prints its stdout.

Test helper for tests/refactor: the reference a refactored pipeline must reproduce. It runs the
cells in-process with IPython itself (magics and shell escapes included), not through a kernel
client: nbclient once waited forever here (poll with no timeout) while its kernel sat idle.
Usage: /usr/bin/python3 _reference.py NOTEBOOK.ipynb
"""
import os
import sys

import nbformat
from IPython.core.interactiveshell import InteractiveShell


class Shell(InteractiveShell):
    def enable_gui(self, gui=None):
        """No GUI event loop here; `%matplotlib inline` only needs the backend it selects."""


path = os.path.abspath(sys.argv[1])
nb = nbformat.read(path, as_version=4)
os.chdir(os.path.dirname(path))
os.environ.setdefault("MPLBACKEND", "Agg")
shell = Shell.instance()
for i, cell in enumerate(nb.cells):
    if cell.cell_type != "code":
        continue
    result = shell.run_cell(cell.source, store_history=True)
    if not result.success:
        sys.exit(f"cell {i} failed: {result.error_before_exec or result.error_in_exec!r}")
