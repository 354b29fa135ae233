"""plait's stand-in for the parts of Ploomber that project code imports at run time.

plait puts this package on a kernel's path only when the real ``ploomber`` cannot be imported
there. It provides ``ploomber.io`` (the serializer and unserializer decorators,
``serializer_pickle``, ``unserializer_pickle``) and ``ploomber.exceptions.DAGBuildEarlyStop``;
importing anything else fails with an ImportError that says so.
"""
import sys as _sys

_PROVIDED = ("ploomber.io", "ploomber.exceptions")


def _unavailable(name):
    return ImportError(
        f"{name} is not available: the ploomber package in this kernel is plait's compatibility "
        "package, which provides only ploomber.io (serializer, unserializer, serializer_pickle, "
        "unserializer_pickle) and ploomber.exceptions (DAGBuildEarlyStop). Install ploomber in the "
        "kernel's Python environment to use the rest of it.",
        name=name,
    )


class _OnlyProvided:
    """Meta path finder: any other ``ploomber.*`` module is an ImportError naming plait."""

    @staticmethod
    def find_spec(fullname, path=None, target=None):
        if fullname.startswith("ploomber.") and fullname not in _PROVIDED:
            raise _unavailable(fullname)
        return None


if not any(isinstance(f, _OnlyProvided) for f in _sys.meta_path):
    _sys.meta_path.insert(0, _OnlyProvided())


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise _unavailable(f"ploomber.{name}")
