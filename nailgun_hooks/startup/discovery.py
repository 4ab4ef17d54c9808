"""Entry points -> imported objects, with every failure kept as a problem.

Loading runs through a stevedore ``ExtensionManager`` subclass that avoids
stevedore's traps for a long-running service:

* entry points are read fresh from ``importlib.metadata`` for our group only,
  never from stevedore's on-disk or per-process caches, so a re-install is
  seen at the next start and no other group is scanned;
* names are filtered by the allow/deny lists *before* import, so an excluded
  extension's code never runs;
* every failure, including ``SystemExit`` and ``AssertionError`` that stevedore
  lets through, becomes a :class:`~nailgun_hooks.errors.Problem` with the
  entry point, the distribution and the traceback, instead of a log line;
* the order is sorted, not the filesystem's.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .._pluggy_internals import GuardedExtensionManager
from ..errors import Problem
from ..markers import NAME_PATTERN, NAME_RULE
from .bases import removed_method_hint
from .distributions import declaring_distributions, summary
from .guard import describe_exception, format_traceback, object_label
from .hostversion import check_host_requirement
from .selection import select


@dataclass(frozen=True)
class EntryPointInfo:
    """An entry point and the distribution that declared it."""

    name: str
    value: str
    distribution: str | None
    distribution_version: str | None
    _entry_point: importlib.metadata.EntryPoint = field(repr=False, compare=False)
    _distribution: importlib.metadata.Distribution | None = field(
        default=None, repr=False, compare=False
    )
    _metadata: tuple[str | None, str] | None = field(
        default=None, repr=False, compare=False
    )

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"

    @property
    def dist(self) -> importlib.metadata.Distribution | None:
        """The distribution that declared the entry point, if known."""
        if self._distribution is not None:
            return self._distribution
        return getattr(self._entry_point, "dist", None)

    @property
    def metadata(self) -> tuple[str | None, str] | None:
        """The distribution's METADATA (or PKG-INFO) file name and text, as
        discovery read them (None: not read)."""
        return self._metadata

    @property
    def summary(self) -> str:
        """The distribution's one-line summary (read only when asked)."""
        if self._distribution is None:
            return ""
        return summary(self._distribution)

    def problem(self, code: str, message: str, hint: str = "", **where: Any) -> Problem:
        """A problem located at this entry point, naming the extension by
        the entry point's name unless told otherwise."""
        where.setdefault("extension", self.name)
        return Problem(
            code=code,
            message=message,
            hint=hint,
            distribution=self.distribution,
            entry_point=str(self),
            **where,
        )


@dataclass(frozen=True)
class Loaded:
    """An entry point whose target imported cleanly."""

    entry_point: EntryPointInfo
    target: object
    seconds: float = 0.0
    """How long importing the target took."""


@dataclass
class Discovery:
    """What discovery found: everything installed, and what was imported."""

    installed: list[EntryPointInfo] = field(default_factory=list)
    excluded: list[EntryPointInfo] = field(default_factory=list)
    loaded: list[Loaded] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def installed_entry_points(namespace: str) -> list[EntryPointInfo]:
    """Every entry point in ``namespace``, sorted, without importing any."""
    return scan_installed(namespace)[0]


