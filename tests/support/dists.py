"""Real installed distributions for tests, without pip.

A distribution here is what pip leaves behind: modules on a ``sys.path``
directory plus a ``<name>-<version>.dist-info`` folder with ``METADATA`` and
``entry_points.txt``. ``importlib.metadata`` (and so stevedore and
nailgun-hooks) cannot tell them from pip-installed ones.
"""

from __future__ import annotations

import importlib
import itertools
import sys
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

_counter = itertools.count()


class DistFactory:
    """Installs distributions into a directory on ``sys.path``."""

    def __init__(self, root: Path, namespace: str) -> None:
        self.root = root
        self.namespace = namespace
        self.modules: set[str] = set()

    def unique(self, stem: str) -> str:
        """A module name no other test uses (modules stay in sys.modules)."""
        return f"{stem}_{next(_counter)}"

    def install(
        self,
        dist: str,
        *,
        entry_points: Mapping[str, str],
        modules: Mapping[str, str] = {},
        version: str = "1.0.0",
        summary: str = "A test extension",
        namespace: str | None = None,
        requires: Sequence[str] = (),
    ) -> Path:
        """Write ``modules`` (name -> source) and a dist-info declaring
        ``entry_points`` (name -> ``module:attr``) in the namespace and
        ``requires`` as its ``Requires-Dist`` headers."""
        for module, source in modules.items():
            path = self.root.joinpath(*module.split(".")).with_suffix(".py")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(source))
            self.modules.add(module)
        info = self.info_dir(dist, version)
        info.mkdir(exist_ok=True)
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n"
            f"Summary: {summary}\n"
            + "".join(f"Requires-Dist: {line}\n" for line in requires)
            # a body, as real METADATA has, that looks like a header
            + ("\nRequires-Dist: nailgun-hooks>=999 is the body\n" if requires else "")
        )
        lines = [f"[{namespace or self.namespace}]"]
        lines += [f"{name} = {target}" for name, target in entry_points.items()]
        (info / "entry_points.txt").write_text("\n".join(lines) + "\n")
        importlib.invalidate_caches()
        return info

    def info_dir(self, dist: str, version: str = "1.0.0") -> Path:
        """Where :meth:`install` puts the distribution's ``.dist-info``."""
        return self.root / f"{dist.replace('-', '_')}-{version}.dist-info"

    def write_raw(self, dist: str, files: Mapping[str, bytes | str]) -> Path:
        """A ``.dist-info`` holding exactly ``files`` (name -> content), as
        broken as they are: bytes are written as they are, text as UTF-8."""
        info = self.info_dir(dist)
        info.mkdir(exist_ok=True)
        for name, content in files.items():
            data = content.encode() if isinstance(content, str) else content
            (info / name).write_bytes(data)
        importlib.invalidate_caches()
        return info

    def uninstall(self, info: Path) -> None:
        for child in info.iterdir():
            child.unlink()
        info.rmdir()
        importlib.invalidate_caches()

    def extension(
        self,
        name: str,
        body: str = "",
        *,
        version: str = "1.0.0",
        description: str = "A test extension",
        dist: str | None = None,
        extra: Mapping[str, Any] | None = None,
        requires: Sequence[str] = (),
    ) -> str:
        """Install a one-class extension; return its module name.

        ``body`` is the class body (indented by 4), after the metadata.
        """
        module = self.unique(f"ext_{name.replace('-', '_')}")
        attrs = "".join(
            f"    {key} = {value!r}\n" for key, value in (extra or {}).items()
        )
        source = (
            "from nailgun_hooks import BaseExtension, hookimpl\n"
            "from nailgun_hooks.types import *\n"
            "from collections.abc import *\n"
            "from typing import *\n\n"
            "class Extension(BaseExtension):\n"
            f"    name = {name!r}\n"
            f"    version = {version!r}\n"
            f"    description = {description!r}\n"
            f"{attrs}"
            f"{textwrap.indent(textwrap.dedent(body), '    ')}\n"
        )
        self.install(
            dist or f"dist-{module}",
            entry_points={name: f"{module}:Extension"},
            modules={module: source},
            requires=requires,
        )
        return module

    def cleanup(self) -> None:
        for module in self.modules:
            sys.modules.pop(module, None)


def dist_factory(tmp_path: Path) -> Iterator[DistFactory]:
    root = tmp_path / "site"
    root.mkdir()
    factory = DistFactory(root, f"nailgun.extensions.test{next(_counter)}")
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    try:
        yield factory
    finally:
        sys.path.remove(str(root))
        factory.cleanup()
        importlib.invalidate_caches()
