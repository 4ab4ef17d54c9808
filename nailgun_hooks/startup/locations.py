"""Where an extension is defined: the ``file:line`` every problem carries.

A problem is located at its extension's class (or module) even when the
extension is sound but for its metadata, so the look-up runs once per
problem at startup. ``inspect`` finds a class's line by parsing the whole
source file on every call (before Python 3.13, and on 3.13 for a class
compiled from a rewritten tree, such as pytest's assertion rewriting). Here
each file is parsed once per version of its text: the map of class lines is
kept with the text it was read from, and read again when ``linecache`` sees
the file change.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import types

from .guard import attempt, is_class, is_module

__all__ = [
    "class_line",
    "def_line",
    "def_location",
    "definition_location",
    "function_location",
]

_CLASS_LINES: dict[str, tuple[str, dict[str, int]]] = {}
"""filename -> (the text the map was read from, qualname -> first line)."""


def definition_location(obj: object) -> str | None:
    """``file:line`` where an extension's class or module is defined, or None
    when it cannot be told (asking may run the extension's code)."""
    return attempt(lambda: _definition_location(obj), lambda _: None)


def _definition_location(obj: object) -> str | None:
    target = obj if is_module(obj) or is_class(obj) else type(obj)
    filename = inspect.getsourcefile(target)  # type: ignore[arg-type]
    if not isinstance(filename, str) or not filename:
        return None
    line = 1 if is_module(target) else class_line(target, filename)  # type: ignore[arg-type]
    return None if line is None else f"{filename}:{line}"


def class_line(cls: type, filename: str) -> int | None:
    """The first line of the definition of ``cls`` in ``filename`` (its first
    decorator's, if any), as ``inspect.getsourcelines`` tells it.

    Python 3.13 records it on the class (``__firstlineno__``); otherwise the
    first definition with the class's qualified name is looked up in the map
    of ``filename``'s classes.
    """
    recorded = vars(cls).get("__firstlineno__")
    if type(recorded) is int:
        return recorded
    return _class_lines(filename).get(cls.__qualname__)


def _class_lines(filename: str) -> dict[str, int]:
    linecache.checkcache(filename)
    text = "".join(linecache.getlines(filename))
    cached = _CLASS_LINES.get(filename)
    if cached is not None and cached[0] == text:
        return cached[1]
    lines: dict[str, int] = {}
    _collect(ast.parse(text).body, [], lines)
    _CLASS_LINES[filename] = (text, lines)
    return lines


def _collect(body: list[ast.stmt], scope: list[str], lines: dict[str, int]) -> None:
    """Qualified name -> first line of every class in ``body``, the first
    definition of a name winning (as ``inspect`` finds it), nested ones
    named as Python names them (``f.<locals>.C``, ``Outer.Inner``)."""
    for node in body:
        if isinstance(node, ast.ClassDef):
            path = [*scope, node.name]
            first = node.decorator_list[0] if node.decorator_list else node
            lines.setdefault(".".join(path), first.lineno)
            _collect(node.body, path, lines)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            _collect(node.body, [*scope, node.name, "<locals>"], lines)
        else:
            _collect(_nested_statements(node), scope, lines)


def _nested_statements(node: ast.stmt) -> list[ast.stmt]:
    """The statements inside a compound statement (``if``, ``try``,
    ``with``, loops, ``match``), where a class may be defined too."""
    nested: list[ast.stmt] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.stmt):
            nested.append(child)
        elif isinstance(child, (ast.ExceptHandler, ast.match_case)):
            nested.extend(child.body)
    return nested


DECORATOR_LINES = 50
"""How far below its first decorator a ``def`` is looked for."""


def function_location(function: object) -> str | None:
    """``file:line`` of the code that runs, behind any decorator, or None."""
    try:
        inner = inspect.unwrap(getattr(function, "__func__", function))  # type: ignore[arg-type]
        code = getattr(inner, "__code__", None)
    except Exception:  # an unwrap cycle, a hostile __wrapped__
        return None
    if not isinstance(code, types.CodeType):
        return None
    return def_location(code.co_filename, code.co_firstlineno)


def def_line(filename: str, first_line: int) -> int:
    """The line of the ``def`` itself: a decorated function's code starts
    at its first decorator, but a person looks for the ``def``. The source
    is read through ``linecache`` (no import); unreadable, the first line
    stands."""
    for line in range(first_line, first_line + DECORATOR_LINES):
        text = linecache.getline(filename, line).lstrip()
        if not text:
            break
        if text.startswith(("def ", "async def ")):
            return line
    return first_line


def def_location(filename: str, first_line: int) -> str:
    """``file:line`` of the ``def`` (:func:`def_line`)."""
    return f"{filename}:{def_line(filename, first_line)}"
