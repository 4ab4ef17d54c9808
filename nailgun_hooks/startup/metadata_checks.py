"""Checks of what an extension says about itself: name, version,
description, and the lists Nailgun reads (``provides``, ``before``,
``after``).

Nailgun lists extensions by name and version and keys tables on the name;
a wrong type is misread rather than refused, and an ordering reference to
an extension that is not installed is silently ignored. Each is reported
here instead, once, at startup.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ..errors import Problem, did_you_mean
from ..extension import BaseExtension
from ..markers import NAME_PATTERN, NAME_RULE
from .guard import is_extension, object_label
from .records import LISTS, ExtensionRecord

__all__ = [
    "VERSION_PATTERN",
    "check_metadata",
    "check_metadata_types",
    "check_references",
]

# PEP 440, as ``packaging`` spells it (which also accepts semver's 1.0.0-rc.1).
VERSION_PATTERN = re.compile(
    r"v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*"
    r"(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?"
    r"(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?"
    r"(?:[-_.]?dev[-_.]?[0-9]*)?"
    r"(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?",
    re.IGNORECASE,
)


def check_metadata(
    record: ExtensionRecord, entry_point_name: str | None
) -> list[Problem]:
    """Name, version and description are what Nailgun lists and keys on."""
    problems = check_metadata_types(record)
    mistyped = {p.message.split(" ", 1)[0] for p in problems}
    if not record.name.strip():
        problems.append(
            record.problem(
                "empty-name", "the extension has no name", "set name = '...'"
            )
        )
    elif not NAME_PATTERN.fullmatch(record.name):
        problems.append(
            record.problem(
                "bad-name",
                f"the name {record.name!r} is not a valid extension name",
                f"use {NAME_RULE}: "
                "the name is a table prefix and an item of comma-separated lists",
            )
        )
    if entry_point_name is not None and record.name and entry_point_name != record.name:
        problems.append(
            record.problem(
                "entry-point-name-mismatch",
                f"the entry point is named {entry_point_name!r} but the extension "
                f"calls itself {record.name!r}",
                f"rename the entry point to {record.name!r}: allow- and deny-lists "
                "match entry point names before anything is imported",
            )
        )
    if "version" not in mistyped and not VERSION_PATTERN.fullmatch(
        record.version.strip()
    ):
        problems.append(
            record.problem(
                "bad-version",
                f"the version {record.version!r} is not a valid version",
                "set version = '1.0.0' (PEP 440; semver fits)",
            )
        )
    description = record.description.strip()
    if "description" in mistyped:
        pass
    elif not description:
        problems.append(
            record.problem(
                "missing-description",
                "the extension has no description",
                "set description = '<one line saying what it does>'"
                + (
                    ""
                    if isinstance(record.obj, BaseExtension)
                    else " in the module, or give the distribution a summary "
                    "(description in pyproject.toml's [project] table)"
                ),
            )
        )
    elif "\n" in description:
        problems.append(
            record.problem(
                "multiline-description",
                "the description spans several lines",
                "keep the description to one line; it is shown in listings",
            )
        )
    return problems


_TEXT_FIELDS = ("name", "version", "description")
_LIST_FIELDS = {
    "provides": ("first-result event names", "['get_node_volumes']"),
    "before": ("extension names", "['other-extension']"),
    "after": ("extension names", "['other-extension']"),
}


_NONE = object()


def _what(value: object) -> str:
    return "None" if value is None else object_label(value)


def check_metadata_types(record: ExtensionRecord) -> list[Problem]:
    """Each metadata attribute is of the type Nailgun reads it as.

    Otherwise it is misread, not refused: a string ``provides`` would be
    listed as its letters, a dict or generator ``before`` ignored. Values
    are described by type, never printed.
    """
    obj = record.obj
    strict = is_extension(obj)  # other objects may leave these to the dist
    problems = []
    for field_name in _TEXT_FIELDS:
        value = getattr(obj, field_name, None)
        if type(value) is str or (value is None and not strict):
            continue
        problems.append(
            record.problem(
                "bad-metadata-type",
                f"{field_name} is {_what(value)}, not a string",
                f"set {field_name} = '...' (a plain string)",
            )
        )
    for field_name, (what, example) in _LIST_FIELDS.items():
        value = getattr(obj, field_name, ())
        if isinstance(value, str) and field_name != "provides":
            problems.append(
                record.problem(
                    "bad-ordering-field",
                    f"{field_name} is a string, not a list of {what}",
                    f"write {field_name} = [{value!r}]",
                )
            )
            continue
        if isinstance(value, str):
            message = f"{field_name} is a string, not a list of {what}"
            hint = f"write {field_name} = [{value!r}]"
        elif not isinstance(value, LISTS):
            message = f"{field_name} is {_what(value)}, not a list of {what}"
            hint = f"write {field_name} = {example}"
        else:
            odd = next((item for item in value if type(item) is not str), _NONE)
            if odd is _NONE:
                continue
            message = f"{field_name} holds {_what(odd)}, not only {what}"
            hint = f"write {field_name} = {example} (strings only)"
        problems.append(record.problem("bad-metadata-type", message, hint))
    return problems


def check_references(
    record: ExtensionRecord, installed: Collection[str]
) -> list[Problem]:
    """``before``/``after`` must name extensions that are installed."""
    problems = []
    for field_name in ("before", "after"):
        for name in getattr(record, field_name):
            if name == record.name:
                problems.append(
                    record.problem(
                        "ordering-self-reference",
                        f"{field_name} names the extension itself",
                        f"remove {name!r} from {field_name}",
                    )
                )
            elif name not in installed:
                suggestion = did_you_mean(name, installed)
                problems.append(
                    record.problem(
                        "unknown-ordering-reference",
                        f"{field_name} names {name!r}, which is not installed",
                        suggestion
                        or f"remove {name!r} from {field_name}, or install it",
                    )
                )
    return problems
