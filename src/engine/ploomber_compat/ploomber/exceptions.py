"""``ploomber.exceptions`` as far as plait supports it: ``DAGBuildEarlyStop``."""
from ploomber import _unavailable


# An empty __path__ makes submodules go to the finder that names plait.
__path__ = []


class DAGBuildEarlyStop(Exception):
    """Raise it in a hook to stop the build on purpose: no task after it runs, and the build is
    not a failure (plait exits 0 and says where it stopped)."""


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise _unavailable(f"ploomber.exceptions.{name}")
