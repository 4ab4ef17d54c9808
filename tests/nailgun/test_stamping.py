"""nailgun_hooks.nailgun.stamping: an extension's version table set to a
revision without running any migration."""

from __future__ import annotations

from nailgun_hooks import load_extensions
from nailgun_hooks.nailgun.stamping import stamp_extensions
from tests.support.alembic_trees import create_table
from tests.support.dists import DistFactory
from tests.support.migrating import install_with_migrations, tables, version


def test_only_the_extensions_named_are_stamped_and_nothing_runs(
    dists: DistFactory, db_url: str
) -> None:
    install_with_migrations(
        dists, "alpha", [("a1", create_table("t")), ("a2", create_table("u"))]
    )
    install_with_migrations(dists, "beta", [("b1", create_table("t"))])
    manager = load_extensions(namespace=dists.namespace)
    results, failures = stamp_extensions(manager.extensions, db_url, {"alpha": "a2"})
    assert failures == []
    assert [(r.extension, r.before, r.after, r.action) for r in results] == [
        ("alpha", (), ("a2",), "stamped")
    ]
    assert version(db_url, "alpha_alembic_version") == ["a2"]
    assert tables(db_url) == {"alpha_alembic_version"}


def test_base_empties_the_version_table(dists: DistFactory, db_url: str) -> None:
    install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    manager = load_extensions(namespace=dists.namespace)
    stamp_extensions(manager.extensions, db_url, {"alpha": "a1"})
    (result,), _ = stamp_extensions(manager.extensions, db_url, {"alpha": "base"})
    assert (result.before, result.after) == (("a1",), ())
    assert version(db_url, "alpha_alembic_version") == []


def test_an_unknown_revision_or_extension_is_a_failure_of_its_own(
    dists: DistFactory, db_url: str
) -> None:
    install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    install_with_migrations(dists, "beta", [("b1", create_table("t"))])
    manager = load_extensions(namespace=dists.namespace)
    results, failures = stamp_extensions(
        manager.extensions, db_url, {"alpha": "nope", "beta": "b1", "gamma": "g1"}
    )
    assert [r.extension for r in results] == ["beta"]
    assert sorted(f.extension for f in failures) == ["alpha", "gamma"]
    (alpha,) = (f for f in failures if f.extension == "alpha")
    assert "nope" in alpha.message
    assert version(db_url, "beta_alembic_version") == ["b1"]
