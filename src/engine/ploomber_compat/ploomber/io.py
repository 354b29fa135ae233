"""``ploomber.io`` as far as plait supports it: the serializer and unserializer decorators.

A decorated serializer is called as ``fn(obj, product)`` and an unserializer as ``fn(product)``.
The function body is used for products whose extension has no entry in ``extension_mapping`` or
``defaults`` and when there is no ``fallback``. A dict product (several named products) is
handled key by key; with ``unpack=True`` a dict returned for one product becomes a folder with one
file per key, and a folder product is read back into a dict of its files.
"""
import json
import pickle
import shutil
from collections.abc import Iterable, Mapping
from functools import wraps
from inspect import signature
from pathlib import Path

from ploomber import _unavailable

# An empty __path__ makes submodules (ploomber.io.serialize, ...) go to the finder that names plait.
__path__ = []

__all__ = ["serializer", "serializer_pickle", "unserializer", "unserializer_pickle"]


def _write_txt(obj, product):
    if not isinstance(obj, str):
        raise TypeError(
            f"Cannot serialize product {str(product)!r} to .txt with the default serializer: "
            f"expected a str, got {type(obj).__name__}"
        )
    Path(product).write_text(obj)


def _write_json(obj, product):
    try:
        text = json.dumps(obj)
    except TypeError:
        raise TypeError(
            f"Cannot serialize product {str(product)!r} to .json with the default serializer: "
            f"an object of type {type(obj).__name__} is not JSON serializable"
        ) from None
    Path(product).write_text(text)


def _dataframe_writer(ext, method):
    def write(obj, product):
        if not hasattr(obj, method):
            raise TypeError(
                f"Cannot serialize product {str(product)!r} to {ext} with the default serializer: "
                f"expected a pandas.DataFrame, got {type(obj).__name__}"
            )
        getattr(obj, method)(product)

    return write


def _pandas_reader(ext, name):
    def read(product):
        try:
            import pandas
        except ModuleNotFoundError:
            raise ModuleNotFoundError(f"The default {ext} unserializer needs pandas, which is not installed") from None
        return getattr(pandas, name)(product)

    return read


_WRITERS = {
    ".txt": _write_txt,
    ".json": _write_json,
    ".csv": _dataframe_writer(".csv", "to_csv"),
    ".parquet": _dataframe_writer(".parquet", "to_parquet"),
}
_READERS = {
    ".txt": lambda product: Path(product).read_text(),
    ".json": lambda product: json.loads(Path(product).read_text()),
    ".csv": _pandas_reader(".csv", "read_csv"),
    ".parquet": _pandas_reader(".parquet", "read_parquet"),
}


def _external(fallback, fn, kind):
    """The pickle-like module a fallback names: pickle for True or "pickle", joblib, cloudpickle."""
    if fallback is False:
        return None
    names = {True: "pickle", "pickle": "pickle", "joblib": "joblib", "cloudpickle": "cloudpickle"}
    if not isinstance(fallback, (bool, str)) or fallback not in names:
        raise ValueError(
            f"Invalid fallback argument {fallback!r} in function {fn.__name__!r}. "
            "Must be one of True, 'joblib', or 'cloudpickle'"
        )
    if names[fallback] == "pickle":
        return pickle
    try:
        return __import__(names[fallback])
    except ModuleNotFoundError:
        raise ModuleNotFoundError(f"Error {kind} with function {fn.__name__!r}. {fallback} is not installed") from None


def _mapping(extension_mapping, defaults, fn, builtins, decorator):
    """The extension -> function table: the chosen built-ins, then the user's own mapping."""
    if extension_mapping is not None and not isinstance(extension_mapping, Mapping):
        raise TypeError(
            f"Invalid extension_mapping {extension_mapping!r} for decorated function {fn.__name__!r}. "
            f"Expected it to be a dictionary but got a {type(extension_mapping).__name__}"
        )
    table = {}
    if defaults:
        if isinstance(defaults, str) or not isinstance(defaults, Iterable):
            raise TypeError(
                f"Invalid defaults {defaults!r} for decorated function {fn.__name__!r}. "
                f"Expected it to be a list but got a {type(defaults).__name__}"
            )
        chosen = set(defaults)
        unknown = chosen - set(builtins)
        if unknown:
            raise ValueError(
                f"Error when adding @{decorator} decorator to function {fn.__name__!r}: unexpected "
                f"values in \"defaults\" argument. Valid values are: {set(builtins)}. "
                f"Unexpected values: {unknown}"
            )
        overlap = chosen & set(extension_mapping or {})
        if overlap:
            raise ValueError(
                f"Error when adding @{decorator} decorator to function {fn.__name__!r}: Keys in "
                f"'extension_mapping' and 'defaults' must not overlap (overlapping keys: {overlap})"
            )
        table.update({ext: builtins[ext] for ext in chosen})
    table.update(extension_mapping or {})
    bad = {k for k in table if not str(k).startswith(".")}
    if bad:
        raise ValueError(
            f"Invalid extension_mapping {table!r} for decorated function {fn.__name__!r}. "
            f"Expected keys to start with a dot (e.g., \".csv\"). Invalid keys found: {bad!r}"
        )
    return table


