"""The note an exception carries names the implementation that raised it.

Two extensions sharing a handler through a mixin run the same code: only
which *implementation* (extension object and function) was called tells
them apart. These tests install such extensions as real distributions, new
style (``@hookimpl`` on the mixin) and old style (an unmarked handler on the
mixin), and check the note on the fast path and on pluggy's path (taken when
a wrapper is present or tracing is on), under both policies.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from nailgun_hooks import HookManager, load_extensions
from nailgun_hooks.calls.policy import attribution
from tests.support.dists import DistFactory

NEW_STYLE = """
from nailgun_hooks import BaseExtension, hookimpl

class Mixin:
    @hookimpl
    def on_node_update(self, node):
        if node == self.name:
            raise RuntimeError(f"{self.name} refuses")
"""

OLD_STYLE = """
from nailgun_hooks import BaseExtension

class Mixin:
    def on_node_update(self, node):
        if node == self.name:
            raise RuntimeError(f"{self.name} refuses")
"""

OLD_STYLE_CLASSMETHOD = """
from nailgun_hooks import BaseExtension

class Mixin:
    @classmethod
    def on_node_update(cls, node):
        if node == cls.name:
            raise RuntimeError(f"{cls.name} refuses")
"""

STYLES = {"new": NEW_STYLE, "old": OLD_STYLE, "old-classmethod": OLD_STYLE_CLASSMETHOD}

CLASSES = """
class First(Mixin, BaseExtension):
    name = "first"
    version = "1.0"
    description = "shares its handler with second"

class Second(Mixin, BaseExtension):
    name = "second"
    version = "1.0"
    description = "shares its handler with first"
"""

WRAPPER = """
from nailgun_hooks import BaseExtension, hookimpl

class Watcher(BaseExtension):
    name = "watcher"
    version = "1.0"
    description = "wraps every node update"

    @hookimpl(wrapper=True)
    def on_node_update(self, node):
        return (yield)
"""

# Two wrappers sharing their code through a mixin, raising after the call.
SHARED_WRAPPERS = """
from nailgun_hooks import BaseExtension, hookimpl

class Guard:
    @hookimpl(wrapper=True)
    def on_node_update(self, node):
        result = yield
        if node == "after-" + self.name:
            raise ValueError(f"{self.name} rejects the result")
        return result

class GuardA(Guard, BaseExtension):
    name = "guard-a"
    version = "1.0"
    description = "a guard"

class GuardB(Guard, BaseExtension):
    name = "guard-b"
    version = "1.0"
    description = "another guard"
"""


def install(dists: DistFactory, style: str, *, wrapper: bool) -> None:
    module = dists.unique("shared_handler")
    dists.install(
        "shared-handler-dist",
        entry_points={"first": f"{module}:First", "second": f"{module}:Second"},
        modules={module: style + CLASSES},
    )
    if wrapper:
        watcher = dists.unique("watcher")
        dists.install(
            "watcher-dist",
            entry_points={"watcher": f"{watcher}:Watcher"},
            modules={watcher: WRAPPER},
        )


def note(extension: str | None, distribution: str | None = None) -> str:
    return attribution("on_node_update", extension, distribution)


@contextmanager
def tracing(manager: HookManager) -> Iterator[None]:
    pm = manager.plugin_manager
    pm.trace.root.setwriter(lambda message: None)
    undo = pm.enable_tracing()
    try:
        yield
    finally:
        undo()


def raised(call: Callable[[], object]) -> BaseException:
    with pytest.raises(BaseException) as caught:
        call()
    exc = caught.value
    group: Any = exc
    if hasattr(group, "exceptions"):  # the collect policy's group
        (exc,) = group.exceptions
    return exc


@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("path", ["fast", "wrapper", "tracing"])
@pytest.mark.parametrize("policy", ["propagate", "collect"])
def test_a_shared_handler_is_attributed_to_the_extension_that_ran_it(
    dists: DistFactory, style: str, path: str, policy: str
) -> None:
    install(
        dists, NEW_STYLE if style == "new" else OLD_STYLE, wrapper=path == "wrapper"
    )
    manager = load_extensions(namespace=dists.namespace)
    relay = manager.with_policy(policy)  # type: ignore[arg-type]
    # new-style wrappers are driven by the generated caller, except under
    # "collect", whose group is raised inside pluggy's loop
    generated = path == "fast" or (path == "wrapper" and policy == "propagate")
    expected_mode = "direct" if generated else "pluggy"
    with tracing(manager) if path == "tracing" else contextlib.nullcontext():
        assert relay.on_node_update.mode == expected_mode  # type: ignore[attr-defined]
        for culprit in ("first", "second"):
            exc = raised(functools.partial(relay.on_node_update, node=culprit))
            assert str(exc) == f"{culprit} refuses"
            assert exc.__notes__ == [note(culprit, "shared-handler-dist")]


@pytest.mark.parametrize("policy", ["propagate", "collect"])
def test_wrappers_sharing_code_are_told_apart_by_the_object_they_run_on(
    dists: DistFactory, policy: str
) -> None:
    module = dists.unique("guards")
    dists.install(
        "guards-dist",
        entry_points={"guard-a": f"{module}:GuardA", "guard-b": f"{module}:GuardB"},
        modules={module: SHARED_WRAPPERS},
    )
    manager = load_extensions(namespace=dists.namespace)
    relay = manager.with_policy(policy)  # type: ignore[arg-type]
    for culprit in ("guard-a", "guard-b"):
        with pytest.raises(ValueError, match=f"{culprit} rejects") as caught:
            relay.on_node_update(node="after-" + culprit)
        assert caught.value.__notes__ == [note(culprit, "guards-dist")]


def test_an_exception_a_wrapper_lets_through_keeps_the_raisers_note_only(
    dists: DistFactory,
) -> None:
    install(dists, NEW_STYLE, wrapper=True)
    manager = load_extensions(namespace=dists.namespace)
    exc = raised(lambda: manager.hook.on_node_update(node="second"))
    # not the wrapper's, though the exception passed through it
    assert exc.__notes__ == [note("second", "shared-handler-dist")]
