"""The six extensions published for Fuel, as shapes, with a minimal Nailgun.

``site/`` holds a stand-in ``nailgun`` package whose ``nailgun/extensions``
is Nailgun's one-line move onto nailgun-hooks, and the shapes of
volume_manager and network_manager (inside ``nailgun``, as in fuel-web),
cluster-upgrade, iac (``fuel_external_git``), converted-serializers and
tuning-box: our own code with their class layout, handler signatures,
``provides``, pipelines, URL handler kinds and alembic ``env.py`` styles.
:func:`install` puts them on ``sys.path`` as real distributions.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.support.dists import DistFactory

SITE = Path(__file__).parent / "site"

NAMESPACE = "nailgun.extensions.fuel"
"""Their entry points' namespace here (Nailgun's own is ``nailgun.extensions``)."""

DISTRIBUTIONS = {
    "nailgun": {
        "volume_manager": (
            "nailgun.extensions.volume_manager.extension:VolumeManagerExtension"
        ),
        "network_manager": (
            "nailgun.extensions.network_manager.extension:NetworkManagerExtension"
        ),
    },
    "fuel-nailgun-extension-cluster-upgrade": {
        "cluster_upgrade": "cluster_upgrade.extension:ClusterUpgradeExtension",
    },
    "fuel-nailgun-extension-iac": {
        "fuel_external_git": "fuel_external_git.extension:ExternalGit",
    },
    "fuel-nailgun-extension-converted-serializers": {
        "converted_serializers": (
            "converted_serializers.extension:ConvertedSerializersExtension"
        ),
    },
    "tuning-box": {"tuning_box": "tuning_box.nailgun:Extension"},
}

TOP_LEVEL = (
    "nailgun",
    "web",
    "fuel_journal",
    "cluster_upgrade",
    "fuel_external_git",
    "converted_serializers",
    "tuning_box",
)


def install(root: Path) -> Iterator[Path]:
    """Copy the site into ``root``, declare the distributions, put ``root``
    on ``sys.path``; on exit, take it off and forget the modules."""
    shutil.copytree(SITE, root, ignore=shutil.ignore_patterns("__pycache__"))
    factory = DistFactory(root, NAMESPACE)
    for dist, entry_points in DISTRIBUTIONS.items():
        factory.install(dist, entry_points=entry_points, summary=f"{dist} (shape)")
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    try:
        yield root
    finally:
        sys.path.remove(str(root))
        for name in list(sys.modules):
            if name.split(".")[0] in TOP_LEVEL:
                del sys.modules[name]
        importlib.invalidate_caches()
