"""nailgun_hooks.loading: installed extensions (or objects given) to a
validated, ordered HookManager; strict raises every problem at once, lenient
keeps the sound extensions and logs the rest."""

from __future__ import annotations

import logging

import pytest

from nailgun_hooks import BaseExtension, hookimpl
from nailgun_hooks.errors import ExtensionValidationError
from nailgun_hooks.loading import build_manager, load_extensions
from nailgun_hooks.markers import DISABLED_ENV, ENABLED_ENV
from tests.support.dists import DistFactory

UPDATE = """
@hookimpl
def on_node_update(self, node: Node) -> None:
    pass
"""
TYPO = "@hookimpl\ndef on_node_updte(self, node): pass\n"


def names(manager: object) -> list[str]:
    return [record.name for record in manager.extensions]  # type: ignore[attr-defined]


def test_every_installed_extension_loads_by_default(dists: DistFactory) -> None:
    dists.extension("alpha", UPDATE)
    dists.extension("beta", UPDATE)
    assert sorted(names(load_extensions(namespace=dists.namespace))) == [
        "alpha",
        "beta",
    ]


def test_the_lists_come_from_the_environment_unless_given(
    dists: DistFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("alpha", "beta", "gamma"):
        dists.extension(name, UPDATE)
    monkeypatch.setenv(ENABLED_ENV, "alpha,beta")
    monkeypatch.setenv(DISABLED_ENV, "beta")
    assert names(load_extensions(namespace=dists.namespace)) == ["alpha"]
    given = load_extensions(namespace=dists.namespace, enabled=["gamma"], disabled=[])
    assert names(given) == ["gamma"]


def test_a_list_given_as_a_string_is_a_type_error(dists: DistFactory) -> None:
    with pytest.raises(TypeError):
        load_extensions(namespace=dists.namespace, enabled="alpha")  # type: ignore[arg-type]


def test_strict_raises_every_problem_together(dists: DistFactory) -> None:
    dists.extension("fine", UPDATE)
    dists.extension("typo", TYPO)
    dists.extension("other", TYPO)
    with pytest.raises(ExtensionValidationError) as caught:
        load_extensions(namespace=dists.namespace)
    assert sorted(p.extension for p in caught.value.problems) == ["other", "typo"]


def test_lenient_keeps_the_sound_ones_and_logs_each_rejected_once(
    dists: DistFactory, caplog: pytest.LogCaptureFixture
) -> None:
    dists.extension("fine", UPDATE)
    dists.extension("typo", TYPO)
    with caplog.at_level(logging.WARNING, logger="nailgun_hooks"):
        manager = load_extensions(namespace=dists.namespace, strict=False)
    assert names(manager) == ["fine"]
    assert [p.extension for p in manager.problems] == ["typo"]
    rejected = [r for r in caplog.records if r.msg.startswith("extension rejected")]
    assert len(rejected) == 1 and rejected[0].levelno == logging.ERROR
    assert "[unknown-hook] extension 'typo'" in rejected[0].getMessage()


def test_build_manager_takes_classes_and_objects_as_they_are() -> None:
    class Alpha(BaseExtension):
        name, version, description = "alpha", "1.0.0", "a class"

        @hookimpl
        def on_node_update(self, node: object) -> None:
            pass

    class Beta(BaseExtension):
        name, version, description = "beta", "1.0.0", "an instance"
        after = ("alpha",)

        @hookimpl
        def on_node_update(self, node: object) -> None:
            pass

    beta = Beta()
    manager = build_manager([beta, Alpha])
    assert names(manager) == ["alpha", "beta"]
    assert manager.get("beta").obj is beta
    assert isinstance(manager.get("alpha").obj, Alpha)


def test_build_manager_lenient_reports_what_it_could_not_use() -> None:
    class Nameless(BaseExtension):
        version, description = "1.0.0", "no name"

    manager = build_manager([Nameless], strict=False)
    assert names(manager) == []
    assert len(manager.problems) == 1
