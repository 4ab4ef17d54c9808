"""Hypothesis: a hostile extension class never takes startup down.

Each example writes an extension module whose class (or metaclass, or the
object the entry point names) raises from random dunder methods and
properties, with random exceptions, ``SystemExit`` and ``GeneratorExit``
included, and installs it as a real distribution next to two healthy
extensions. Then:

* lenient startup completes; the healthy extensions load and receive every
  event; the hostile one either loads or is reported as a problem naming it
  (never silently vanishes); nothing it holds (a password in its ``repr``)
  is printed in a problem or the log;
* strict startup raises :class:`ExtensionValidationError` or, exactly when
  lenient startup reported nothing, starts; never anything else.

Bounded for CI: few examples, no deadline (each installs three
distributions); ``NAILGUN_HOOKS_EXAMPLES`` runs more.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from nailgun_hooks import ExtensionValidationError, load_extensions
from tests.reliability.installer import Installer, install_recorder
from tests.reliability.test_catalogue import assert_healthy_received_everything
from tests.support.dists import dist_factory

SECRET = "s3cr3t"
HEALTHY = ("healthy-alfa", "healthy-zulu")
EXAMPLES = int(os.environ.get("NAILGUN_HOOKS_EXAMPLES", "40"))

# What a hostile method raises. KeyboardInterrupt is let through on purpose
# (an operator's Ctrl-C), so it is not drawn.
EXCEPTIONS = (
    "RuntimeError('boom')",
    "ValueError('boom')",
    "AttributeError('boom')",
    "TypeError('boom')",
    "SystemExit(3)",
    "GeneratorExit()",
    "StopIteration()",
    "AssertionError('boom')",
    "RecursionError()",
    "Exotic()",
    "Unprintable()",
)

PRELUDE = f"""\
from nailgun_hooks import BaseExtension, hookimpl

class Exotic(BaseException):
    pass

class Unprintable(Exception):
    def __str__(self):
        raise SystemExit("cannot print me")

