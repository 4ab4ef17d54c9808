"""Extensions' REST handlers, public path: the route table and its web.py
form.
"""

# The implementation lives in the startup layer (nailgun_hooks.startup.urls,
# the routes) and the Nailgun layer
# (nailgun_hooks.nailgun.rest, web.py's form); this module keeps the
# documented import path stable.

from __future__ import annotations

from .nailgun.rest import webpy_mapping
from .startup.urls import Route

__all__ = ["Route", "webpy_mapping"]
