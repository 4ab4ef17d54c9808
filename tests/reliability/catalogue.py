"""The catalogue of broken and hostile extensions: the data that the tests
and ``docs/reliability.md`` are both generated from.

Each :class:`Case` installs one kind of broken extension as a real
distribution and states, exactly, every problem nailgun-hooks must report for
it: code, extension, distribution, entry point, hook, message, hint and
location. Texts are templates: ``{module}``, ``{ep}`` and friends stand for
names generated per test (see :class:`~tests.reliability.installer.Installer`).
Whole problems are compared, not fragments, so a vaguer message fails.

:data:`FATAL` lists what cannot be survived in-process, with what happens.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from tests.reliability.installer import HEADER, OMIT, Installer


@dataclass(frozen=True)
class Expected:
    """One problem as the test asserts it."""

    code: str
    extension: str | None
    message: str
    hint: str
    hook: str | None = None
    location: str | None = None
    """``file-name:line`` of the offending code (the file lies in the test's
    site directory), or None when the problem has no location of its own."""
    distribution: str | None = "{dist}"
    entry_point: str | None = "{ep}"

    def render(self, values: Mapping[str, str]) -> dict[str, str | None]:
        def fill(text: str | None) -> str | None:
            return None if text is None else text.format(**values)

        return {
            "code": self.code,
            "extension": self.extension,
            "distribution": fill(self.distribution),
            "entry_point": fill(self.entry_point),
            "hook": self.hook,
            "message": fill(self.message),
            "hint": fill(self.hint),
            "location": fill(self.location),
        }


@dataclass(frozen=True)
class Case:
    """One kind of broken extension and everything it must produce."""

    slug: str
    title: str
    install: Callable[[Installer], None] = field(repr=False)
    expected: tuple[Expected, ...]
    loaded: tuple[str, ...] = ()
    """Extensions of the case itself that lenient mode still loads."""

    @property
    def distribution(self) -> str:
        """``{dist}`` in templates: the distribution the case installs."""
        return f"{self.slug}-dist"


@dataclass(frozen=True)
class FatalCase:
    """An import that cannot be survived in-process, and what happens."""

    slug: str
    title: str
    source: str
    outcome: str


# Shared texts ------------------------------------------------------------------

IMPORT_HINT = (
    "check that the module and attribute in '{ep}' exist and that the "
    "distribution's dependencies are installed"
)
RAISED_HINT = "importing the extension's module raised; fix the module"
NOT_EXTENSION_HINT = (
    "point the entry point at a BaseExtension subclass, or at a module or object "
    "with @hookimpl functions"
)
INSPECTION_HINT = (
    "reading an extension's attributes must not raise: make name, version, "
    "description, before and after plain class attributes, and do not raise "
    "from __getattr__ or __dir__"
)
CONSTRUCTOR_HINT = (
    "an extension class is instantiated once with no arguments; give every "
    "__init__ parameter a default"
)
DESCRIPTION_HINT = "set description = '<one line saying what it does>'"
VERSION_HINT = "set version = '1.0.0' (PEP 440; semver fits)"
BAD_NAME_HINT = (
    "name the entry point (and the extension) with a letter followed by "
    "letters, digits, '_' or '-', 64 at most"
)
VARIADIC_HINT = "name each argument you need, e.g. (self, node)"
CYCLE = "before/after constraints form a cycle: {} (each runs before the next)"
CLASS_LINE = "{module}.py:6"
"""Where :meth:`Installer.extension` puts ``class Extension``."""
METHOD_LINE = "{module}.py:10"
"""Where the first method of its body is defined."""

EQ_HINT = (
    "pluggy compares extension objects with ==: an extension's __eq__ must "
    "be True only for the object itself (or remove __eq__)"
)
EQ_TRUE = """
def __eq__(self, other):
    return True

__hash__ = object.__hash__

@hookimpl
def on_node_update(self, node):
    pass
"""
EQ_RAISES = """
def __eq__(self, other):
    raise RuntimeError("not comparable")

__hash__ = object.__hash__

@hookimpl
def on_node_update(self, node):
    pass
"""

UPDATE = """
@hookimpl
def on_node_update(self, node):
    pass
"""
MODULE_WITH_HOOK = """\
from nailgun_hooks import hookimpl
@hookimpl
def on_node_update(node):
    pass
