"""Writing the catalogue's extensions as real distributions.

A thin layer over :class:`tests.support.dists.DistFactory` that remembers the
generated (unique) module names under stable keys, so that the catalogue's
expected messages can say ``{module}`` and the documentation can show the same
template the test fills in.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from nailgun_hooks import specs
from tests.support.dists import DistFactory

HEADER = (
    "from nailgun_hooks import BaseExtension, hookimpl\n"
    "from nailgun_hooks.types import *\n"
    "from collections.abc import *\n"
    "from typing import *\n"
)

OMIT = object()
"""A metadata value meaning "do not set this attribute at all"."""


class Installer:
    """Installs distributions for one test and records their module names."""

    def __init__(self, dists: DistFactory) -> None:
        self.dists = dists
        self.values: dict[str, str] = {
            "namespace": dists.namespace,
            "site": str(dists.root),
        }

    def module(self, key: str) -> str:
        """A fresh module name, remembered as ``{key}`` for templates."""
        name = self.dists.unique(key.replace("-", "_"))
        self.values[key] = name
        return name

    def install(
        self,
        dist: str,
        entry_points: Mapping[str, str],
        modules: Mapping[str, str] = {},
        *,
        version: str = "1.0.0",
        summary: str = "A test extension",
    ) -> None:
        self.dists.install(
            dist,
            entry_points=entry_points,
            modules=modules,
            version=version,
            summary=summary,
        )

    def raw(self, dist: str, files: Mapping[str, bytes | str]) -> None:
        """A distribution holding exactly ``files`` in its ``.dist-info``;
        ``{namespace}`` in a text or bytes file is the test's entry-point
        group."""
        group = self.dists.namespace
        self.dists.write_raw(
            dist,
            {
                name: content.replace("{namespace}", group)
                if isinstance(content, str)
                else content.replace(b"{namespace}", group.encode())
                for name, content in files.items()
            },
        )

    def extension(
        self,
        name: str,
        body: str = "",
        *,
        key: str = "module",
        dist: str | None = None,
        entry_point: str | None = None,
        metadata: Mapping[str, object] = {},
        prelude: str = "",
    ) -> str:
        """Install a one-class extension (class ``Extension``) in its own
        distribution; return the module name (also kept as ``{key}``)."""
        module = self.module(key)
        attrs = {
            "name": name,
            "version": "1.0.0",
            "description": "A test extension",
            **metadata,
        }
        lines = "".join(
            f"    {attr} = {value!r}\n"
            for attr, value in attrs.items()
            if value is not OMIT
        )
        source = (
            f"{HEADER}{textwrap.dedent(prelude)}\n"
            "class Extension(BaseExtension):\n"
            f"{lines}"
            f"{textwrap.indent(textwrap.dedent(body), '    ')}\n"
        )
        self.install(
            dist or f"{name}-dist",
            {entry_point or name: f"{module}:Extension"},
            {module: source},
        )
        return module


def recording_extension_source(name: str) -> str:
    """An extension implementing every event, appending ``(hook, kwargs)`` to
    the module's ``CALLS`` and returning None (so it never answers a
    first-result call)."""
    methods = []
    for spec in specs().values():
        params = ", ".join(spec.argnames)
        record = ", ".join(f"{arg!r}: {arg}" for arg in spec.argnames)
        methods.append(
            f"    @hookimpl\n"
            f"    def {spec.name}(self, {params}):\n"
            f"        CALLS.append(({spec.name!r}, {{{record}}}))\n"
        )
    return (
        f"{HEADER}\nCALLS = []\n\n"
        "class Extension(BaseExtension):\n"
        f"    name = {name!r}\n"
        "    version = '1.0.0'\n"
        "    description = 'Receives every event and records it'\n\n"
        + "\n".join(methods)
    )


def install_recorder(installer: Installer, name: str) -> str:
    """Install a healthy extension that records every event; return its module."""
    module = installer.module(name)
    installer.install(
        f"{name}-dist",
        {name: f"{module}:Extension"},
        {module: recording_extension_source(name)},
    )
    return module
