"""Pluggable, typed and strictly validated extensions for Nailgun.

Extension authors need :data:`hookimpl` and :class:`BaseExtension`; Nailgun
needs :func:`load_extensions`. Everything else here is for tools and tests.
"""

from .catalogue import HookSpec, specs
from .errors import (
    ExtensionNotFoundError,
    ExtensionValidationError,
    HookCallError,
    NailgunHooksError,
    Problem,
)
from .extension import BaseExtension
from .loading import build_manager, load_extensions
from .manager import HookManager
from .markers import NAMESPACE, hookimpl
from .records import ExtensionRecord

__all__ = [
    "NAMESPACE",
    "BaseExtension",
    "ExtensionNotFoundError",
    "ExtensionRecord",
    "ExtensionValidationError",
    "HookCallError",
    "HookManager",
    "HookSpec",
    "NailgunHooksError",
    "Problem",
    "build_manager",
    "hookimpl",
    "load_extensions",
    "specs",
]
