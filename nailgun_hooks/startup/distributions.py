"""Installed distributions' entry points, read so that no distribution can
stop the reading.

``importlib.metadata.entry_points()`` parses every installed distribution's
``entry_points.txt`` in one pass and gives up at the first it cannot read: one
line without ``=`` or one file that is not UTF-8, in any package anywhere on
``sys.path``, stopped lenient startup and ``nailgun-hooks list --no-import``
alike. Here each distribution is read on its own, and only our group's
section is parsed:

* a distribution that offers nothing in the group is skipped, whatever its
  files hold (not UTF-8, bad lines or headers in other sections, no
  ``METADATA``): it cannot change what Nailgun runs, so it stops nothing;
* one whose ``entry_points.txt`` cannot be read at all (permissions, a
  symlink loop) is skipped with a warning in the log, as importlib.metadata
  treats an unreadable file as absent;
* one that offers the group but is broken is returned with what is wrong
  (``defects`` and ``bad_lines`` of :class:`DeclaringDistribution`), for
  discovery to report as problems naming it.

Which of two installs of one distribution counts follows importlib.metadata:
the first on ``sys.path``.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import pathlib
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import printable

log = logging.getLogger("nailgun_hooks")

NOT_UTF8 = "\ufffd"
"""What each byte that is not UTF-8 is read as."""


@dataclass(frozen=True)
class DeclaringDistribution:
    """A distribution with a section for our group in its entry_points.txt."""

    distribution: importlib.metadata.Distribution
    name: str
    """``Name`` from its METADATA; "" when it has none."""
    version: str
    entry_points: tuple[importlib.metadata.EntryPoint, ...]
    defects: tuple[str, ...] = ()
    """What is wrong with the distribution as a whole (its METADATA)."""
    bad_lines: tuple[str, ...] = ()
    """Lines of our section that declare no readable entry point."""
    metadata: tuple[str | None, str] | None = None
    """Which of METADATA and PKG-INFO it has, and its text, as read here
    (None: not read), so that startup reads the file once."""

    @property
    def label(self) -> str:
        """The distribution's name, or where it lies when it has none."""
        if self.name:
            return self.name
        try:
            return (
                f"<distribution without a name in {self.distribution.locate_file('')}>"
            )
        except Exception:
            return "<distribution without a name>"


def read_text(
    dist: importlib.metadata.Distribution, filename: str
) -> tuple[str | None, str]:
    """A file's text (None when absent) and what is wrong with it ("" if nothing).

    A file that is not UTF-8 is read with U+FFFD for each bad byte, so the
    rest of it stays readable.
    """
    try:
        return dist.read_text(filename), ""
    except UnicodeDecodeError as exc:
        raw = exc.object if isinstance(exc.object, bytes) else b""
        line = raw[: exc.start].count(b"\n") + 1
        text = raw.decode("utf-8", "replace") if raw else None
        return text, f"its {filename} is not UTF-8 (line {line})"
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return None, f"its {filename} cannot be read ({reason})"


def name_and_version(text: str) -> tuple[str, str]:
    """The ``Name`` and ``Version`` headers of a METADATA text ("" if absent),
    as importlib.metadata's parser reads them."""
    parsed = _Parsed(text).metadata
    name = (parsed.get_all("Name") or [""])[0]
    version = (parsed.get_all("Version") or [""])[0]
    return str(name), str(version)


class _Parsed(importlib.metadata.Distribution):
    """A METADATA text already read, parsed as importlib.metadata parses it."""

    def __init__(self, text: str) -> None:
        self._text = text

    def read_text(self, filename: str) -> str | None:
        return self._text if filename == "METADATA" else None

    def locate_file(self, path: str | os.PathLike[str]) -> pathlib.Path:
        return pathlib.Path(path)


def metadata_text(dist: importlib.metadata.Distribution) -> tuple[str, str]:
    """The distribution's METADATA (or PKG-INFO) and what is wrong with it."""
    _, text, defect = metadata_file(dist)
    return text, defect


