"""Extensions' URL handlers: the route table, checked at startup.

Nailgun mounted every extension's ``urls`` into one web.py application whose
handlers are looked up by class *name*: two extensions shipping a
``NodeHandler`` each, or two claiming one URL pattern, silently replaced one
another's endpoints. Both are reported at startup here; the extensions involved
are rejected together, the way duplicate names are, since neither is more
right than the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import Problem
from .guard import is_class, kind, module_of, type_name

if TYPE_CHECKING:
    from ..startup.records import ExtensionRecord

__all__ = [
    "Route",
    "check_url_conflicts",
    "check_urls",
    "normalise_pattern",
    "qualified",
    "routes",
]


@dataclass(frozen=True)
class Route:
    """One URL handler an extension serves."""

    uri: str
    """The web.py URL pattern (a regular expression), as the extension wrote it."""
    handler: type
    """The handler class; Nailgun keys it by ``handler.__name__``."""
    extension: str

    @property
    def handler_name(self) -> str:
        return _name(self.handler)

    def to_dict(self) -> dict[str, str]:
        handler = qualified(self.handler)
        return {"uri": self.uri, "handler": handler, "extension": self.extension}


def _entries(obj: object) -> object:
    return getattr(obj, "urls", ())


def check_urls(record: ExtensionRecord) -> list[Problem]:
    """Each entry must be ``{"uri": <regex str>, "handler": <class>}``."""
    value = _entries(record.obj)
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        return [
            record.problem(
                "bad-urls",
                f"urls is {type_name(type(value))}, not a list of "
                "{'uri': ..., 'handler': ...} entries",
                "write urls = [{'uri': r'/path/?$', 'handler': SomeHandler}]",
            )
        ]
    problems = []
    for index, entry in enumerate(value):
        where = f"urls[{index}]"
        if not isinstance(entry, Mapping):
            problems.append(
                record.problem(
                    "bad-url",
                    f"{where} is {type_name(type(entry))}, not a mapping",
                    "write {'uri': r'/path/?$', 'handler': SomeHandler}",
                )
            )
            continue
        uri, handler = entry.get("uri"), entry.get("handler")
        if not isinstance(uri, str) or not uri:
            problems.append(
                record.problem(
                    "bad-url",
                    f"{where} has no 'uri' string (found {kind(uri)})",
                    "give each entry a 'uri': a web.py URL pattern such as "
                    "r'/clusters/(?P<cluster_id>\\d+)/thing/?$'",
                )
            )
        else:
            try:
                re.compile(uri)
            except re.error as exc:
                problems.append(
                    record.problem(
                        "bad-url",
                        f"{where} 'uri' {uri!r} is not a valid regular expression: "
                        f"{exc}",
                        "fix the pattern: web.py matches URLs with re",
                    )
                )
        if not is_class(handler):
            problems.append(
                record.problem(
                    "bad-url",
                    f"{where} 'handler' is {kind(handler)}, not a class",
                    "give each entry a 'handler': the handler class itself",
                )
            )
    return problems


def routes(records: Iterable[ExtensionRecord]) -> tuple[Route, ...]:
    """Every well-formed route of ``records``, in their order.

    Reading an extension's ``urls`` runs its code; should that raise here,
    after :func:`check_urls` read them without trouble at startup, the
    extension's routes are left out rather than the others' lost.
    """
    found: list[Route] = []
    for record in records:
        try:
            found.extend(_routes_of(record))
        except KeyboardInterrupt:
            raise
        except BaseException:
            continue
    return tuple(found)


def _routes_of(record: ExtensionRecord) -> list[Route]:
    value = _entries(record.obj)
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        return []
    found = []
    for entry in value:
        if not isinstance(entry, Mapping):
            continue
        uri, handler = entry.get("uri"), entry.get("handler")
        if type(uri) is str and is_class(handler):
            found.append(Route(uri, handler, record.name))
    return found


def normalise_pattern(uri: str) -> str:
    """web.py anchors every pattern, so ``^/x$`` and ``/x`` are one URL."""
    return uri.removeprefix("^").removesuffix("$")


def qualified(handler: type) -> str:
    return f"{module_of(handler)}.{type_name(handler)}"


def _name(handler: type) -> str:
    """``handler.__name__``, read through ``type``'s own slot: a handler
    class's metaclass is the extension's code."""
    name: str = type.__dict__["__name__"].__get__(handler, type)
    return name


def check_url_conflicts(records: Sequence[ExtensionRecord]) -> list[Problem]:
    """One problem per extension involved in a URL or handler-name clash."""
    by_record = {record.name: record for record in records}
    all_routes = routes(records)
    problems = []
    by_pattern: dict[str, list[Route]] = {}
    by_name: dict[str, list[Route]] = {}
    for route in all_routes:
        by_pattern.setdefault(normalise_pattern(route.uri), []).append(route)
        by_name.setdefault(route.handler_name, []).append(route)
    for pattern, group in by_pattern.items():
        if len(group) < 2:
            continue
        claims = ", ".join(
            f"{r.extension!r} ({r.uri!r} -> {qualified(r.handler)})" for r in group
        )
        for name in dict.fromkeys(r.extension for r in group):
            problems.append(
                by_record[name].problem(
                    "url-conflict",
                    f"the URL pattern {pattern!r} is claimed {len(group)} times: "
                    f"{claims}; only one handler can serve it",
                    "change one of the URL patterns, or uninstall one extension",
                )
            )
    for handler_name, group in by_name.items():
        classes = {id(r.handler): r.handler for r in group}
        if len(classes) < 2:
            continue
        claims = ", ".join(
            f"{r.extension!r} ({qualified(r.handler)} for {r.uri!r})" for r in group
        )
        for name in dict.fromkeys(r.extension for r in group):
            problems.append(
                by_record[name].problem(
                    "handler-name-conflict",
                    f"{len(classes)} different handler classes are named "
                    f"{handler_name!r}: {claims}; Nailgun looks handlers up by "
                    "class name, so one would serve the other's URLs",
                    "rename one of the handler classes",
                )
            )
    return problems
