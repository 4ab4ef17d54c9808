"""Deprecated hooks: the warning at startup, and what list and check show.

No real event is deprecated yet, so these tests add one to the spec module
for the length of a test: ``hookspecs`` is the single source every part of
the package reads (through ``specs()``, cached, and the plugin manager's
``add_hookspecs``), so an event added there and the cache cleared is an
event like any other.
"""

from __future__ import annotations

import functools
import json
import logging
import warnings
from typing import Any

import pytest

from nailgun_hooks import (
    BaseExtension,
    build_manager,
    cli,
    hookimpl,
    load_extensions,
)
from nailgun_hooks.inmemory import MemoryNode
from nailgun_hooks.spec.catalogue import specs
from nailgun_hooks.types import Node
from tests.support.dists import DistFactory
from tests.support.startup import REPLACEMENT, on_node_touch


class Toucher(BaseExtension):
    name, version, description = "toucher", "1.0", "touches"

    @hookimpl
    def on_node_touch(self, node: Node) -> None:
        touched.append(node.id)


class Plain(BaseExtension):
    name, version, description = "plain", "1.0", "does not touch"

    @hookimpl
    def on_node_update(self, node: Node) -> None:
        pass


touched: list[int] = []
LINE = Toucher.on_node_touch.__code__.co_firstlineno + 1  # the def, not @hookimpl


def test_the_spec_carries_pluggys_warn_on_impl(deprecated_event: None) -> None:
    spec = specs()["on_node_touch"]
    assert spec.deprecated == REPLACEMENT
    warning = on_node_touch.nailgun_spec["warn_on_impl"]  # type: ignore[attr-defined]
    assert isinstance(warning, DeprecationWarning)
    assert str(warning) == f"the hook 'on_node_touch' is deprecated: {REPLACEMENT}"
    assert specs()["on_node_update"].deprecated is None


def test_startup_warns_naming_extension_location_and_replacement(
    deprecated_event: None,
) -> None:
    with pytest.warns(DeprecationWarning) as caught:
        manager = build_manager([Toucher, Plain])
    (warning,) = caught.list  # one, re-worded: not pluggy's as well
    assert str(warning.message) == (
        "extension 'toucher' implements the deprecated hook 'on_node_touch' at "
        f"{__file__}:{LINE}: {REPLACEMENT}"
    )
    assert (warning.filename, warning.lineno) == (__file__, LINE)
    # deprecated, still called
    touched.clear()
    manager.hook.on_node_touch(node=MemoryNode(4))  # type: ignore[attr-defined]
    assert touched == [4]
    (notice,) = manager.get("toucher").warnings
    assert (notice.code, notice.hook, notice.hint) == (
        "deprecated-hook",
        "on_node_touch",
        REPLACEMENT,
    )
    assert manager.get("plain").warnings == () and manager.problems == ()


def test_no_deprecated_hook_no_warning(deprecated_event: None) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        build_manager([Plain])


def install_toucher(dists: DistFactory) -> None:
    dists.extension(
        "toucher",
        "@hookimpl\ndef on_node_touch(self, node: Node) -> None:\n    pass\n",
    )


def test_load_extensions_logs_the_warning(
    deprecated_event: None, dists: DistFactory, caplog: pytest.LogCaptureFixture
) -> None:
    install_toucher(dists)
    with pytest.warns(DeprecationWarning, match="extension 'toucher' implements"):
        load_extensions(namespace=dists.namespace)
    logged = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert {r.name for r in logged} == {"nailgun_hooks"}
    assert [r.getMessage().split(":")[0] for r in logged] == [
        "extension loaded with a warning"
    ]
    assert "[deprecated-hook] extension 'toucher'" in logged[0].getMessage()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    with pytest.warns(DeprecationWarning):
        code = cli.main(list(argv))
    return code, capsys.readouterr().out


def test_check_and_list_show_it_in_text_and_json(
    deprecated_event: None, dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    install_toucher(dists)
    ns = ("--namespace", dists.namespace)

    code, out = run(capsys, "check", *ns)
    assert code == 0  # a deprecated hook still works: a warning, not a problem
    assert out.startswith("ok: 1 extension(s)")
    assert "warning: [deprecated-hook] extension 'toucher'" in out
    assert f"fix: {REPLACEMENT}" in out

    code, out = run(capsys, "check", "--json", *ns)
    report: Any = json.loads(out)
    assert code == 0 and report["ok"] is True and report["problems"] == []
    (notice,) = report["warnings"]
    assert notice["code"] == "deprecated-hook" and notice["hint"] == REPLACEMENT
    assert notice["extension"] == "toucher" and notice["location"].endswith(".py:11")

    code, out = run(capsys, "list", *ns)
    assert code == 0 and "status: loaded" in out
    assert "        warning: [deprecated-hook] extension 'toucher'" in out

    code, out = run(capsys, "list", "--json", *ns)
    (entry,) = json.loads(out)["extensions"]
    assert [w["code"] for w in entry["warnings"]] == ["deprecated-hook"]

    code, out = run(capsys, "demo", *ns)
    assert code == 0 and "in call order: toucher 1.0" in out


def test_warnings_as_errors_fail_with_the_warning_itself(
    deprecated_event: None,
) -> None:
    # An extension's own tests that turn warnings into errors see the
    # deprecation, not a rejection of the extension for some other reason.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DeprecationWarning, match="extension 'toucher' implements"):
            build_manager([Toucher, Plain])


def logged(function: Any) -> Any:
    """A decorator: pluggy locates the decorated function at ``wrapper``."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    return wrapper


def decorated_toucher(name: str) -> type[BaseExtension]:
    class Decorated(BaseExtension):
        version, description = "1.0", "touches, through a decorator"

        @hookimpl
        @logged
        def on_node_touch(self, node: Node) -> None:
            touched.append(node.id)

    Decorated.name = name
    return Decorated


@pytest.mark.parametrize("name", ["aaa", "zzz"])
def test_each_warning_names_its_extension_when_one_is_decorated(
    deprecated_event: None, name: str
) -> None:
    # Pluggy locates the decorated one elsewhere than its notice: it is
    # still told apart from the other, in either order of registration.
    decorated = decorated_toucher(name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build_manager([Toucher, decorated])
    named = sorted(str(warning.message).split(" implements")[0] for warning in caught)
    assert named == sorted([f"extension {name!r}", "extension 'toucher'"])
    where = {str(w.message).split("'")[1]: (w.filename, w.lineno) for w in caught}
    assert where["toucher"] == (__file__, LINE)


def test_two_decorated_implementations_keep_pluggys_warning(
    deprecated_event: None,
) -> None:
    # Neither can be told from the other by place: pluggy's own text stays.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        build_manager([decorated_toucher("aaa"), decorated_toucher("bbb")])
    assert [str(warning.message) for warning in caught] == [
        f"the hook 'on_node_touch' is deprecated: {REPLACEMENT}"
    ] * 2