def scan_installed(namespace: str) -> tuple[list[EntryPointInfo], list[Problem]]:
    """Every entry point in ``namespace``, sorted, and a problem for each
    broken distribution offering the namespace; no extension is imported.

    A distribution whose METADATA is missing or unreadable offers entry
    points that cannot be trusted to be what they say: each is a
    ``broken-distribution`` problem (so it is not imported). A line of the
    section that declares nothing readable is one too, naming the
    distribution; the section's good lines still count.
    """
    found: list[EntryPointInfo] = []
    problems: list[Problem] = []
    for declaring in declaring_distributions(namespace):
        infos = [
            EntryPointInfo(
                name=ep.name,
                value=ep.value,
                distribution=declaring.label,
                distribution_version=declaring.version,
                _entry_point=ep,
                _distribution=declaring.distribution,
                _metadata=declaring.metadata,
            )
            for ep in declaring.entry_points
        ]
        found.extend(infos)
        for defect in declaring.defects:
            problems.extend(
                info.problem(
                    "broken-distribution",
                    f"its distribution is broken: {defect}",
                    BROKEN_HINT,
                    extension=info.name,
                )
                for info in infos
            )
        problems.extend(
            Problem(
                code="broken-distribution",
                message=f"its entry_points.txt declares nothing readable in "
                f"[{namespace}]: {line}",
                hint=BROKEN_HINT,
                distribution=declaring.label,
            )
            for line in declaring.bad_lines
        )
    found.sort(key=lambda e: (e.name, e.distribution or "", e.value))
    return found, problems


BROKEN_HINT = (
    "reinstall the distribution (pip install --force-reinstall), or uninstall it"
)


def load_failure(entry_point: EntryPointInfo, exc: BaseException) -> Problem:
    """The problem an import failure becomes."""
    message, location = describe_exception(exc)
    if issubclass(type(exc), SystemExit):
        code = "import-exited"
        status = exc.code  # type: ignore[attr-defined]
        shown = (
            repr(status)
            if type(status) in (int, str, type(None))
            else object_label(status)
        )
        message = f"importing it called sys.exit({shown})"
        hint = "an extension must never exit the process; remove the exit call"
    elif isinstance(exc, SyntaxError):
        code = "import-failed"
        hint = (
            "fix the syntax error; if the code is valid, the distribution needs "
            "a newer Python than this one"
        )
    elif isinstance(exc, ImportError):
        code = "import-failed"
        hint = (
            f"check that the module and attribute in {str(entry_point)!r} exist "
            "and that the distribution's dependencies are installed"
        )
    elif isinstance(exc, AttributeError) and location is None:
        # Raised by the loader's own attribute lookup: the module is fine.
        code = "import-failed"
        hint = (
            "the module imports, but has no attribute of the name given in "
            f"{str(entry_point)!r}; correct the entry point or the module"
        )
    else:
        code = "import-failed"
        hint = removed_method_hint(exc) or (
            "importing the extension's module raised; fix the module"
        )
    return entry_point.problem(
        code,
        f"cannot be loaded: {message}",
        hint,
        extension=entry_point.name,
        location=location,
        traceback=format_traceback(exc),
    )


class _Loader(GuardedExtensionManager):
    """stevedore's manager over a list of entry points we chose and sorted."""

    def __init__(self, namespace: str, chosen: list[EntryPointInfo]) -> None:
        self._chosen = chosen
        self.info_of = {id(info._entry_point): info for info in chosen}
        """Our record of each entry point stevedore hands back, by identity."""
        self.failures: list[Problem] = []
        super().__init__(namespace)

    def chosen_entry_points(self) -> list[importlib.metadata.EntryPoint]:
        return [info._entry_point for info in self._chosen]

    def load_failed(
        self, entry_point: importlib.metadata.EntryPoint, error: BaseException
    ) -> None:
        self.failures.append(load_failure(self.info_of[id(entry_point)], error))


Claimant = TypeVar("Claimant")


def contested(
    claimants: Iterable[Claimant], name: Callable[[Claimant], str]
) -> dict[str, list[Claimant]]:
    """Every name more than one of ``claimants`` claims, with its claimants
    in the order given: the one rule behind both ``duplicate-name`` checks,
    of entry points before anything is imported (:func:`duplicate_names`)
    and of extensions as they call themselves (``assembly``)."""
    by_name: dict[str, list[Claimant]] = {}
    for claimant in claimants:
        by_name.setdefault(name(claimant), []).append(claimant)
    return {name: group for name, group in by_name.items() if len(group) > 1}


