"""Where this nailgun-hooks was installed from, for the install instructions
``nailgun-hooks new`` writes.

nailgun-hooks is not on a package index yet: a package generated with it
installs in a fresh virtual environment only once nailgun-hooks itself is
installed there from a checkout or a built wheel. pip records which one, as
PEP 610's ``direct_url.json``; the instructions name it, so that they work
as written.
"""

from __future__ import annotations

import importlib.metadata
import json
from urllib.parse import urlsplit
from urllib.request import url2pathname

__all__ = ["PLACEHOLDER", "install_argument", "library_source"]

PLACEHOLDER = "path/to/nailgun-hooks"
"""What the instructions say when the source is unknown: a checkout's path
(or a wheel's) is the reader's to fill in."""


def library_source() -> str | None:
    """The local checkout or wheel this nailgun-hooks was installed from, or
    None (from a package index, a URL, or no record of it)."""
    try:
        record = importlib.metadata.distribution("nailgun-hooks").read_text(
            "direct_url.json"
        )
    except importlib.metadata.PackageNotFoundError:
        return None
    if not record:
        return None
    try:
        url = json.loads(record)["url"]
    except (ValueError, KeyError, TypeError):
        return None
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme != "file" or parts.netloc not in {"", "localhost"}:
        return None
    return url2pathname(parts.path)


def install_argument(source: str | None, extra: str = "") -> str:
    """What follows ``pip install``, quoted for a POSIX shell: the source
    with ``extra`` (e.g. ``"[db]"``), or the placeholder."""
    target = (source or PLACEHOLDER) + extra
    return "'" + target.replace("'", "'\\''") + "'"