def metadata_file(
    dist: importlib.metadata.Distribution,
) -> tuple[str | None, str, str]:
    """Which of METADATA (a ``.dist-info``) and PKG-INFO (an ``.egg-info``)
    the distribution has, with :func:`metadata_text`'s answer."""
    for filename in ("METADATA", "PKG-INFO"):
        text, defect = read_text(dist, filename)
        if text is not None or defect:
            return filename, text or "", defect
    return None, "", "it has no METADATA"


def summary(dist: importlib.metadata.Distribution) -> str:
    """The distribution's one-line ``Summary``, "" when there is none."""
    text, _ = metadata_text(dist)
    if not text:
        return ""
    return str((_Parsed(text).metadata.get_all("Summary") or [""])[0])


def section(
    text: str, group: str
) -> tuple[list[importlib.metadata.EntryPoint], list[str]]:
    """Entry points of ``group`` in an entry_points.txt, and its bad lines.

    Sections and comments are read as importlib.metadata reads them; lines of
    other sections are not looked at.
    """
    found: list[importlib.metadata.EntryPoint] = []
    bad: list[str] = []
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line.strip("[]")
            continue
        if line.startswith("[") and group in line:
            bad.append(f"line {number} is a section header without its ']'")
            current = None
            continue
        if current != group:
            continue
        name, equals, value = line.partition("=")
        if NOT_UTF8 in line:
            bad.append(f"line {number} is not UTF-8")
        elif not equals:
            bad.append(f"line {number} has no '=' (write 'name = module:attribute')")
        else:
            found.append(
                importlib.metadata.EntryPoint(
                    name=name.strip(), value=value.strip(), group=group
                )
            )
    return found, bad


def _unique(
    dists: Iterator[importlib.metadata.Distribution],
) -> Iterator[importlib.metadata.Distribution]:
    """The first distribution of each name, by importlib.metadata's own key
    (the normalised name, from the folder's name where it can)."""
    seen: set[object] = set()
    for dist in dists:
        try:
            key = getattr(dist, "_normalized_name", None)
        except Exception:  # falls back to a METADATA it cannot read
            key = None
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        yield dist


def _declaring(
    dist: importlib.metadata.Distribution, text: str, group: str
) -> DeclaringDistribution:
    entry_points, bad_lines = section(text, group)
    filename, metadata, defect = metadata_file(dist)
    name, version = name_and_version(metadata)
    defects = [defect] if defect else []
    if metadata and not name:
        defects.append("its METADATA has no Name")
    return DeclaringDistribution(
        dist,
        name,
        version,
        tuple(entry_points),
        tuple(defects),
        tuple(bad_lines),
        (filename, metadata),
    )


def _log_name(dist: importlib.metadata.Distribution) -> str:
    """A distribution named for a log line, even when it is broken."""
    try:
        name = name_and_version(metadata_text(dist)[0])[0]
        where = dist.locate_file("")
    except Exception:
        return "an installed distribution"
    text = f"distribution {name!r} in {where}" if name else f"a distribution in {where}"
    return printable(text)


def declaring_distributions(group: str) -> list[DeclaringDistribution]:
    """Every installed distribution that has a section for ``group``."""
    found = []
    try:
        for dist in _unique(iter(importlib.metadata.distributions())):
            try:
                text, defect = read_text(dist, "entry_points.txt")
                if text is None:
                    if defect:
                        log.warning("skipped %s: %s", _log_name(dist), defect)
                    continue
                if f"[{group}" not in text:  # a cheap test before parsing
                    continue
                declaring = _declaring(dist, text, group)
            except Exception as exc:  # whatever else reading it raises
                log.warning(
                    "skipped %s: reading it raised %s",
                    _log_name(dist),
                    type(exc).__name__,
                )
                continue
            if declaring.entry_points or declaring.bad_lines:
                found.append(declaring)
    except Exception as exc:  # the search of sys.path itself
        log.warning("stopped reading installed distributions: %s", type(exc).__name__)
    return found