def claimant(distribution: str | None, where: object) -> str:
    """One claimant of a name, as a ``duplicate-name`` message lists it."""
    return f"{distribution or '<no distribution>'} ({where})"


def duplicate_names(entry_points: Iterable[EntryPointInfo]) -> list[Problem]:
    """One problem per name claimed by more than one entry point.

    Neither claimant is imported: picking one would let whichever package was
    installed last (or sorts first) impersonate the other.
    """
    problems = []
    for name, claimants in contested(entry_points, lambda info: info.name).items():
        owners = ", ".join(claimant(c.distribution, c) for c in claimants)
        problems.append(
            Problem(
                code="duplicate-name",
                message=f"the name {name!r} is claimed by {len(claimants)} entry "
                f"points: {owners}; none of them is loaded",
                hint="uninstall one of the distributions, or rename one extension",
                extension=name,
                distribution=", ".join(
                    sorted({c.distribution or "?" for c in claimants})
                ),
            )
        )
    return problems


def unloadable(entry_point: EntryPointInfo) -> Problem | None:
    """A problem when the entry point cannot be loaded, or excluded, as written.

    A name like ``audit,backup`` cannot be written in the comma-separated
    deny-list, so its code would run with no way to stop it: an invalid name
    is reported before import, not after.

    ``EntryPoint.load`` does not check its value: ``my-ext:Extension`` (a
    dash in the module name) fails inside it with "'NoneType' object has no
    attribute 'group'", which names neither the entry point nor the mistake.
    """
    if not NAME_PATTERN.fullmatch(entry_point.name):
        return entry_point.problem(
            "bad-name",
            f"the entry point name {entry_point.name!r} is not a valid extension "
            "name, so it is not imported",
            f"name the entry point (and the extension) with {NAME_RULE}",
            extension=entry_point.name,
        )
    if importlib.metadata.EntryPoint.pattern.match(entry_point.value) is None:
        return entry_point.problem(
            "bad-entry-point",
            f"the entry point's value {entry_point.value!r} is not "
            "'module' or 'module:attribute'",
            "write it as 'package.module:ClassName' (dotted Python names) in the "
            "distribution's entry points",
            extension=entry_point.name,
        )
    return None


def discover(
    namespace: str,
    *,
    enabled: Collection[str] | None = None,
    disabled: Collection[str] = (),
) -> Discovery:
    """Find the namespace's entry points and import the chosen ones.

    An entry point is imported only when the allow-list (if any) names it, the
    deny-list does not (nor may mean it: see :mod:`.selection`), no other
    entry point claims the same name, and its distribution does not require
    another nailgun-hooks (see :mod:`.hostversion`).
    """
    installed, broken = scan_installed(namespace)
    result = Discovery(installed=installed)
    selection = select(
        None if enabled is None else frozenset(enabled),
        frozenset(disabled),
        {info.name for info in installed},
    )
    result.problems.extend(selection.problems)
    wanted: list[EntryPointInfo] = []
    for info in result.installed:
        excluded = selection.excludes(info.name)
        (result.excluded if excluded else wanted).append(info)
    wanted_points = {str(info) for info in wanted}
    result.problems.extend(
        problem
        for problem in broken
        if problem.entry_point is None or problem.entry_point in wanted_points
    )
    for info in wanted:
        problem = unloadable(info) or check_host_requirement(info)
        if problem is not None:
            result.problems.append(problem)
    result.problems.extend(duplicate_names(wanted))
    contested = {problem.extension for problem in result.problems}
    chosen = [info for info in wanted if info.name not in contested]
    loader = _Loader(namespace, chosen)
    for ext in loader.extensions:
        seconds = loader.import_seconds.get(id(ext.entry_point), 0.0)
        result.loaded.append(
            Loaded(loader.info_of[id(ext.entry_point)], ext.plugin, seconds)
        )
    result.problems.extend(loader.failures)
    return result
