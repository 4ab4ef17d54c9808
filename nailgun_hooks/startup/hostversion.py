"""An extension made for another nailgun-hooks: found before it is imported.

An extension's distribution says which nailgun-hooks it was written for
(``Requires-Dist: nailgun-hooks>=9.0``). pip normally enforces that, but not
after ``pip install --no-deps``, nor when a distribution's packages pin
nailgun-hooks. Imported anyway, such an extension fails in ways that hide the
cause: hooks the running specs do not have (``unknown-hook``), annotations of
types that do not exist, imports that fail. So its requirement is checked
from its metadata, before its code runs, and an unmet one is the one problem
reported about it.

The requirement logic is ``packaging``'s, as pip's: environment markers are
evaluated for this interpreter, a requirement that applies only with an extra
(``; extra == "db"``) is left out because nothing records which extras were
asked for, and the running version satisfies a specifier even if it is a
pre-release (as ``pip check`` judges an installed version). ``packaging`` is
imported only when a distribution states a version of nailgun-hooks: its
import costs a good share of the startup machinery's own.
"""

from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from .._version import __version__
from ..errors import Problem
from .distributions import metadata_file, read_text

__all__ = ["HOST_DISTRIBUTION", "check_host_requirement", "unmet_host_requirements"]

if TYPE_CHECKING:
    from packaging.requirements import Requirement

HOST_DISTRIBUTION = "nailgun-hooks"

# "nailgun-hooks" alone, as pip would normalise it: any version will do.
_ANY_VERSION = re.compile(r"\s*nailgun[-_.]+hooks\s*", re.IGNORECASE)


class Declared(Protocol):
    """An entry point as discovery describes it (``EntryPointInfo``)."""

    @property
    def name(self) -> str: ...

    @property
    def distribution(self) -> str | None: ...

    @property
    def dist(self) -> importlib.metadata.Distribution | None: ...

    @property
    def metadata(self) -> tuple[str | None, str] | None: ...

    def problem(
        self, code: str, message: str, hint: str = "", **where: Any
    ) -> Problem: ...


def _applies(requirement: Requirement) -> bool:
    from packaging.markers import (
        InvalidMarker,
        UndefinedComparison,
        UndefinedEnvironmentName,
    )

    if requirement.marker is None:
        return True
    try:
        return requirement.marker.evaluate({"extra": ""})
    except (InvalidMarker, UndefinedComparison, UndefinedEnvironmentName):
        return False  # a marker this interpreter cannot judge


def spelled(requirement: Requirement) -> str:
    """``nailgun-hooks[db]>=9.0``: the requirement without its marker."""
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    return f"{requirement.name}{extras}{requirement.specifier}"


def unmet_host_requirements(
    requires: Iterable[str], host_version: str = __version__
) -> list[Requirement]:
    """The requirements on nailgun-hooks in ``requires`` (``Requires-Dist``
    values) that apply here and that ``host_version`` does not satisfy."""
    stated = [
        line
        for line in requires
        if HOST_DISTRIBUTION[:7] in line.lower() and not _ANY_VERSION.fullmatch(line)
    ]
    if not stated:  # most distributions: nothing to parse
        return []
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name
    from packaging.version import InvalidVersion, Version

    try:
        version = Version(host_version)
    except InvalidVersion:  # an unreleased build: nothing to compare
        return []
    host = canonicalize_name(HOST_DISTRIBUTION)
    unmet = []
    for line in stated:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:  # pip would not have installed it
            continue
        if canonicalize_name(requirement.name) != host or not _applies(requirement):
            continue
        if not requirement.specifier.contains(version, prereleases=True):
            unmet.append(requirement)
    return unmet


def requires_dist(
    dist: importlib.metadata.Distribution | None,
    metadata: tuple[str | None, str] | None = None,
) -> list[str]:
    """The distribution's requirements, as ``importlib.metadata`` reports
    them: its ``Requires-Dist`` values or, where an ``.egg-info`` install
    (system packages, ``setup.py install``) has none, its ``requires.txt``.
    A ``.dist-info`` (METADATA) states every requirement in its headers, so
    no ``requires.txt`` is looked for at startup.

    Read from the header block directly: the ``email`` parser would parse the
    whole file, long description included, for every extension at startup.
    A METADATA that cannot be read is reported by discovery, not here;
    ``metadata`` is the file's name and text when discovery has read them.
    """
    if dist is None:
        return []
    if metadata is None:
        metadata = metadata_file(dist)[:2]
    filename, text = metadata
    found = _header_values(text)
    if found or filename == "METADATA":
        return found
    return _egg_info_requires(dist)


def _header_values(text: str) -> list[str]:
    """The ``Requires-Dist`` values of a METADATA text, folded lines joined."""
    found: list[str] = []
    key = ""
    for line in text.partition("\n\n")[0].splitlines():
        if line[:1] in (" ", "\t"):  # a folded header goes on
            if key == "requires-dist" and found:
                found[-1] += " " + line.strip()
            continue
        key, _, value = line.partition(":")
        key = key.strip().lower()
        if key == "requires-dist":
            found.append(value.strip())
    return found


def _egg_info_requires(dist: importlib.metadata.Distribution) -> list[str]:
    """``requires.txt`` as ``Requires-Dist`` values: a requirement under a
    ``[extra]``, ``[:marker]`` or ``[extra:marker]`` section gets that
    condition as its marker, as ``importlib.metadata`` writes it."""
    text, _ = read_text(dist, "requires.txt")
    found: list[str] = []
    condition = ""
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            condition = _section_condition(line[1:-1])
            continue
        space = " " if "@" in line else ""  # PEP 508: a URL ends before " ;"
        found.append(line + space + (f"; {condition}" if condition else ""))
    return found


def _section_condition(section: str) -> str:
    extra, _, marker = section.partition(":")
    if extra and marker:
        marker = f"({marker})"
    return " and ".join(filter(None, [marker, extra and f'extra == "{extra}"']))


def check_host_requirement(
    info: Declared, host_version: str = __version__
) -> Problem | None:
    """A problem when the entry point's distribution needs another
    nailgun-hooks than the one running."""
    unmet = unmet_host_requirements(
        requires_dist(info.dist, info.metadata), host_version
    )
    if not unmet:
        return None
    wanted = ", ".join(spelled(requirement) for requirement in unmet)
    return info.problem(
        "incompatible-host",
        f"requires {wanted}; {host_version} is installed, so it is not imported",
        f"install a release of {info.distribution or 'the distribution'} made for "
        f"nailgun-hooks {host_version}, or a nailgun-hooks that satisfies "
        f"{wanted} (was it installed with --no-deps, or is nailgun-hooks "
        "pinned by the system's packages?)",
        extension=info.name,
    )
