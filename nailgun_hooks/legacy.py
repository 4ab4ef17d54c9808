"""Old-style Nailgun extensions, public path: :class:`BasePipeline` and the
adoption of classes written for ``nailgun.extensions``.
"""

# The implementation lives in the startup layer
# (nailgun_hooks.startup.legacy), where old-style classes are recognised, and
# nailgun_hooks.startup.legacy_checks, where they are checked; this
# module keeps the documented import path stable.

from __future__ import annotations

from .startup.legacy import (
    HANDLER_PREFIXES,
    BasePipeline,
    adopt,
    hookimpl_opts,
    idle_runners,
    is_old_style,
)
from .startup.legacy_checks import check_extension

__all__ = [
    "HANDLER_PREFIXES",
    "BasePipeline",
    "adopt",
    "check_extension",
    "hookimpl_opts",
    "idle_runners",
    "is_old_style",
]
