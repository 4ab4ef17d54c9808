"""The allow- and deny-lists (:mod:`nailgun_hooks.startup.selection`): read
the same way, and a name in either that nothing installed answers to is a
problem; the deny-list fails closed on it."""

from __future__ import annotations

import pytest

from nailgun_hooks.startup.selection import (
    Selection,
    names_argument,
    parse_names,
    select,
)

INSTALLED = frozenset({"audit", "backup", "Bad Name"})


def test_parse_names_splits_on_commas_lowercases_and_drops_blanks() -> None:
    assert parse_names(None) is None
    assert parse_names("") == frozenset()
    assert parse_names(" Audit , ,backup,") == frozenset({"audit", "backup"})


def test_names_argument_takes_collections_of_names_only() -> None:
    assert names_argument(None, "enabled") is None
    assert names_argument(["AUDIT", "backup"], "enabled") == {"audit", "backup"}
    assert names_argument(frozenset(), "disabled") == frozenset()
    with pytest.raises(TypeError, match=r"write disabled=\['audit'\]$"):
        names_argument("audit", "disabled")
    with pytest.raises(TypeError, match=r"^enabled must be a list or set of .* int$"):
        names_argument(3, "enabled")
    with pytest.raises(TypeError, match=r"must hold extension names \(str\), not int"):
        names_argument(["audit", 3], "enabled")


def test_excludes_follows_both_lists() -> None:
    everyone = Selection(None, frozenset({"backup"}))
    assert not everyone.excludes("audit") and everyone.excludes("backup")
    only = Selection(frozenset({"audit"}), frozenset())
    assert not only.excludes("audit") and only.excludes("backup")
    nobody = Selection(frozenset(), frozenset())
    assert nobody.excludes("audit")


def test_lists_naming_installed_extensions_are_no_problem() -> None:
    selection = select(frozenset({"audit"}), frozenset({"backup"}), INSTALLED)
    assert selection == Selection(frozenset({"audit"}), frozenset({"backup"}))


def test_an_allow_list_typo_is_a_problem_and_loads_nothing_more() -> None:
    selection = select(frozenset({"audt"}), frozenset(), INSTALLED)
    (problem,) = selection.problems
    assert problem.code == "not-installed"
    assert problem.extension == "audt"
    assert (
        problem.message == "'audt' is enabled but no installed distribution provides it"
    )
    assert problem.hint == "did you mean 'audit'?"
    assert selection.excludes("audit")  # fails closed by itself


def test_a_deny_list_typo_also_leaves_out_what_it_may_mean() -> None:
    selection = select(None, frozenset({"audt"}), INSTALLED)
    (problem,) = selection.problems
    assert problem.code == "not-installed"
    assert problem.message == (
        "'audt' is disabled but no installed distribution provides it; "
        "'audit', which it may mean, is left out too"
    )
    assert selection.excludes("audit") and not selection.excludes("backup")


def test_a_deny_list_entry_that_is_no_name_leaves_out_the_names_inside_it() -> None:
    selection = select(None, frozenset({"audit;backup"}), INSTALLED)
    (problem,) = selection.problems
    assert problem.code == "bad-list-name"
    assert problem.message == (
        "'audit;backup' in the deny-list (NAILGUN_EXTENSIONS_DISABLED) is not "
        "an extension name; 'audit', 'backup', which it may mean, are left out too"
    )
    assert problem.hint == (
        "separate names with commas: NAILGUN_EXTENSIONS_DISABLED=audit,backup"
    )
    assert selection.excludes("audit") and selection.excludes("backup")


def test_an_unknown_name_with_nothing_close_suggests_installing_it() -> None:
    selection = select(frozenset({"zzz"}), frozenset(), INSTALLED)
    (problem,) = selection.problems
    assert problem.hint == (
        "install the extension, or remove 'zzz' from the allow-list "
        "(NAILGUN_EXTENSIONS)"
    )


def test_only_valid_installed_names_are_suggested_or_left_out() -> None:
    selection = select(None, frozenset({"bad nam"}), INSTALLED)
    assert not selection.excludes("Bad Name")
    assert all("Bad Name" not in p.message for p in selection.problems)