PASSWORD = {SECRET!r}
"""

# Members of the extension class (or of the object's class), each raising.
CLASS_MEMBERS = {
    "__getattr__": "def __getattr__(self, name):\n    raise {exc}\n",
    "__getattribute__": "def __getattribute__(self, name):\n    raise {exc}\n",
    "__dir__": "def __dir__(self):\n    raise {exc}\n",
    "__eq__": "def __eq__(self, other):\n    raise {exc}\n__hash__ = object.__hash__\n",
    "__eq__ is always True": (
        "def __eq__(self, other):\n    return True\n__hash__ = object.__hash__\n"
    ),
    "__ne__": "def __ne__(self, other):\n    raise {exc}\n",
    "__hash__": "def __hash__(self):\n    raise {exc}\n",
    "__class__": "@property\ndef __class__(self):\n    raise {exc}\n",
    "__bool__": "def __bool__(self):\n    raise {exc}\n",
    "__len__": "def __len__(self):\n    raise {exc}\n",
    "__iter__": "def __iter__(self):\n    raise {exc}\n",
    "__init__": "def __init__(self):\n    raise {exc}\n",
    "__new__": "def __new__(cls, *args, **kwargs):\n    raise {exc}\n",
    "__init_subclass__": "def __init_subclass__(cls, **kwargs):\n    raise {exc}\n",
    "__signature__": "@property\ndef __signature__(self):\n    raise {exc}\n",
    "__wrapped__": "@property\ndef __wrapped__(self):\n    raise {exc}\n",
    "__dict__": "@property\ndef __dict__(self):\n    raise {exc}\n",
    "__slots__ with a raising __getattr__": (
        "__slots__ = ('slot',)\ndef __getattr__(self, name):\n    raise {exc}\n"
    ),
}
for attribute in (
    "name",
    "version",
    "description",
    "provides",
    "before",
    "after",
    "urls",
    "data_pipelines",
    "migrations_path",
):
    CLASS_MEMBERS[f"property {attribute}"] = (
        f"@property\ndef {attribute}(self):\n    raise {{exc}}\n"
    )
CLASS_MEMBERS["alembic_migrations_path"] = (
    "@classmethod\ndef alembic_migrations_path(cls):\n    raise {exc}\n"
)
CLASS_MEMBERS["a data pipeline whose class raises"] = (
    "data_pipelines = [HostilePipeline]\n"
)
CLASS_MEMBERS["a URL handler whose class raises"] = (
    "urls = [{{'uri': r'/hostile/?$', 'handler': HostileHandler}}]\n"
)
CLASS_MEMBERS["an implementation behind a raising __wrapped__"] = (
    "@hookimpl\ndef on_node_delete(self, node):\n    pass\n"
    "on_node_delete.__wrapped__ = HostileCallable()\n"
)

# Members of a metaclass, each raising.
META_MEMBERS = {
    "__getattr__": "def __getattr__(cls, name):\n    raise {exc}\n",
    "__call__": "def __call__(cls, *args, **kwargs):\n    raise {exc}\n",
    "__hash__": "def __hash__(cls):\n    raise {exc}\n",
    "__eq__": "def __eq__(cls, other):\n    raise {exc}\n__hash__ = type.__hash__\n",
    "__dir__": "def __dir__(cls):\n    raise {exc}\n",
    "__repr__": "def __repr__(cls):\n    raise {exc}\n",
    "__instancecheck__": "def __instancecheck__(cls, obj):\n    raise {exc}\n",
    "__subclasscheck__": "def __subclasscheck__(cls, sub):\n    raise {exc}\n",
    "__iter__": "def __iter__(cls):\n    raise {exc}\n",
    "__mro_entries__": "def __mro_entries__(cls, bases):\n    raise {exc}\n",
}
for attribute in ("name", "version", "description", "provides", "before"):
    META_MEMBERS[f"property {attribute}"] = (
        f"@property\ndef {attribute}(cls):\n    raise {{exc}}\n"
    )

HELPERS = """\
class HostileMeta(type):
    def __getattr__(cls, name):
        raise {exc}

class HostilePipeline(metaclass=HostileMeta):
    @classmethod
    def process_deployment_for_node(cls, node, node_data):
        pass

class HostileHandler(metaclass=HostileMeta):
    pass

class HostileCallable:
    def __getattr__(self, name):
        raise {exc}
