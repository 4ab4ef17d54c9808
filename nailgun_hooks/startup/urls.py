"""Extensions' URL handlers: the route table, checked at startup.

Nailgun mounted every extension's ``urls`` into one web.py application,
keying each handler by its ``__name__``. A handler is served if web.py can
serve what that key leads to: a class (looked up by its name), or an object
whose ``__name__`` is not a string but something web.py dispatches to
directly: a web.py application (tuning-box mounts its own that way, with
``__name__`` set to the application itself) or a callable. Anything else is
reported here. Handlers looked up by class *name* clash: two extensions
shipping a ``NodeHandler`` each, or two claiming one URL pattern, silently
replaced one another's endpoints. Both are reported at startup here; the
extensions involved are rejected together, the way duplicate names are,
since neither is more right than the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import Problem
from .discovery import contested
from .guard import attempt, is_class, module_of, object_label, type_name

if TYPE_CHECKING:
    from .records import ExtensionRecord

__all__ = [
    "Route",
    "check_url_conflicts",
    "check_urls",
    "normalise_pattern",
    "qualified",
    "routes",
    "servable",
]


@dataclass(frozen=True)
class Route:
    """One URL handler an extension serves."""

    uri: str
    """The web.py URL pattern (a regular expression), as the extension wrote it."""
    handler: object
    """The handler: a class, or an object web.py serves itself (see above)."""
    extension: str

    @property
    def key(self) -> object:
        """What Nailgun put in web.py's URL list: ``handler.__name__``."""
        return _served(self.handler)

    @property
    def handler_name(self) -> str | None:
        """The class name web.py looks the handler up by; None for a
        handler web.py is given directly."""
        key = self.key
        return key if isinstance(key, str) else None

    def to_dict(self) -> dict[str, str]:
        return {
            "uri": self.uri,
            "handler": qualified(self.handler),
            "extension": self.extension,
        }


_NO_NAME = object()


def _served(handler: object) -> object:
    """``handler.__name__``, or a marker when reading it fails."""
    # the handler's own code: anything may come out
    return attempt(lambda: getattr(handler, "__name__", _NO_NAME), lambda _: _NO_NAME)


def servable(handler: object) -> bool:
    """Whether Nailgun could have served ``handler`` (see the module's doc);
    False, too, when merely asking raises."""
    key = _served(handler)
    if key is _NO_NAME:
        return False
    if isinstance(key, str):
        return is_class(handler)
    return attempt(  # the handler's own code: anything may come out
        lambda: (
            is_class(key)
            or callable(getattr(key, "handle_with_processors", None))
            or callable(key)
        ),
        lambda _: False,
    )


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
                    f"{where} has no 'uri' string (found {object_label(uri)})",
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
        if not servable(handler):
            problems.append(
                record.problem(
                    "bad-url",
                    f"{where} 'handler' is {object_label(handler)}, which Nailgun "
                    "cannot serve: web.py serves a handler class (found by its "
                    "__name__), or an application or callable whose __name__ is "
                    "itself",
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
        found.extend(attempt(lambda: _routes_of(record), lambda _: ()))  # noqa: B023
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
        if type(uri) is str and servable(handler):
            found.append(Route(uri, handler, record.name))
    return found


def normalise_pattern(uri: str) -> str:
    """web.py anchors every pattern, so ``^/x$`` and ``/x`` are one URL."""
    return uri.removeprefix("^").removesuffix("$")


def qualified(handler: object) -> str:
    """A class by its qualified name, anything else by its type's."""
    if is_class(handler):
        return f"{module_of(handler)}.{type_name(handler)}"
    of = type(handler)
    return f"{module_of(of)}.{type_name(of)} instance"


def check_url_conflicts(records: Sequence[ExtensionRecord]) -> list[Problem]:
    """One problem per extension involved in a URL or handler-name clash."""
    by_record = {record.name: record for record in records}
    all_routes = routes(records)
    problems = []
    by_pattern = contested(all_routes, lambda route: normalise_pattern(route.uri))
    named = [route for route in all_routes if route.handler_name is not None]
    by_name = contested(named, lambda route: route.handler_name or "")
    for pattern, group in by_pattern.items():
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