def _check_arity(fn, n, kind):
    got = len(signature(fn).parameters)
    if got != n:
        s = "" if n == 1 else "s"
        raise TypeError(f"Expected {kind} {fn.__name__!r} to take {n} argument{s}, but it takes {got!r}")


def serializer(extension_mapping=None, *, fallback=False, defaults=None, unpack=False):
    """Decorates ``fn(obj, product)``: picks how to write ``obj`` from the product's extension.

    extension_mapping: {".csv": fn, ...}; fallback: True (pickle), "joblib" or "cloudpickle" for
    extensions not in the mapping (the body then never runs); defaults: built-ins among ".txt",
    ".json", ".csv", ".parquet"; unpack: a dict becomes a folder with one file per key.
    """

    def decorate(fn):
        table = _mapping(extension_mapping, defaults, fn, _WRITERS, "serializer")
        module = _external(fallback, fn, "serializing")
        _check_arity(fn, 2, "serializer")

        def pick(suffix):
            if suffix in table:
                return table[suffix]
            if module is not None:
                def dump(obj, product):
                    with open(product, "wb") as f:
                        module.dump(obj, f)

                return dump
            return fn

        def write_one(obj, product):
            if unpack and isinstance(obj, Mapping):
                folder = Path(product)
                if folder.is_dir():
                    shutil.rmtree(folder)
                elif folder.exists():
                    folder.unlink()
                folder.mkdir(parents=True)
                for filename, value in obj.items():
                    pick(Path(filename).suffix)(value, folder / filename)
            else:
                pick(Path(product).suffix)(obj, product)

        @wraps(fn)
        def wrapper(obj, product):
            if not isinstance(product, Mapping):
                return write_one(obj, product)
            _check_keys(obj, product)
            for key, value in obj.items():
                write_one(value, product[key])

        return wrapper

    return decorate


def _check_keys(obj, product):
    if not isinstance(obj, Mapping):
        raise TypeError(
            f"Error serializing task: if task generates multiple products {dict(product)!r} the function "
            f"must return a dictionary with the same keys (got {obj!r}, an object of type {type(obj).__name__})."
        )
    missing, unexpected = set(product) - set(obj), set(obj) - set(product)
    if missing or unexpected:
        raise ValueError(
            f"Error serializing task: task generates products {dict(product)!r} but the function did not "
            f"return a dictionary with those keys. Missing keys: {missing or '{}'}. "
            f"Unexpected keys: {unexpected or '{}'}."
        )


def unserializer(extension_mapping=None, *, fallback=False, defaults=None, unpack=False):
    """Decorates ``fn(product)``: picks how to read a product from its extension.

    Arguments as for :func:`serializer`; with unpack=True a folder product is read into a dict of
    its files (not recursive), keyed by file name.
    """

    def decorate(fn):
        table = _mapping(extension_mapping, defaults, fn, _READERS, "unserializer")
        module = _external(fallback, fn, "unserializing")
        _check_arity(fn, 1, "unserializer")

        def read_file(path):
            suffix = Path(path).suffix
            if suffix in table:
                return table[suffix](path)
            if module is not None:
                with open(path, "rb") as f:
                    return module.load(f)
            return fn(path)

        def read_one(product):
            if unpack and Path(product).is_dir():
                return {p.name: read_file(p) for p in sorted(Path(product).glob("*"))}
            return read_file(product)

        @wraps(fn)
        def wrapper(product):
            if isinstance(product, Mapping):
                return {key: read_one(value) for key, value in product.items()}
            return read_one(product)

        return wrapper

    return decorate


@serializer(fallback=True)
def serializer_pickle(obj, product):
    """Pickles every product."""
    raise RuntimeError("serializer_pickle's body never runs (fallback=True)")


@unserializer(fallback=True)
def unserializer_pickle(product):
    """Unpickles every product."""
    raise RuntimeError("unserializer_pickle's body never runs (fallback=True)")


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise _unavailable(f"ploomber.io.{name}")