"""


@dataclass(frozen=True)
class Hostile:
    """One generated hostile extension."""

    style: str
    """``base`` (a BaseExtension subclass), ``old`` (Nailgun's old class
    shape, adopted), or ``object`` (the entry point names an instance)."""
    members: tuple[tuple[str, str], ...]
    meta: tuple[tuple[str, str], ...]

    def source(self) -> str:
        body = "".join(
            CLASS_MEMBERS[member].format(exc=exc) for member, exc in self.members
        )
        body += (
            "@hookimpl\ndef on_node_update(self, node):\n    pass\n"
            if self.style != "old"
            else "@classmethod\ndef on_node_update(cls, node):\n    pass\n"
        )
        body += "def __repr__(self):\n    return f'<hostile password={PASSWORD}>'\n"
        metadata = (
            "name = 'hostile'\nversion = '1.0.0'\ndescription = 'A hostile extension'\n"
        )
        meta = ""
        if self.meta:
            meta_body = "".join(
                META_MEMBERS[member].format(exc=exc) for member, exc in self.meta
            )
            base = "type"
            meta = f"class Meta({base}):\n{textwrap.indent(meta_body, '    ')}\n"
        bases = {"base": "BaseExtension", "old": "", "object": ""}[self.style]
        keyword = "metaclass=Meta" if self.meta else ""
        arguments = ", ".join(part for part in (bases, keyword) if part)
        helpers = HELPERS.format(exc=self.members[0][1] if self.members else "1")
        name = "Extension" if self.style != "object" else "Hostile"
        cls = (
            f"class {name}({arguments}):\n"
            + textwrap.indent(metadata + body, "    ")
            + "\n"
        )
        tail = "Extension = Hostile()\n" if self.style == "object" else ""
        return PRELUDE + helpers + meta + cls + tail


def hostile_extensions() -> st.SearchStrategy[Hostile]:
    exceptions = st.sampled_from(EXCEPTIONS)
    members = st.lists(
        st.tuples(st.sampled_from(sorted(CLASS_MEMBERS)), exceptions),
        max_size=3,
        unique_by=lambda pair: pair[0],
    )
    meta = st.lists(
        st.tuples(st.sampled_from(sorted(META_MEMBERS)), exceptions),
        max_size=2,
        unique_by=lambda pair: pair[0],
    )
    return st.builds(
        Hostile,
        style=st.sampled_from(("base", "old", "object")),
        members=members.map(tuple),
        meta=meta.map(tuple),
    ).filter(lambda hostile: bool(hostile.members or hostile.meta))


@contextlib.contextmanager
def installed(hostile: Hostile) -> Iterator[tuple[str, list[str]]]:
    """The hostile extension and the healthy ones, installed in a fresh
    site directory: the namespace, and the healthy modules (whose ``CALLS``
    record every event)."""
    with tempfile.TemporaryDirectory() as tmp, _site(Path(tmp)) as dists:
        installer = Installer(dists)
        module = installer.module("hostile")
        installer.install(
            "hostile-dist",
            {"hostile": f"{module}:Extension"},
            {module: hostile.source()},
        )
        healthy = [install_recorder(installer, name) for name in HEALTHY]
        yield dists.namespace, healthy


_site = contextlib.contextmanager(dist_factory)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(hostile=hostile_extensions())
def test_a_hostile_class_never_takes_startup_down(hostile: Hostile) -> None:
    handler = _Capture()
    logging.getLogger("nailgun_hooks").addHandler(handler)
    with installed(hostile) as (namespace, healthy):
        try:
            manager = load_extensions(namespace=namespace, strict=False)
            names = manager.names()
            assert set(HEALTHY) <= set(names)
            named = [p for p in manager.problems if p.extension == "hostile"]
            event("loaded" if "hostile" in names else named[0].code if named else "?")
            assert ("hostile" in names) != bool(named), hostile.source()
            assert all(p.extension == "hostile" for p in manager.problems)
            for problem in manager.problems:
                assert SECRET not in str(problem)
                assert SECRET not in (problem.traceback or "")
            assert SECRET not in handler.text()
            assert_healthy_received_everything(manager, healthy)
            try:
                strict = load_extensions(namespace=namespace)
            except ExtensionValidationError as exc:
                assert manager.problems, "strict failed where lenient found nothing"
                assert SECRET not in str(exc)
            else:
                assert not manager.problems
                assert strict.names() == names
        finally:
            logging.getLogger("nailgun_hooks").removeHandler(handler)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def text(self) -> str:
        return "\n".join(self.lines)


def test_the_generated_hostility_is_real() -> None:
    """The generator writes importable modules whose hostility fires: one
    with a raising metaclass __call__ must be reported, not loaded."""
    hostile = Hostile("base", (), (("__call__", "SystemExit(3)"),))
    with installed(hostile) as (namespace, _):
        manager = load_extensions(namespace=namespace, strict=False)
    assert "hostile" not in manager.names()
    assert [p.code for p in manager.problems] == ["constructor-failed"]


@pytest.mark.parametrize("member", sorted(CLASS_MEMBERS))
def test_every_member_compiles(member: str) -> None:
    """Each template is valid Python in every style (a typo in one would
    only ever be an import failure, and test nothing)."""
    for style in ("base", "old", "object"):
        source = Hostile(style, ((member, "RuntimeError('x')"),), ()).source()
        compile(source, f"<{member}>", "exec")
