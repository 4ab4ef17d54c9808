"""Old-style Nailgun extensions, public path: :class:`BasePipeline`, the
base of the pipelines an old-style extension lists in ``data_pipelines``.
"""

# The implementation lives in the startup layer
# (nailgun_hooks.startup.legacy), where old-style classes are recognised, and
# nailgun_hooks.startup.legacy_checks, where they are checked; this
# module keeps the documented import path stable.

from __future__ import annotations

from .startup.legacy import BasePipeline

__all__ = ["BasePipeline"]
