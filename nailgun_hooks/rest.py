"""Extensions' REST handlers, public path: the route table and its web.py
form.

The implementation lives in the Nailgun layer (:mod:`nailgun_hooks.nailgun.rest`);
this module keeps the documented import path stable.
"""

from __future__ import annotations

from .nailgun.rest import Route, check_url_conflicts, check_urls, routes, webpy_mapping

__all__ = ["Route", "check_url_conflicts", "check_urls", "routes", "webpy_mapping"]