"""


# Installers --------------------------------------------------------------------


def _module_case(
    slug: str, source: str, *, attribute: str = "Extension"
) -> Callable[[Installer], None]:
    """Entry point ``slug`` naming ``attribute`` of a module with ``source``."""

    def install(x: Installer) -> None:
        module = x.module("module")
        x.values["ep"] = f"{slug} = {module}:{attribute}"
        x.install(f"{slug}-dist", {slug: f"{module}:{attribute}"}, {module: source})

    return install


def _class_case(
    slug: str,
    body: str = UPDATE,
    *,
    metadata: Mapping[str, object] = {},
) -> Callable[[Installer], None]:
    """A ``BaseExtension`` subclass named ``slug`` with ``body``."""

    def install(x: Installer) -> None:
        module = x.extension(slug, body, metadata=metadata, dist=f"{slug}-dist")
        x.values["ep"] = f"{slug} = {module}:Extension"

    return install


def _missing_module(x: Installer) -> None:
    module = x.module("module")  # a name no file is written for
    x.values["ep"] = f"missing-module = {module}:Extension"
    x.install("missing-module-dist", {"missing-module": f"{module}:Extension"})


def _malformed_value(x: Installer) -> None:
    x.values["ep"] = "malformed-value = malformed-value:Extension"
    x.install("malformed-value-dist", {"malformed-value": "malformed-value:Extension"})


def _module_entry_point(
    slug: str, source: str, **install: str
) -> Callable[[Installer], None]:
    """Entry point ``slug`` naming a whole module."""

    def run(x: Installer) -> None:
        module = x.module("module")
        x.values["ep"] = f"{slug} = {module}"
        x.install(f"{slug}-dist", {slug: module}, {module: source}, **install)

    return run


def _odd_name(slug: str, name: str) -> Callable[[Installer], None]:
    def install(x: Installer) -> None:
        module = x.extension(name, UPDATE, dist=f"{slug}-dist")
        x.values["ep"] = f"{name} = {module}:Extension"

    return install


def _name_mismatch(x: Installer) -> None:
    module = x.extension(
        "name-mismatched",
        UPDATE,
        entry_point="name-mismatch",
        dist="name-mismatch-dist",
    )
    x.values["ep"] = f"name-mismatch = {module}:Extension"


def _duplicate_across_dists(x: Installer) -> None:
    first = x.extension("twin", UPDATE, key="first", dist="twin-first-dist")
    second = x.extension("twin", UPDATE, key="second", dist="twin-second-dist")
    x.values["ep1"] = f"twin = {first}:Extension"
    x.values["ep2"] = f"twin = {second}:Extension"


def _impersonation(x: Installer) -> None:
    first = x.extension("original", UPDATE, key="first", dist="original-dist")
    second = x.extension(
        "original", UPDATE, key="second", dist="impostor-dist", entry_point="impostor"
    )
    x.values["ep1"] = f"original = {first}:Extension"
    x.values["ep2"] = f"impostor = {second}:Extension"


def _same_object(x: Installer) -> None:
    module = x.module("module")
    x.values["ep1"] = f"same-object = {module}"
    x.values["ep2"] = f"same-object-again = {module}"
    x.install(
        "same-object-dist",
        {"same-object": module, "same-object-again": module},
        {module: MODULE_WITH_HOOK},
    )


def _same_class(x: Installer) -> None:
    module = x.extension("same-class", UPDATE, dist="same-class-dist")
    x.values["ep1"] = f"same-class = {module}:Extension"
    x.values["ep2"] = f"same-class-again = {module}:Extension"
    x.install(  # the same distribution, now with a second entry point
        "same-class-dist",
        {
            "same-class": f"{module}:Extension",
            "same-class-again": f"{module}:Extension",
        },
    )


def _cycle(x: Installer) -> None:
    for name, before in (
        ("cycle-a", ["cycle-b"]),
        ("cycle-b", ["cycle-c"]),
        ("cycle-c", ["cycle-a"]),
    ):
        x.extension(name, UPDATE, key=name, metadata={"before": before})


HOSTILE_REPR = """\
class Settings(dict):
    def __repr__(self):
        raise RuntimeError("repr refused")
SETTINGS = Settings(password="s3cr3t")
"""
HOSTILE_GETATTR = """\
class Hostile:
    def __getattr__(self, name):
        raise RuntimeError("no attributes here")
Extension = Hostile()
"""
HOSTILE_DIR = """\
from nailgun_hooks import hookimpl
class Hostile:
    name = "raising-dir"
    def __dir__(self):
        raise RuntimeError("no listing here")
    @hookimpl
    def on_node_update(self, node):
        pass
Extension = Hostile()
"""
RAISING_PROPERTY = (
    """
@property
def before(self):
    raise RuntimeError("computed lazily, badly")
"""
    + UPDATE
)


BROKEN_HINT = (
    "reinstall the distribution (pip install --force-reinstall), or uninstall it"
)
NAMELESS = "<distribution without a name in {site}>"
METADATA = "Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0.0\n"


def _broken_dist(
    slug: str, metadata: bytes | None, entry_points: bytes
) -> Callable[[Installer], None]:
    """A sound extension module in a distribution whose files are as given:
    ``{dist}`` and ``{module}`` in them are filled in, ``{namespace}`` is the
    test's group, and ``metadata=None`` leaves METADATA out."""

    def install(x: Installer) -> None:
        module = x.module("module")
        x.values["ep"] = f"{slug} = {module}:Extension"
        x.install(f"{slug}-source", {}, {module: f"{HEADER}\n{_healthy_class(slug)}"})

        def fill(data: bytes) -> bytes:
            return data.replace(b"{dist}", f"{slug}-dist".encode()).replace(
                b"{module}", module.encode()
            )

        files = {"entry_points.txt": fill(entry_points)}
        if metadata is not None:
            files["METADATA"] = fill(metadata)
        x.raw(f"{slug}-dist", files)

    return install


