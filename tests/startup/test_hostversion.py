"""The host/extension version contract: ``nailgun_hooks.__version__`` and an
extension whose distribution requires another nailgun-hooks."""

from __future__ import annotations

import importlib.metadata
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nailgun_hooks
from nailgun_hooks import ExtensionValidationError, cli, load_extensions
from nailgun_hooks.startup.hostversion import requires_dist, unmet_host_requirements
from tests.support.dists import DistFactory

ROOT = Path(__file__).resolve().parents[2]

# Written for a nailgun-hooks that has an event this one lacks: imported,
# it would be reported as an unknown hook ("did you mean 'on_node_create'?").
FUTURE = """
@hookimpl
def on_node_created(self, node: Node) -> None:
    pass
"""
UPDATE = """
@hookimpl
def on_node_update(self, node: Node) -> None:
    pass
"""
EXPECTED = "requires nailgun-hooks>=9.0; 0.1.0 is installed"


def test_the_version_is_the_one_in_pyproject_and_in_the_installed_metadata() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    declared = re.search(r'(?m)^version = "([^"]+)"$', text)
    assert declared is not None
    assert nailgun_hooks.__version__ == declared.group(1)
    assert importlib.metadata.version("nailgun-hooks") == nailgun_hooks.__version__


def install_future(dists: DistFactory, tmp_path: Path, requires: str) -> Path:
    """An extension requiring ``requires``, whose import leaves a mark."""
    mark = tmp_path / "imported"
    module = dists.unique("future")
    dists.install(
        "future-ext",
        entry_points={"future": f"{module}:Extension"},
        modules={
            module: f"open({str(mark)!r}, 'w').close()\n"
            "from nailgun_hooks import BaseExtension, hookimpl\n"
            "from nailgun_hooks.types import Node\n\n"
            "class Extension(BaseExtension):\n"
            "    name, version, description = 'future', '9.0', 'for 9.0'\n"
            + "".join(f"    {line}\n" for line in FUTURE.strip().splitlines())
        },
        requires=[requires],
    )
    return mark


def test_strict_reports_the_requirement_instead_of_unknown_hooks(
    dists: DistFactory, tmp_path: Path
) -> None:
    mark = install_future(dists, tmp_path, "nailgun-hooks>=9.0")
    with pytest.raises(ExtensionValidationError) as raised:
        load_extensions(namespace=dists.namespace)
    (problem,) = raised.value.problems
    assert problem.code == "incompatible-host"
    assert problem.extension == "future" and problem.distribution == "future-ext"
    assert EXPECTED in problem.message
    assert "unknown-hook" not in str(raised.value)
    assert not mark.exists()  # its code never ran


def test_the_requirement_is_read_from_the_metadata_discovery_read(
    dists: DistFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Startup reads each METADATA once: discovery's text is judged."""
    from nailgun_hooks.startup import hostversion

    install_future(dists, tmp_path, "nailgun-hooks>=9.0")

    def read_again(dist: object) -> object:
        raise AssertionError("METADATA read a second time")

    monkeypatch.setattr(hostversion, "metadata_file", read_again)
    with pytest.raises(ExtensionValidationError) as raised:
        load_extensions(namespace=dists.namespace)
    assert [p.code for p in raised.value.problems] == ["incompatible-host"]
    assert requires_dist(None, ("METADATA", "Requires-Dist: x\n")) == []


def test_requires_dist_reads_the_text_it_is_given(tmp_path: Path) -> None:
    info = tmp_path / "given-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Name: given\nRequires-Dist: on-disk\n")
    dist = importlib.metadata.PathDistribution(info)
    given_text = ("METADATA", "Name: given\nRequires-Dist: read-before\n")
    assert requires_dist(dist, given_text) == ["read-before"]
    assert requires_dist(dist) == ["on-disk"]


def test_lenient_keeps_the_healthy_ones_and_reports_the_requirement(
    dists: DistFactory, tmp_path: Path
) -> None:
    install_future(dists, tmp_path, "nailgun-hooks>=9.0")
    dists.extension("healthy", UPDATE, requires=["nailgun-hooks>=0.1"])
    manager = load_extensions(strict=False, namespace=dists.namespace)
    assert manager.names() == ("healthy",)
    assert [(p.code, p.extension) for p in manager.problems] == [
        ("incompatible-host", "future")
    ]


