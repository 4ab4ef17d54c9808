"""The hook catalogue, public path: every event Nailgun fires, read from
:mod:`nailgun_hooks.hookspecs`.
"""

# The implementation lives in the spec layer (nailgun_hooks.spec.catalogue);
# this module keeps the documented import path stable.

from __future__ import annotations

from .spec.catalogue import HookSpec, specs

__all__ = ["HookSpec", "specs"]