def _healthy_class(name: str) -> str:
    return (
        "class Extension(BaseExtension):\n"
        f"    name = {name!r}\n"
        "    version = '1.0.0'\n"
        "    description = 'A test extension'\n" + textwrap.indent(UPDATE, "    ")
    )


def _hook_case(slug: str, source: str) -> Callable[[Installer], None]:
    return _class_case(slug, source)


# The catalogue -----------------------------------------------------------------

CASES: tuple[Case, ...] = (
    # --- entry points and imports ---------------------------------------------
    Case(
        "missing-module",
        "entry point to a module that does not exist",
        _missing_module,
        (
            Expected(
                "import-failed",
                "missing-module",
                "cannot be loaded: ModuleNotFoundError: No module named '{module}'",
                IMPORT_HINT,
            ),
        ),
    ),
    Case(
        "missing-attribute",
        "entry point to an attribute the module does not define",
        _module_case("missing-attribute", "class Extention:\n    pass\n"),
        (
            Expected(
                "import-failed",
                "missing-attribute",
                "cannot be loaded: AttributeError: module '{module}' has no "
                "attribute 'Extension'",
                "the module imports, but has no attribute of the name given in "
                "'{ep}'; correct the entry point or the module",
            ),
        ),
    ),
    Case(
        "malformed-value",
        "entry point value that is not `module:attribute` (a dash in the module)",
        _malformed_value,
        (
            Expected(
                "bad-entry-point",
                "malformed-value",
                "the entry point's value 'malformed-value:Extension' is not "
                "'module' or 'module:attribute'",
                "write it as 'package.module:ClassName' (dotted Python names) in "
                "the distribution's entry points",
            ),
        ),
    ),
    Case(
        "missing-dependency",
        "module importing a dependency that is not installed",
        _module_case(
            "missing-dependency", "import nailgun_hooks_absent_dependency_xyz\n"
        ),
        (
            Expected(
                "import-failed",
                "missing-dependency",
                "cannot be loaded: ModuleNotFoundError: No module named "
                "'nailgun_hooks_absent_dependency_xyz'",
                IMPORT_HINT,
                location="{module}.py:1",
            ),
        ),
    ),
    Case(
        "import-error",
        "module raising ImportError at import",
        _module_case(
            "import-error", "raise ImportError('the libvirt bindings are required')\n"
        ),
        (
            Expected(
                "import-failed",
                "import-error",
                "cannot be loaded: ImportError: the libvirt bindings are required",
                IMPORT_HINT,
                location="{module}.py:1",
            ),
        ),
    ),
    Case(
        "syntax-error",
        "module with a SyntaxError",
        _module_case("syntax-error", "if True\n    pass\n"),
        (
            Expected(
                "import-failed",
                "syntax-error",
                "cannot be loaded: SyntaxError: expected ':' ({module}.py, line 1)",
                "fix the syntax error; if the code is valid, the distribution "
                "needs a newer Python than this one",
                location="{module}.py:1",
            ),
        ),
    ),
    Case(
        "runtime-error",
        "module raising RuntimeError at import",
        _module_case(
            "runtime-error", "raise RuntimeError('cannot reach the database')\n"
        ),
        (
            Expected(
                "import-failed",
                "runtime-error",
                "cannot be loaded: RuntimeError: cannot reach the database",
                RAISED_HINT,
                location="{module}.py:1",
            ),
        ),
    ),
    Case(
        "system-exit",
        "module calling sys.exit() at import",
        _module_case("system-exit", "import sys\nsys.exit(3)\n"),
        (
            Expected(
                "import-exited",
                "system-exit",
                "cannot be loaded: importing it called sys.exit(3)",
                "an extension must never exit the process; remove the exit call",
                location="{module}.py:2",
            ),
        ),
    ),
    Case(
        "constructor-raises",
        "extension class whose constructor raises",
        _class_case(
            "constructor-raises",
            UPDATE
            + "\ndef __init__(self):\n    raise ValueError('no configuration file')\n",
        ),
        (
            Expected(
                "constructor-failed",
                "constructor-raises",
                "Extension() raised ValueError: no configuration file",
                CONSTRUCTOR_HINT + " and do not raise from __init__",
                location="{module}.py:16",
            ),
        ),
    ),
    Case(
        "constructor-arguments",
        "extension class needing constructor arguments",
        _class_case(
            "constructor-arguments",
            UPDATE + "\ndef __init__(self, config):\n    self.config = config\n",
        ),
        (
            Expected(
                "constructor-failed",
                "constructor-arguments",
                "Extension() needs argument(s) 'config', but an extension class is "
                "instantiated with none",
                CONSTRUCTOR_HINT + " (read configuration from Nailgun's settings "
                "instead)",
                location="{module}.py:15",
            ),
        ),
    ),
    Case(
        "not-an-extension-class",
        "entry point to a class that is not a BaseExtension",
        _module_case(
            "not-an-extension-class",
            "class Extension:\n    name = 'not-an-extension-class'\n",
        ),
        (
            Expected(
                "not-an-extension",
                "not-an-extension-class",
                "the entry point names class 'Extension', which is not a "
                "nailgun_hooks.BaseExtension subclass",
                "subclass nailgun_hooks.BaseExtension, or point the entry point at "
                "a module or instance carrying @hookimpl functions",
                location="{module}.py:1",
            ),
        ),
    ),
    Case(
        "not-an-extension-object",
        "entry point to a plain object (a settings dict)",
        _module_case(
            "not-an-extension-object",
            "SETTINGS = {'password': 's3cr3t'}\n",
            attribute="SETTINGS",
        ),
        (
            Expected(
                "not-an-extension",
                "not-an-extension-object",
                "a dict object is neither a BaseExtension nor carries any @hookimpl "
                "function",
                NOT_EXTENSION_HINT,
            ),
        ),
    ),
    Case(
        "no-hooks",
        "entry point to a module with no @hookimpl function",
        _module_entry_point("no-hooks", "SETTING = 1\n"),
        (
            Expected(
                "not-an-extension",
                "no-hooks",
                "module '{module}' is neither a BaseExtension nor carries any "
                "@hookimpl function",
                NOT_EXTENSION_HINT,
                location="{module}.py:1",
            ),
        ),
    ),
    # --- hostile objects ----------------------------------------------------------
    Case(
        "hostile-repr",
        "object whose `__repr__` raises (and which holds a password)",
        _module_case("hostile-repr", HOSTILE_REPR, attribute="SETTINGS"),
        (
            Expected(
                "not-an-extension",
                "hostile-repr",
                "a Settings object is neither a BaseExtension nor carries any "
                "@hookimpl function",
                NOT_EXTENSION_HINT,
                location="{module}.py:1",
            ),
        ),
    ),
    Case(
        "raising-getattr",
        "object whose `__getattr__` raises",
        _module_case("raising-getattr", HOSTILE_GETATTR),
        (
            Expected(
                "inspection-failed",
                "raising-getattr",
                "reading the extension object raised RuntimeError: no attributes here",
                INSPECTION_HINT,
                location="{module}.py:3",
            ),
        ),
    ),
    Case(
        "raising-dir",
        "object whose `__dir__` raises",
        _module_case("raising-dir", HOSTILE_DIR),
        (
            Expected(
                "inspection-failed",
                "raising-dir",
                "reading the extension object raised RuntimeError: no listing here",
                INSPECTION_HINT,
                location="{module}.py:5",
            ),
        ),
    ),
    Case(
        "raising-property",
        "extension whose `before` is a property that raises",
        _class_case("raising-property", RAISING_PROPERTY),
        (
            Expected(
                "inspection-failed",
                "raising-property",
                "reading the extension object raised RuntimeError: computed "
                "lazily, badly",
                INSPECTION_HINT,
                location="{module}.py:13",
            ),
        ),
    ),
    # --- metadata -----------------------------------------------------------------
    Case(
        "description-missing",
        "description attribute not set",
        _class_case("description-missing", metadata={"description": OMIT}),
        (
            Expected(
                "missing-description",
                "description-missing",
                "the extension has no description",
                DESCRIPTION_HINT,
                location=CLASS_LINE,
            ),
        ),
    ),
    Case(
        "description-empty",
        "blank description",
        _class_case("description-empty", metadata={"description": "   "}),
        (
            Expected(
                "missing-description",
                "description-empty",
                "the extension has no description",
                DESCRIPTION_HINT,
                location=CLASS_LINE,
            ),
        ),
    ),
    Case(
        "description-multiline",
        "multi-line description",
        _class_case(
            "description-multiline",
            metadata={"description": "Manages volumes.\nAlso does backups."},
        ),
        (
            Expected(
                "multiline-description",
                "description-multiline",
                "the description spans several lines",
                "keep the description to one line; it is shown in listings",
                location=CLASS_LINE,
            ),
        ),
    ),
    Case(
        "no-summary",
        "module extension whose distribution has no Summary",
        _module_entry_point("no-summary", MODULE_WITH_HOOK, summary=""),
        (
            Expected(
                "missing-description",
                "no-summary",
                "the extension has no description",
                DESCRIPTION_HINT + " in the module, or give the distribution a "
                "summary (description in pyproject.toml's [project] table)",
                location="{module}.py:1",
            ),
        ),
    ),
    Case(
        "bad-version",
        "version that is not a version",
        _class_case("bad-version", metadata={"version": "one point oh"}),
        (
            Expected(
                "bad-version",
                "bad-version",
                "the version 'one point oh' is not a valid version",
                VERSION_HINT,
                location=CLASS_LINE,
            ),
        ),
    ),
    Case(
        "version-missing",
        "version attribute not set",
        _class_case("version-missing", metadata={"version": OMIT}),
        (
            Expected(
                "bad-version",
                "version-missing",
                "the version '' is not a valid version",
                VERSION_HINT,
                location=CLASS_LINE,
            ),
        ),
    ),
    # --- names ----------------------------------------------------------------------
    Case(
        "name-mismatch",
        "entry point name differs from the extension's name",
        _name_mismatch,
        (
            Expected(
                "entry-point-name-mismatch",
                "name-mismatched",
                "the entry point is named 'name-mismatch' but the extension calls "
                "itself 'name-mismatched'",
                "rename the entry point to 'name-mismatched': allow- and deny-lists "
                "match entry point names before anything is imported",
                location=CLASS_LINE,
            ),
        ),
    ),
    Case(
        "odd-name-comma",
        "entry point name with a comma (it could not be deny-listed)",
        _odd_name("odd-name-comma", "audit,backup"),
        (
            Expected(
                "bad-name",
                "audit,backup",
                "the entry point name 'audit,backup' is not a valid extension name, "
                "so it is not imported",
                BAD_NAME_HINT,
            ),
        ),
    ),
    Case(
        "odd-name-path",
        "entry point name that looks like a path",
        _odd_name("odd-name-path", "../audit"),
        (
            Expected(
                "bad-name",
                "../audit",
                "the entry point name '../audit' is not a valid extension name, "
                "so it is not imported",
                BAD_NAME_HINT,
            ),
        ),
    ),
    Case(
        "odd-name-unicode",
        "entry point name with non-ASCII letters",
        _odd_name("odd-name-unicode", "äudit"),
        (
            Expected(
                "bad-name",
                "äudit",
                "the entry point name 'äudit' is not a valid extension name, "
                "so it is not imported",
                BAD_NAME_HINT,
            ),
        ),
    ),
    Case(
        "duplicate-across-distributions",
        "one name claimed by two distributions",
        _duplicate_across_dists,
        (
            Expected(
                "duplicate-name",
                "twin",
                "the name 'twin' is claimed by 2 entry points: twin-first-dist "
                "({ep1}), twin-second-dist ({ep2}); none of them is loaded",
                "uninstall one of the distributions, or rename one extension",
                distribution="twin-first-dist, twin-second-dist",
                entry_point=None,
            ),
        ),
    ),
    Case(
        "impersonation",
        "extension calling itself by another installed extension's name",
        _impersonation,
        (
            Expected(
                "entry-point-name-mismatch",
                "original",
                "the entry point is named 'impostor' but the extension calls itself "
                "'original'",
                "rename the entry point to 'original': allow- and deny-lists match "
                "entry point names before anything is imported",
                location="{second}.py:6",
                distribution="impostor-dist",
                entry_point="{ep2}",
            ),
            *(
                Expected(
                    "duplicate-name",
                    "original",
                    "the name 'original' is taken by 2 extensions: impostor-dist "
                    "({ep2}), original-dist ({ep1})",
                    "uninstall one of them, or rename one extension",
                    location=f"{{{key}}}.py:6",
                    distribution=dist,
                    entry_point=f"{{ep{number}}}",
                )
                for key, dist, number in (
                    ("second", "impostor-dist", 2),
                    ("first", "original-dist", 1),
                )
            ),
        ),
    ),
    Case(
        "same-object",
        "two entry points in one distribution resolving to the same object",
        _same_object,
        (
            Expected(
                "duplicate-object",
                "same-object-again",
                "entry points '{ep1}' and '{ep2}' load the same extension code",
                "keep one entry point per extension",
                location="{module}.py:1",
                entry_point="{ep2}",
            ),
        ),
        loaded=("same-object",),
    ),
    Case(
        "same-class",
        "two entry points in one distribution naming the same extension class",
        _same_class,
        (
            Expected(
                "entry-point-name-mismatch",
                "same-class",
                "the entry point is named 'same-class-again' but the extension "
                "calls itself 'same-class'",
                "rename the entry point to 'same-class': allow- and deny-lists "
                "match entry point names before anything is imported",
                location=CLASS_LINE,
                entry_point="{ep2}",
            ),
            Expected(
                "duplicate-object",
                "same-class",
                "entry points '{ep1}' and '{ep2}' load the same extension code",
                "keep one entry point per extension",
                location=CLASS_LINE,
                entry_point="{ep2}",
            ),
        ),
    ),
    # --- hook implementations -----------------------------------------------------
    Case(
        "misspelled-hook",
        "implementation of a misspelled hook",
        _hook_case(
            "misspelled-hook", "@hookimpl\ndef on_node_updte(self, node):\n    pass\n"
        ),
        (
            Expected(
                "unknown-hook",
                "misspelled-hook",
                "on_node_updte implements 'on_node_updte', which is not a Nailgun "
                "event",
                "did you mean 'on_node_update'?",
                hook="on_node_updte",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "unknown-specname",
        "`specname` naming no hook",
        _hook_case(
            "unknown-specname",
            "@hookimpl(specname='on_node_upd')\ndef handler(self, node):\n    pass\n",
        ),
        (
            Expected(
                "unknown-hook",
                "unknown-specname",
                "handler implements 'on_node_upd', which is not a Nailgun event",
                "did you mean 'on_node_update'?",
                hook="on_node_upd",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "argument-not-in-spec",
        "argument the hook does not pass",
        _hook_case(
            "argument-not-in-spec",
            "@hookimpl\ndef on_node_update(self, nod):\n    pass\n",
        ),
        (
            Expected(
                "unknown-argument",
                "argument-not-in-spec",
                "parameter 'nod' is not an argument of on_node_update; the hook "
                "passes node",
                "rename 'nod' to 'node'",
                hook="on_node_update",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "old-style-arity",
        "old-style handler that cannot take the event's arguments",
        _hook_case(
            "old-style-arity",
            "@classmethod\ndef on_cluster_create(cls, cluster):\n    pass\n",
        ),
        (
            Expected(
                "bad-handler-signature",
                "old-style-arity",
                "on_cluster_create(cluster) cannot be called with (cluster, data), "
                "as Nailgun calls it: too many positional arguments",
                "declare it as @classmethod def on_cluster_create(cls, cluster, data)",
                hook="on_cluster_create",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "extra-argument-default",
        "extra argument with a default",
        _hook_case(
            "extra-argument-default",
            "@hookimpl\ndef on_node_update(self, node, retries=3):\n    pass\n",
        ),
        (
            Expected(
                "unknown-argument",
                "extra-argument-default",
                "parameter 'retries' is not an argument of on_node_update (its "
                "default hides the mistake: it is never passed); the hook passes node",
                "remove 'retries'",
                hook="on_node_update",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "var-positional",
        "`*args`",
        _hook_case(
            "var-positional", "@hookimpl\ndef on_node_update(self, *args):\n    pass\n"
        ),
        (
            Expected(
                "variadic-argument",
                "var-positional",
                "*args receives nothing: hook arguments are passed by name",
                VARIADIC_HINT,
                hook="on_node_update",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "var-keyword",
        "`**kwargs`",
        _hook_case(
            "var-keyword", "@hookimpl\ndef on_node_update(self, **kwargs):\n    pass\n"
        ),
        (
            Expected(
                "variadic-argument",
                "var-keyword",
                "**kwargs receives nothing: only named parameters are passed",
                VARIADIC_HINT,
                hook="on_node_update",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "keyword-only",
        "keyword-only argument",
        _hook_case(
            "keyword-only", "@hookimpl\ndef on_node_update(self, *, node):\n    pass\n"
        ),
        (
            Expected(
                "keyword-only-argument",
                "keyword-only",
                "keyword-only parameter 'node' is never passed (only parameters "
                "before '*' receive arguments): without a default the call fails, "
                "with one it silently keeps the default",
                "move 'node' before any '*' in the signature",
                hook="on_node_update",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "incompatible-annotation",
        "argument annotated with an incompatible type",
        _hook_case(
            "incompatible-annotation",
            "@hookimpl\ndef on_node_update(self, node: Cluster):\n    pass\n",
        ),
        (
            Expected(
                "incompatible-argument-type",
                "incompatible-annotation",
                "parameter 'node' is annotated Cluster but on_node_update passes Node",
                "annotate it Node (or a supertype), or drop the annotation",
                hook="on_node_update",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "incompatible-container",
        "argument annotated with a narrower container",
        _hook_case(
            "incompatible-container",
            "@hookimpl\ndef on_node_collection_delete(self, node_ids: list[str]):\n"
            "    pass\n",
        ),
        (
            Expected(
                "incompatible-argument-type",
                "incompatible-container",
                "parameter 'node_ids' is annotated list[str] but "
                "on_node_collection_delete passes Sequence[int]",
                "annotate it Sequence[int] (or a supertype), or drop the annotation",
                hook="on_node_collection_delete",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "notification-returns",
        "notification annotated to return a value",
        _hook_case(
            "notification-returns",
            "@hookimpl\ndef on_node_update(self, node) -> bool:\n    return True\n",
        ),
        (
            Expected(
                "incompatible-return-type",
                "notification-returns",
                "it returns bool but on_node_update expects None",
                "return None",
                hook="on_node_update",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "firstresult-wrong-return",
        "first-result implementation annotated with the wrong return type",
        _hook_case(
            "firstresult-wrong-return",
            "@hookimpl\ndef get_node_volumes(self, node) -> str:\n    return ''\n",
        ),
        (
            Expected(
                "incompatible-return-type",
                "firstresult-wrong-return",
                "it returns str but get_node_volumes expects "
                "list[dict[str, Any]] | None",
                "return list[dict[str, Any]] | None",
                hook="get_node_volumes",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "async-def",
        "`async def` implementation",
        _hook_case(
            "async-def", "@hookimpl\nasync def on_node_update(self, node):\n    pass\n"
        ),
        (
            Expected(
                "async-implementation",
                "async-def",
                "on_node_update is 'async def': Nailgun calls hooks synchronously, "
                "so the coroutine would never run",
                "make it a plain 'def'",
                hook="on_node_update",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "wrapper-not-generator",
        "wrapper that is not a generator",
        _hook_case(
            "wrapper-not-generator",
            "@hookimpl(wrapper=True)\ndef on_node_update(self, node):\n    pass\n",
        ),
        (
            Expected(
                "wrapper-not-generator",
                "wrapper-not-generator",
                "on_node_update is declared a wrapper but is not a generator",
                "a wrapper must 'yield' exactly once (result = yield), or drop "
                "wrapper=True",
                hook="on_node_update",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "generator-not-wrapper",
        "generator that is not declared a wrapper",
        _hook_case(
            "generator-not-wrapper",
            "@hookimpl\ndef on_node_update(self, node):\n    yield\n",
        ),
        (
            Expected(
                "generator-not-wrapper",
                "generator-not-wrapper",
                "on_node_update is a generator but not declared a wrapper: its body "
                "would never run",
                "remove the 'yield', or mark it @hookimpl(wrapper=True)",
                hook="on_node_update",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "wrapper-and-hookwrapper",
        "`wrapper=True` and `hookwrapper=True` together",
        _hook_case(
            "wrapper-and-hookwrapper",
            "@hookimpl(wrapper=True, hookwrapper=True)\n"
            "def on_node_update(self, node):\n    return (yield)\n",
        ),
        (
            Expected(
                "bad-wrapper",
                "wrapper-and-hookwrapper",
                "wrapper=True and hookwrapper=True are mutually exclusive",
                "use wrapper=True",
                hook="on_node_update",
                location=METHOD_LINE,
            ),
        ),
    ),
    Case(
        "tryfirst-and-trylast",
        "implementation marked both `tryfirst` and `trylast`",
        _hook_case(
            "tryfirst-and-trylast",
            "@hookimpl(tryfirst=True, trylast=True)\n"
            "def on_node_update(self, node):\n    pass\n",
        ),
        (
            Expected(
                "conflicting-order-marks",
                "tryfirst-and-trylast",
                "tryfirst=True and trylast=True contradict each other (pluggy would "
                "silently apply trylast)",
                "keep one of them",
                hook="on_node_update",
                location=METHOD_LINE,
            ),
        ),
    ),
    # --- broken distributions -------------------------------------------------
    Case(
        "metadata-not-utf8",
        "distribution whose METADATA is not UTF-8",
        _broken_dist(
            "metadata-not-utf8",
            METADATA.encode() + b"Summary: caf\xe9\n",
            b"[{namespace}]\nmetadata-not-utf8 = {module}:Extension\n",
        ),
        (
            Expected(
                "broken-distribution",
                "metadata-not-utf8",
                "its distribution is broken: its METADATA is not UTF-8 (line 4)",
                BROKEN_HINT,
            ),
        ),
    ),
    Case(
        "no-metadata",
        "distribution without a METADATA file",
        _broken_dist(
            "no-metadata", None, b"[{namespace}]\nno-metadata = {module}:Extension\n"
        ),
        (
            Expected(
                "broken-distribution",
                "no-metadata",
                "its distribution is broken: it has no METADATA",
                BROKEN_HINT,
                distribution=NAMELESS,
            ),
        ),
    ),
    Case(
        "metadata-without-name",
        "distribution whose METADATA has no `Name`",
        _broken_dist(
            "metadata-without-name",
            b"Metadata-Version: 2.1\nVersion: 1.0.0\n",
            b"[{namespace}]\nmetadata-without-name = {module}:Extension\n",
        ),
        (
            Expected(
                "broken-distribution",
                "metadata-without-name",
                "its distribution is broken: its METADATA has no Name",
                BROKEN_HINT,
                distribution=NAMELESS,
            ),
        ),
    ),
    Case(
        "line-without-equals",
        "entry_points.txt line without `=` next to a sound one",
        _broken_dist(
            "line-without-equals",
            METADATA.encode(),
            b"[{namespace}]\nline-without-equals = {module}:Extension\naudit\n",
        ),
        (
            Expected(
                "broken-distribution",
                None,
                "its entry_points.txt declares nothing readable in [{namespace}]: "
                "line 3 has no '=' (write 'name = module:attribute')",
                BROKEN_HINT,
                entry_point=None,
            ),
        ),
        loaded=("line-without-equals",),
    ),
    Case(
        "entry-point-not-utf8",
        "entry_points.txt line that is not UTF-8 next to a sound one",
        _broken_dist(
            "entry-point-not-utf8",
            METADATA.encode(),
            b"[{namespace}]\nentry-point-not-utf8 = {module}:Extension\n"
            b"caf\xe9 = {module}:Extension\n",
        ),
        (
            Expected(
                "broken-distribution",
                None,
                "its entry_points.txt declares nothing readable in [{namespace}]: "
                "line 3 is not UTF-8",
                BROKEN_HINT,
                entry_point=None,
            ),
        ),
        loaded=("entry-point-not-utf8",),
    ),
    Case(
        "unclosed-section",
        "entry_points.txt whose section header lacks its `]`",
        _broken_dist(
            "unclosed-section",
            METADATA.encode(),
            b"[{namespace}\nunclosed-section = {module}:Extension\n",
        ),
        (
            Expected(
                "broken-distribution",
                None,
                "its entry_points.txt declares nothing readable in [{namespace}]: "
                "line 1 is a section header without its ']'",
                BROKEN_HINT,
                entry_point=None,
            ),
        ),
    ),
    # --- ordering -------------------------------------------------------------------
    Case(
        "ordering-cycle",
        "`before` constraints forming a cycle",
        _cycle,
        tuple(
            Expected(
                "ordering-cycle",
                name,
                CYCLE.format(path),
                "remove one of the before/after constraints in the cycle",
                location=f"{{{name}}}.py:6",
                distribution=f"{name}-dist",
                entry_point=f"{name} = {{{name}}}:Extension",
            )
            for name, path in (
                ("cycle-a", "cycle-a -> cycle-b -> cycle-c -> cycle-a"),
                ("cycle-b", "cycle-b -> cycle-c -> cycle-a -> cycle-b"),
                ("cycle-c", "cycle-c -> cycle-a -> cycle-b -> cycle-c"),
            )
        ),
    ),
    Case(
        "before-unknown",
        "`before` naming an extension that is not installed",
        _class_case("before-unknown", metadata={"before": ["zzz-not-installed"]}),
        (
            Expected(
                "unknown-ordering-reference",
                "before-unknown",
                "before names 'zzz-not-installed', which is not installed",
                "remove 'zzz-not-installed' from before, or install it",
                location=CLASS_LINE,
            ),
        ),
    ),
    Case(
        "after-misspelled",
        "`after` naming an installed extension, misspelled",
        _class_case("after-misspelled", metadata={"after": ["healthy-alpha"]}),
        (
            Expected(
                "unknown-ordering-reference",
                "after-misspelled",
                "after names 'healthy-alpha', which is not installed",
                "did you mean 'healthy-alfa'?",
                location=CLASS_LINE,
            ),
        ),
    ),
    Case(
        "ordering-string",
        "`before` given as a string instead of a list",
        _class_case("ordering-string", metadata={"before": "healthy-zulu"}),
        (
            Expected(
                "bad-ordering-field",
                "ordering-string",
                "before is a string, not a list of extension names",
                "write before = ['healthy-zulu']",
                location=CLASS_LINE,
            ),
        ),
    ),
    Case(
        "ordering-self",
        "`after` naming the extension itself",
        _class_case("ordering-self", metadata={"after": ["ordering-self"]}),
        (
            Expected(
                "ordering-self-reference",
                "ordering-self",
                "after names the extension itself",
                "remove 'ordering-self' from after",
                location=CLASS_LINE,
            ),
        ),
    ),
    Case(
        "hostile-eq-true",
        "`__eq__` saying the extension equals every object",
        _class_case("hostile-eq-true", EQ_TRUE),
        (
            Expected(
                "claims-equality",
                "hostile-eq-true",
                "its __eq__ says it equals another object, so pluggy would take "
                "it for another extension",
                EQ_HINT,
                location=CLASS_LINE,
            ),
        ),
    ),
    Case(
        "hostile-eq-raises",
        "`__eq__` that raises",
        _class_case("hostile-eq-raises", EQ_RAISES),
        (
            Expected(
                "claims-equality",
                "hostile-eq-raises",
                "its __eq__ raised RuntimeError when compared with another object",
                EQ_HINT,
                location=CLASS_LINE,
            ),
        ),
    ),
)

HEALTHY = ("healthy-alfa", "healthy-zulu")
"""Installed next to every case; they must load and receive every event."""


FATAL: tuple[FatalCase, ...] = (
    FatalCase(
        "os-exit",
        "module calling `os._exit()` at import",
        "import os\nos._exit(17)\n",
        "not survivable: the process ends at once with the extension's status "
        "(17), no exception, no cleanup, no problem reported. Inspect such an "
        "install with `nailgun-hooks list --no-import`; exclude it with "
        "`NAILGUN_EXTENSIONS_DISABLED` and the rest loads",
    ),
    FatalCase(
        "keyboard-interrupt",
        "module raising KeyboardInterrupt at import",
        "raise KeyboardInterrupt\n",
        "deliberately not caught: KeyboardInterrupt propagates out of "
        "`load_extensions` (an operator's Ctrl-C must stop startup); exclude the "
        "extension with `NAILGUN_EXTENSIONS_DISABLED`",
    ),
)