def test_without_the_requirement_the_same_code_is_an_unknown_hook(
    dists: DistFactory,
) -> None:
    # The control: what the requirement check saves the operator from.
    dists.extension("future", FUTURE, requires=["nailgun-hooks>=0.1"])
    manager = load_extensions(strict=False, namespace=dists.namespace)
    assert [p.code for p in manager.problems] == ["unknown-hook"]


def test_check_and_list_report_it(
    dists: DistFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_future(dists, tmp_path, "nailgun-hooks>=9.0")

    assert cli.main(["check", "--namespace", dists.namespace]) == 1
    out = capsys.readouterr().out
    assert "[incompatible-host] extension 'future'" in out and EXPECTED in out
    assert "unknown-hook" not in out and "did you mean" not in out

    assert cli.main(["check", "--json", "--namespace", dists.namespace]) == 1
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert problem["code"] == "incompatible-host" and EXPECTED in problem["message"]

    for extra in ([], ["--no-import"]):
        argv = ["list", "--json", *extra, "--namespace", dists.namespace]
        assert cli.main(argv) == 0
        (entry,) = json.loads(capsys.readouterr().out)["extensions"]
        assert entry["status"] == "rejected"
        assert [p["code"] for p in entry["problems"]] == ["incompatible-host"]


@pytest.mark.parametrize(
    "requires",
    [
        "nailgun-hooks>=0.1",
        "nailgun_hooks>=0.1,<1",  # the name as pip normalises it
        "Nailgun.Hooks>=0.1",
        "nailgun-hooks",
        "nailgun-hooks>=9.0; python_version < '3'",  # not for this Python
        'nailgun-hooks>=9.0; extra == "db"',  # only with an extra
        "nailgun-hooks-contrib>=9.0",  # another distribution
        "not a requirement !!",
    ],
)
def test_requirements_that_do_not_stop_an_extension(
    dists: DistFactory, requires: str
) -> None:
    dists.extension("fine", UPDATE, requires=[requires])
    assert load_extensions(namespace=dists.namespace).names() == ("fine",)


@pytest.mark.parametrize(
    ("requires", "host", "unmet"),
    [
        ("nailgun-hooks>=9.0", "0.1.0", True),
        ("nailgun-hooks<0.1", "0.1.0", True),
        ("nailgun-hooks==0.1.*", "0.1.0", False),
        ("nailgun-hooks~=0.2", "0.1.0", True),
        # a pre-release host satisfies a specifier that excludes none
        ("nailgun-hooks>=0.9", "1.0.0rc1", False),
        ("nailgun-hooks>=1.0", "1.0.0rc1", True),
        ("nailgun-hooks[db]>=9.0", "0.1.0", True),
        # spelled as pip normalises it: still a requirement on the host
        ("nailgun_hooks>=9.0", "0.1.0", True),
        ("Nailgun.Hooks>=9.0", "0.1.0", True),
        ("nailgun-hooks>=9.0; python_version >= '3'", "0.1.0", True),
        ("nailgun-hooks>=9.0", "not a version", False),
    ],
)
def test_requirement_logic(requires: str, host: str, unmet: bool) -> None:
    assert bool(unmet_host_requirements([requires], host)) is unmet


def test_the_message_spells_extras_and_every_unmet_requirement(
    dists: DistFactory,
) -> None:
    dists.extension(
        "twice",
        UPDATE,
        requires=["nailgun-hooks[db]>=9.0", "nailgun-hooks<0.0.5", "pluggy"],
    )
    manager = load_extensions(strict=False, namespace=dists.namespace)
    (problem,) = manager.problems
    assert problem.message.startswith(
        "requires nailgun-hooks[db]>=9.0, nailgun-hooks<0.0.5; 0.1.0 is installed"
    )


def test_the_command_prints_the_running_version(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"nailgun-hooks {nailgun_hooks.__version__}\n"


def test_a_folded_requirement_and_an_undecodable_metadata_are_read(
    dists: DistFactory,
) -> None:
    folded = dists.extension("folded", UPDATE, requires=["nailgun-hooks"])
    info = next(dists.root.glob(f"dist_{folded}-*.dist-info"))
    metadata = info / "METADATA"
    metadata.write_text(
        metadata.read_text().replace(
            "Requires-Dist: nailgun-hooks\n", "Requires-Dist: nailgun-hooks\n  >=9.0\n"
        )
    )
    garbled = dists.extension("garbled", UPDATE, requires=["nailgun-hooks>=9.0"])
    info = next(dists.root.glob(f"dist_{garbled}-*.dist-info"))
    metadata = info / "METADATA"
    metadata.write_bytes(metadata.read_bytes() + b"a body that is not UTF-8: \xff\n")

    manager = load_extensions(strict=False, namespace=dists.namespace)

    host = {
        p.extension: p.message
        for p in manager.problems
        if p.code == "incompatible-host"
    }
    assert host.keys() == {"folded", "garbled"}
    assert host["folded"].startswith("requires nailgun-hooks>=9.0; ")


def metadata_dist(tmp_path: Path, text: str) -> importlib.metadata.Distribution:
    """A distribution whose METADATA is ``text``."""
    info = tmp_path / "any-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(text)
    return importlib.metadata.PathDistribution(info)


def test_requires_dist_reads_folded_values_and_only_the_header_block(
    tmp_path: Path,
) -> None:
    dist = metadata_dist(
        tmp_path,
        " a folded line before any header\n"
        "Metadata-Version: 2.1\nName: any\n"
        "Requires-Dist: nailgun-hooks\n  >=9.0\n  ,<10\n"
        "Summary: s\n  folded summary\n"
        "requires-dist: pluggy\n\n"
        "Requires-Dist: in the body\n",
    )
    assert requires_dist(dist) == ["nailgun-hooks >=9.0 ,<10", "pluggy"]
    assert requires_dist(None) == []


def test_no_requirement_on_the_host_is_an_empty_list() -> None:
    assert unmet_host_requirements(["pluggy>=1"]) == []
    assert unmet_host_requirements([]) == []
    assert unmet_host_requirements(["nailgun-hooks>=0.1"]) == []


def egg_info_dist(tmp_path: Path, requires: str) -> importlib.metadata.Distribution:
    """An ``.egg-info`` install: PKG-INFO without Requires-Dist, and
    ``requires.txt``."""
    info = tmp_path / "any.egg-info"
    info.mkdir(exist_ok=True)
    (info / "PKG-INFO").write_text("Metadata-Version: 1.2\nName: any\nVersion: 1.0\n")
    (info / "requires.txt").write_text(requires)
    return importlib.metadata.PathDistribution(info)


section_names = st.sampled_from(
    ["", "db", ':python_version < "3"', 'db:sys_platform == "linux"', ":extra"]
)
requirement_lines = st.sampled_from(
    ["nailgun-hooks>=9.0", "pluggy", "nailgun_hooks<1 ,>=0.1", "x @ https://h/x.zip"]
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(section_names, st.lists(requirement_lines, max_size=3)), max_size=4
    )
)
def test_requires_txt_is_read_as_importlib_metadata_reads_it(
    tmp_path_factory: pytest.TempPathFactory, sections: list[tuple[str, list[str]]]
) -> None:
    text = "".join(
        (f"[{name}]\n" if name else "") + "".join(f"{line}\n" for line in lines)
        for name, lines in sections
    )
    dist = egg_info_dist(tmp_path_factory.mktemp("egg"), text)
    assert requires_dist(dist) == (dist.requires or [])


def test_an_egg_info_install_requiring_another_host_is_not_imported(
    dists: DistFactory, tmp_path: Path
) -> None:
    """System packages and ``setup.py install`` write ``.egg-info``: its
    requirement on nailgun-hooks is judged as a ``.dist-info``'s is."""
    mark = install_future(dists, tmp_path, "pluggy")
    info = next(dists.root.glob("future_ext-*.dist-info"))
    egg = info.with_name(info.name.replace(".dist-info", ".egg-info"))
    info.rename(egg)
    metadata = (egg / "METADATA").read_text()
    (egg / "METADATA").unlink()
    (egg / "PKG-INFO").write_text(metadata.replace("Requires-Dist: pluggy\n", ""))
    (egg / "requires.txt").write_text(
        "pluggy\n\n[db]\nnailgun-hooks>=99\n\n"
        "[:python_version >= '3']\nnailgun-hooks>=9.0\n"
    )
    manager = load_extensions(strict=False, namespace=dists.namespace)
    (problem,) = manager.problems
    assert problem.code == "incompatible-host"
    assert EXPECTED in problem.message
    assert "99" not in problem.message  # only with the extra "db"
    assert not mark.exists()


def test_a_dist_info_states_its_requirements_in_its_headers(tmp_path: Path) -> None:
    """No ``requires.txt`` is looked for beside a METADATA (startup would
    pay a failed open per extension for a file wheels never have)."""
    dist = metadata_dist(tmp_path, "Metadata-Version: 2.1\nName: any\n\n")
    (tmp_path / "any-1.0.dist-info" / "requires.txt").write_text("nailgun-hooks>=99\n")
    assert requires_dist(dist) == []
