"""Every broken extension of the catalogue, installed for real, in both modes.

Strict mode: startup fails with :class:`ExtensionValidationError` listing
every problem of the case, exactly as the catalogue states it.
Lenient mode: the same problems are kept in ``manager.problems`` (and logged
once each), and the healthy extensions installed next to the broken one load
and receive every event.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from nailgun_hooks import (
    ExtensionValidationError,
    HookManager,
    Problem,
    load_extensions,
    specs,
)
from tests.reliability.catalogue import CASES, HEALTHY, Case
from tests.reliability.installer import Installer, install_recorder
from tests.support.dists import DistFactory

WITH_TRACEBACK = {"import-failed", "import-exited", "inspection-failed"}
SECRET = "s3cr3t"  # held by the hostile settings objects of the catalogue


def install_case(dists: DistFactory, case: Case) -> Installer:
    installer = Installer(dists)
    installer.values["dist"] = case.distribution
    case.install(installer)
    return installer


def install_healthy(dists: DistFactory) -> list[str]:
    installer = Installer(dists)
    return [install_recorder(installer, name) for name in HEALTHY]


def view(problem: Problem, root: Path) -> dict[str, str | None]:
    """The asserted fields of a problem; a location inside the test's site
    directory is shortened to ``file-name:line``."""
    location = problem.location
    if location is not None:
        path, _, line = location.rpartition(":")
        if Path(path).parent == root:
            location = f"{Path(path).name}:{line}"
    return {
        "code": problem.code,
        "extension": problem.extension,
        "distribution": problem.distribution,
        "entry_point": problem.entry_point,
        "hook": problem.hook,
        "message": problem.message,
        "hint": problem.hint,
        "location": location,
    }


def ordered(views: Iterable[dict[str, str | None]]) -> list[dict[str, str | None]]:
    return sorted(views, key=lambda v: tuple(str(value) for value in v.values()))


def expected_views(case: Case, installer: Installer) -> list[dict[str, str | None]]:
    return [expected.render(installer.values) for expected in case.expected]


def check_tracebacks(problems: Sequence[Problem]) -> None:
    for problem in problems:
        if problem.code in WITH_TRACEBACK:
            assert problem.traceback is not None, problem
        if problem.traceback is not None:
            assert problem.traceback.startswith("Traceback (most recent call last)")


class Sample:
    """A distinct argument value per hook and parameter."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __repr__(self) -> str:
        return f"<Sample {self.label}>"


def fire_every_event(manager: HookManager) -> list[tuple[str, dict[str, object]]]:
    """Call each hook once with fresh argument objects; return what was sent."""
    sent = []
    for spec in specs().values():
        kwargs: dict[str, object] = {
            arg: Sample(f"{spec.name}.{arg}") for arg in spec.argnames
        }
        result = getattr(manager.hook, spec.name)(**kwargs)
        assert result == (None if spec.firstresult else [])
        sent.append((spec.name, kwargs))
    return sent


def assert_healthy_received_everything(
    manager: HookManager, modules: Sequence[str]
) -> None:
    import sys

    sent = fire_every_event(manager)
    for module in modules:
        received = sys.modules[module].CALLS
        assert len(received) == len(sent) == len(specs())
        for (hook, kwargs), (got_hook, got) in zip(sent, received, strict=True):
            assert got_hook == hook
            assert got.keys() == kwargs.keys()
            assert all(got[arg] is kwargs[arg] for arg in kwargs)


def test_the_catalogue_is_large_and_distinct() -> None:
    assert len(CASES) >= 25
    assert len({case.slug for case in CASES}) == len(CASES)
    assert all(case.expected for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.slug)
def test_strict_mode_fails_listing_every_problem(
    dists: DistFactory, case: Case
) -> None:
    installer = install_case(dists, case)
    install_healthy(dists)
    with pytest.raises(ExtensionValidationError) as raised:
        load_extensions(namespace=dists.namespace)
    problems = raised.value.problems
    assert ordered(view(p, dists.root) for p in problems) == ordered(
        expected_views(case, installer)
    )
    text = str(raised.value)
    count = len(problems)
    assert text.startswith(
        f"{count} problem{'s' if count != 1 else ''} with Nailgun extensions:"
    )
    assert all(str(problem) in text for problem in problems)
    assert SECRET not in text
    check_tracebacks(problems)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.slug)
def test_lenient_mode_keeps_the_healthy_extensions(
    dists: DistFactory, case: Case, caplog: pytest.LogCaptureFixture
) -> None:
    installer = install_case(dists, case)
    healthy = install_healthy(dists)
    with caplog.at_level(logging.DEBUG):
        manager = load_extensions(namespace=dists.namespace, strict=False)
    assert manager.names() == tuple(sorted((*HEALTHY, *case.loaded)))
    assert ordered(view(p, dists.root) for p in manager.problems) == ordered(
        expected_views(case, installer)
    )
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == len(manager.problems)
    for record, problem in zip(errors, manager.problems, strict=True):
        assert str(problem) in record.getMessage()
    assert SECRET not in caplog.text
    assert_healthy_received_everything(manager, healthy)


def test_all_cases_at_once_are_reported_together(dists: DistFactory) -> None:
    """One restart shows everything an operator has to fix."""
    installers = [(case, install_case(dists, case)) for case in CASES]
    healthy = install_healthy(dists)
    expected = ordered(
        view
        for case, installer in installers
        for view in expected_views(case, installer)
    )
    with pytest.raises(ExtensionValidationError) as raised:
        load_extensions(namespace=dists.namespace)
    assert ordered(view(p, dists.root) for p in raised.value.problems) == expected

    manager = load_extensions(namespace=dists.namespace, strict=False)
    loaded = [name for case in CASES for name in case.loaded]
    assert manager.names() == tuple(sorted((*HEALTHY, *loaded)))
    assert ordered(view(p, dists.root) for p in manager.problems) == expected
    assert_healthy_received_everything(manager, healthy)
