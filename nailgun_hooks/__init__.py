"""Pluggable, typed and strictly validated extensions for Nailgun.

Extension authors need :data:`hookimpl` and :class:`BaseExtension`; Nailgun
needs :func:`load_extensions`. Everything else here is for tools and tests.

Only what an extension module needs is imported with the package; the
loading machinery (stevedore, importlib.metadata, validation) is imported on
first use of a name that needs it, so that importing an extension, or
``nailgun_hooks`` itself, stays cheaper than importing stevedore and pluggy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    DatabaseError,
    ExtensionNotFoundError,
    ExtensionValidationError,
    HookCallError,
    MigrationError,
    MigrationsPathError,
    NailgunHooksError,
    PolicyError,
    Problem,
)
from .extension import BaseExtension
from .markers import NAMESPACE, hookimpl

if TYPE_CHECKING:
    from .loading import build_manager, load_extensions
    from .manager import HookManager
    from .spec.catalogue import HookSpec, specs
    from .startup.records import ExtensionRecord

_LAZY = {
    "HookSpec": "spec.catalogue",
    "specs": "spec.catalogue",
    "build_manager": "loading",
    "load_extensions": "loading",
    "HookManager": "manager",
    "ExtensionRecord": "startup.records",
}

__all__ = [
    "NAMESPACE",
    "BaseExtension",
    "DatabaseError",
    "ExtensionNotFoundError",
    "ExtensionRecord",
    "ExtensionValidationError",
    "HookCallError",
    "HookManager",
    "HookSpec",
    "MigrationError",
    "MigrationsPathError",
    "NailgunHooksError",
    "PolicyError",
    "Problem",
    "__version__",
    "build_manager",
    "hookimpl",
    "load_extensions",
    "specs",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
