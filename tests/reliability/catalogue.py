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
    "name the entry point (and the extension) with a lowercase letter followed "
    "by lowercase letters, digits, '_' or '-' (47 at most)"
)
VARIADIC_HINT = "name each argument you need, e.g. (self, node)"
CYCLE = "before/after constraints form a cycle: {} (each runs before the next)"
CLASS_LINE = "{module}.py:6"
"""Where :meth:`Installer.extension` puts ``class Extension``."""
METHOD_LINE = "{module}.py:11"
"""Where the first method of its body is defined: its ``def``, below the
one decorator each case puts on it."""

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


SRC_OLD_STYLE_DROPPING_DECORATOR = """\
import functools
from nailgun_hooks import BaseExtension
def logged(function):
    @functools.wraps(function)
    def wrapper(cls):
        return function(cls)
    return wrapper
class Extension(BaseExtension):
    name = "old-style-dropping-decorator"
    version = "1.0.0"
    description = "An old-style handler behind a decorator taking fewer arguments"
    @classmethod
    @logged
    def on_node_update(cls, node):
        pass
"""

SRC_STEP_GENERATOR_BEHIND_DECORATOR = """\
import functools
from nailgun_hooks import BaseExtension
from nailgun_hooks.legacy import BasePipeline
def forward(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return function(*args, **kwargs)
    return wrapper
class Steps(BasePipeline):
    @classmethod
    @forward
    def process_deployment_for_node(cls, node, node_data):
        yield
class Extension(BaseExtension):
    name = "step-generator-behind-decorator"
    version = "1.0.0"
    description = "A pipeline step that is a generator behind a decorator"
    data_pipelines = [Steps]
"""

SRC_HANDLER_PROPERTY = """\
from nailgun_hooks import BaseExtension
class Extension(BaseExtension):
    name = "handler-property"
    version = "1.0.0"
    description = "An attribute named like an event that is a property"
    @property
    def on_node_update(self):
        return None
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


# Hostile classes and implementations pluggy would mishandle ------------------

SRC_RAISING_INIT_SUBCLASS = """\
from nailgun_hooks import BaseExtension, hookimpl
class Extension:
    name = "raising-init-subclass"
    version = "1.0.0"
    description = "An old-style class that refuses subclasses"
    def __init_subclass__(cls, **kwargs):
        raise RuntimeError("no subclasses of me")
    @classmethod
    def on_node_update(cls, node):
        pass
"""
SRC_METACLASS_GETATTR = """\
from nailgun_hooks import BaseExtension, hookimpl
class Meta(type):
    def __getattr__(cls, name):
        raise RuntimeError("the metaclass refuses " + name)
class Extension(BaseExtension, metaclass=Meta):
    name = "metaclass-getattr"
    version = "1.0.0"
    description = "A class whose metaclass __getattr__ raises"
    @hookimpl
    def on_node_update(self, node):
        pass
"""
SRC_METACLASS_PROPERTY = """\
from nailgun_hooks import BaseExtension, hookimpl
class Meta(type):
    @property
    def name(cls):
        raise SystemExit("the metaclass property exits")
class Extension(metaclass=Meta):
    version = "1.0.0"
    description = "An old-style class whose metaclass property exits"
    @classmethod
    def on_node_update(cls, node):
        pass
"""
SRC_RAISING_CLASS_ATTRIBUTE = """\
from nailgun_hooks import BaseExtension, hookimpl
class Hostile:
    name = "raising-class-attribute"
    version = "1.0.0"
    description = "An object whose __class__ raises"
    @property
    def __class__(self):
        raise RuntimeError("no class for you")
    @hookimpl
    def on_node_update(self, node):
        pass
    password = "s3cr3t"
    def __repr__(self):
        return f"<holding password={self.password}>"

Extension = Hostile()
"""
SRC_EQUAL_TO_EVERYTHING = """\
from nailgun_hooks import BaseExtension, hookimpl
class Hostile:
    name = "equal-to-everything"
    version = "1.0.0"
    description = "An object whose __eq__ always answers True"
    def __eq__(self, other):
        return True
    __hash__ = object.__hash__
    @hookimpl
    def on_node_update(self, node):
        pass
    password = "s3cr3t"
    def __repr__(self):
        return f"<holding password={self.password}>"

Extension = Hostile()
"""
SRC_METACLASS_HASH = """\
from nailgun_hooks import BaseExtension, hookimpl
class Meta(type):
    def __hash__(cls):
        raise RuntimeError("this class cannot be hashed")
class Extension(metaclass=Meta):
    name = "metaclass-hash"
    version = "1.0.0"
    description = "An old-style class whose metaclass __hash__ raises"
    @classmethod
    def on_node_update(cls, node):
        pass
"""
SRC_RAISING_GETATTRIBUTE = """\
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = "raising-getattribute"
    version = "1.0.0"
    description = "An extension whose __getattribute__ raises GeneratorExit"
    def __getattribute__(self, name):
        raise GeneratorExit("not " + name)
    @hookimpl
    def on_node_update(self, node):
        pass
"""
SRC_METACLASS_CALL = """\
from nailgun_hooks import BaseExtension, hookimpl
class Meta(type):
    def __call__(cls, *args, **kwargs):
        raise SystemExit(3)
class Extension(BaseExtension, metaclass=Meta):
    name = "metaclass-call"
    version = "1.0.0"
    description = "A class whose metaclass __call__ exits"
    @hookimpl
    def on_node_update(self, node):
        pass
"""
SRC_UNPRINTABLE_EXCEPTION = """\
from nailgun_hooks import BaseExtension, hookimpl
class Unprintable(Exception):
    def __str__(self):
        raise SystemExit("cannot print me")
class Extension(BaseExtension):
    name = "unprintable-exception"
    version = "1.0.0"
    description = "Raises an exception that cannot be printed"
    @property
    def before(self):
        raise Unprintable()
"""
SRC_PIPELINE_SETTINGS = """\
from nailgun_hooks import BaseExtension, hookimpl
class Settings(dict):
    pass
SETTINGS = Settings(password="s3cr3t")
class Extension(BaseExtension):
    name = "pipeline-settings"
    version = "1.0.0"
    description = "Lists a settings dict among its data pipelines"
    data_pipelines = [SETTINGS]
"""
SRC_URL_HANDLER_SETTINGS = """\
from nailgun_hooks import BaseExtension, hookimpl
class Settings(dict):
    pass
SETTINGS = Settings(password="s3cr3t")
class Extension(BaseExtension):
    name = "url-handler-settings"
    version = "1.0.0"
    description = "Gives a settings object as a URL handler"
    urls = [{"uri": r"/settings/?$", "handler": SETTINGS}]
"""
SRC_URL_URI_SETTINGS = """\
from nailgun_hooks import BaseExtension, hookimpl
class Settings(dict):
    pass
SETTINGS = Settings(password="s3cr3t")
class Extension(BaseExtension):
    name = "url-uri-settings"
    version = "1.0.0"
    description = "Gives a settings object as a URL pattern"
    urls = [{"uri": SETTINGS, "handler": Settings}]
"""
SRC_PARTIAL_BEHIND_STATICMETHOD = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = "partial-behind-staticmethod"
    version = "1.0.0"
    description = "A functools.partial as an implementation"
    def _update(self, node):
        pass
    on_node_update = hookimpl(staticmethod(functools.partial(_update, None)))
"""
SRC_LYING_SIGNATURE = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = "lying-signature"
    version = "1.0.0"
    description = "An implementation whose __signature__ lies"
    @hookimpl
    def on_node_update(self, *args):
        pass
    on_node_update.__signature__ = inspect.signature(lambda self, node: None)
"""
SRC_GENERATOR_BEHIND_DECORATOR = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
def forward(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return function(*args, **kwargs)
    return wrapper
class Extension(BaseExtension):
    name = "generator-behind-decorator"
    version = "1.0.0"
    description = "A generator behind a functools.wraps decorator"
    @hookimpl
    @forward
    def on_node_update(self, node):
        yield
"""
SRC_ASYNC_BEHIND_DECORATOR = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
def forward(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return function(*args, **kwargs)
    return wrapper
class Extension(BaseExtension):
    name = "async-behind-decorator"
    version = "1.0.0"
    description = "An async def behind a functools.wraps decorator"
    @hookimpl
    @forward
    async def on_node_update(self, node):
        pass
"""
SRC_DECORATOR_CHANGES_SIGNATURE = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = "decorator-changes-signature"
    version = "1.0.0"
    description = "A decorator whose function takes no event argument"
    @staticmethod
    def _decorate(function):
        @functools.wraps(function)
        def wrapper(self):
            return function(self, None)
        return wrapper
    @hookimpl
    @_decorate
    def on_node_update(self, node):
        pass
"""
SRC_HOOKIMPL_ON_PARTIAL = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = "hookimpl-on-partial"
    version = "1.0.0"
    description = "@hookimpl on a functools.partial"
    def _update(self, node):
        pass
    on_node_update = hookimpl(functools.partial(_update, None))
"""
SRC_HOOKIMPL_ON_CALLABLE = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = "hookimpl-on-callable"
    version = "1.0.0"
    description = "@hookimpl on a callable object"
    class _Handler:
        def __call__(self, node):
            pass
    on_node_update = hookimpl(_Handler())
"""
SRC_HOOKIMPL_ON_PARTIALMETHOD = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = "hookimpl-on-partialmethod"
    version = "1.0.0"
    description = "@hookimpl on a functools.partialmethod"
    def _update(self, node, verbose):
        pass
    on_node_update = hookimpl(functools.partialmethod(_update, verbose=True))
"""
SRC_OPTIONALHOOK_MISSPELLED = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = "optionalhook-misspelled"
    version = "1.0.0"
    description = "optionalhook=True on a misspelled event"
    @hookimpl(optionalhook=True)
    def on_node_updte(self, node):
        pass
"""
SRC_PROVIDES_STRING = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = "provides-string"
    version = "1.0.0"
    description = "provides given as a string"
    provides = "get_node_volumes"
    @hookimpl
    def get_node_volumes(self, node):
        return None
"""
SRC_BEFORE_DICT = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = "before-dict"
    version = "1.0.0"
    description = "before given as a dict"
    before = {"healthy-zulu": True}
"""
SRC_AFTER_GENERATOR = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = "after-generator"
    version = "1.0.0"
    description = "after given as a generator"
    after = (name for name in ["healthy-alfa"])
"""
SRC_BEFORE_NON_STRINGS = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = "before-non-strings"
    version = "1.0.0"
    description = "before holding a class"
    before = ["healthy-zulu", BaseExtension]
"""
SRC_NAME_NOT_STRING = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = 42
    version = "1.0.0"
    description = "name that is not a string"
"""
SRC_VERSION_NOT_STRING = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = "version-not-string"
    version = 1.0
    description = "version that is not a string"
"""
SRC_DESCRIPTION_NOT_STRING = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = "description-not-string"
    version = "1.0.0"
    description = None
"""
SRC_MIGRATIONS_PATH_NOT_PATH = """\
import functools, inspect
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = "migrations-path-not-path"
    version = "1.0.0"
    description = "A migrations path that is a number"
    migrations_path = 42
"""


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
    # --- hostile classes, what pluggy calls, metadata types ----------------------
    Case(
        "raising-init-subclass",
        ("old-style class whose `__init_subclass__` raises (adoption subclasses it)"),
        _module_case("raising-init-subclass", SRC_RAISING_INIT_SUBCLASS),
        (
            Expected(
                "inspection-failed",
                "raising-init-subclass",
                (
                    "reading the extension class raised RuntimeError: no "
                    "subclasses of me"
                ),
                (
                    "creating, reading and instantiating an extension class must "
                    "not raise: do not raise from __init_subclass__, nor from a "
                    "metaclass's __getattr__, __call__, __hash__ or properties"
                ),
                location="{module}.py:7",
            ),
        ),
    ),
    Case(
        "metaclass-getattr",
        "class whose metaclass `__getattr__` raises",
        _module_case("metaclass-getattr", SRC_METACLASS_GETATTR),
        (
            Expected(
                "inspection-failed",
                "metaclass-getattr",
                (
                    "reading the extension class raised RuntimeError: the "
                    "metaclass refuses __abstractmethods__"
                ),
                (
                    "creating, reading and instantiating an extension class must "
                    "not raise: do not raise from __init_subclass__, nor from a "
                    "metaclass's __getattr__, __call__, __hash__ or properties"
                ),
                location="{module}.py:4",
            ),
        ),
    ),
    Case(
        "metaclass-property",
        "old-style class whose metaclass property raises `SystemExit`",
        _module_case("metaclass-property", SRC_METACLASS_PROPERTY),
        (
            Expected(
                "inspection-failed",
                "metaclass-property",
                (
                    "reading the extension class raised SystemExit: the metaclass "
                    "property exits"
                ),
                (
                    "creating, reading and instantiating an extension class must "
                    "not raise: do not raise from __init_subclass__, nor from a "
                    "metaclass's __getattr__, __call__, __hash__ or properties"
                ),
                location="{module}.py:5",
            ),
        ),
    ),
    Case(
        "raising-class-attribute",
        "object whose `__class__` raises (and which holds a password)",
        _module_case("raising-class-attribute", SRC_RAISING_CLASS_ATTRIBUTE),
        (
            Expected(
                "inspection-failed",
                "raising-class-attribute",
                ("reading the extension object raised RuntimeError: no class for you"),
                INSPECTION_HINT,
                location="{module}.py:8",
            ),
        ),
    ),
    Case(
        "equal-to-everything",
        ("object whose `__eq__` always answers True (and which holds a password)"),
        _module_case("equal-to-everything", SRC_EQUAL_TO_EVERYTHING),
        (
            Expected(
                "claims-equality",
                "equal-to-everything",
                (
                    "its __eq__ says it equals another object, so pluggy would "
                    "take it for another extension"
                ),
                EQ_HINT,
                location="{module}.py:2",
            ),
        ),
    ),
    Case(
        "metaclass-hash",
        "old-style class whose metaclass `__hash__` raises",
        _module_case("metaclass-hash", SRC_METACLASS_HASH),
        (
            Expected(
                "inspection-failed",
                "metaclass-hash",
                (
                    "reading the extension class raised RuntimeError: this class "
                    "cannot be hashed"
                ),
                (
                    "creating, reading and instantiating an extension class must "
                    "not raise: do not raise from __init_subclass__, nor from a "
                    "metaclass's __getattr__, __call__, __hash__ or properties"
                ),
                location="{module}.py:4",
            ),
        ),
    ),
    Case(
        "raising-getattribute",
        "extension whose `__getattribute__` raises `GeneratorExit`",
        _module_case("raising-getattribute", SRC_RAISING_GETATTRIBUTE),
        (
            Expected(
                "inspection-failed",
                "raising-getattribute",
                "reading the extension object raised GeneratorExit: not name",
                INSPECTION_HINT,
                location="{module}.py:7",
            ),
        ),
    ),
    Case(
        "metaclass-call",
        "class whose metaclass `__call__` raises `SystemExit`",
        _module_case("metaclass-call", SRC_METACLASS_CALL),
        (
            Expected(
                "constructor-failed",
                "metaclass-call",
                "Extension() raised SystemExit: 3",
                (
                    "an extension class is instantiated once with no arguments; "
                    "give every __init__ parameter a default and do not raise "
                    "from __init__"
                ),
                location="{module}.py:4",
            ),
        ),
    ),
    Case(
        "unprintable-exception",
        "property raising an exception whose `__str__` raises",
        _module_case("unprintable-exception", SRC_UNPRINTABLE_EXCEPTION),
        (
            Expected(
                "inspection-failed",
                "unprintable-exception",
                (
                    "reading the extension object raised Unprintable: <its "
                    "message cannot be printed>"
                ),
                INSPECTION_HINT,
                location="{module}.py:11",
            ),
        ),
    ),
    Case(
        "pipeline-settings",
        "a settings dict (holding a password) in `data_pipelines`",
        _module_case("pipeline-settings", SRC_PIPELINE_SETTINGS),
        (
            Expected(
                "empty-pipeline",
                "pipeline-settings",
                (
                    "pipeline a Settings object defines none of "
                    "process_deployment_for_cluster, process_deployment_for_node, "
                    "process_provisioning_for_cluster, "
                    "process_provisioning_for_node"
                ),
                (
                    "define at least one of them as a classmethod, or remove the "
                    "pipeline from data_pipelines"
                ),
                location="{module}.py:5",
            ),
        ),
    ),
    Case(
        "url-handler-settings",
        "a settings object (holding a password) as a URL handler",
        _module_case("url-handler-settings", SRC_URL_HANDLER_SETTINGS),
        (
            Expected(
                "bad-url",
                "url-handler-settings",
                (
                    "urls[0] 'handler' is a Settings object, which Nailgun cannot "
                    "serve: web.py serves a handler class (found by its "
                    "__name__), or an application or callable whose __name__ is "
                    "itself"
                ),
                "give each entry a 'handler': the handler class itself",
                location="{module}.py:5",
            ),
        ),
    ),
    Case(
        "url-uri-settings",
        "a settings object (holding a password) as a URL pattern",
        _module_case("url-uri-settings", SRC_URL_URI_SETTINGS),
        (
            Expected(
                "bad-url",
                "url-uri-settings",
                "urls[0] has no 'uri' string (found a Settings object)",
                (
                    "give each entry a 'uri': a web.py URL pattern such as "
                    "r'/clusters/(?P<cluster_id>\\d+)/thing/?$'"
                ),
                location="{module}.py:5",
            ),
        ),
    ),
    Case(
        "partial-behind-staticmethod",
        ("`functools.partial` implementing a hook (behind `staticmethod`)"),
        _module_case("partial-behind-staticmethod", SRC_PARTIAL_BEHIND_STATICMETHOD),
        (
            Expected(
                "not-a-function",
                "partial-behind-staticmethod",
                (
                    "on_node_update is a partial object: pluggy reads the "
                    "arguments to pass from a function's code, finds none there, "
                    "and would call it without any"
                ),
                (
                    "define on_node_update as a plain method (def "
                    "on_node_update(self, node))"
                ),
                hook="on_node_update",
                location="{module}.py:3",
            ),
        ),
    ),
    Case(
        "lying-signature",
        "implementation whose `__signature__` lies about its parameters",
        _module_case("lying-signature", SRC_LYING_SIGNATURE),
        (
            Expected(
                "variadic-argument",
                "lying-signature",
                "*args receives nothing: hook arguments are passed by name",
                "name each argument you need, e.g. (self, node)",
                hook="on_node_update",
                location="{module}.py:8",
            ),
        ),
    ),
    Case(
        "generator-behind-decorator",
        "generator behind a `functools.wraps` decorator",
        _module_case("generator-behind-decorator", SRC_GENERATOR_BEHIND_DECORATOR),
        (
            Expected(
                "generator-not-wrapper",
                "generator-behind-decorator",
                (
                    "on_node_update is a generator behind its decorator but not "
                    "declared a wrapper: its body would never run"
                ),
                "remove the 'yield', or mark it @hookimpl(wrapper=True)",
                hook="on_node_update",
                location="{module}.py:14",
            ),
        ),
    ),
    Case(
        "async-behind-decorator",
        "`async def` behind a `functools.wraps` decorator",
        _module_case("async-behind-decorator", SRC_ASYNC_BEHIND_DECORATOR),
        (
            Expected(
                "async-implementation",
                "async-behind-decorator",
                (
                    "on_node_update is 'async def' behind its decorator: Nailgun "
                    "calls hooks synchronously, so the coroutine would never run"
                ),
                "make it a plain 'def'",
                hook="on_node_update",
                location="{module}.py:14",
            ),
        ),
    ),
    Case(
        "decorator-changes-signature",
        "decorator whose function cannot take the event's arguments",
        _module_case("decorator-changes-signature", SRC_DECORATOR_CHANGES_SIGNATURE),
        (
            Expected(
                "decorator-signature",
                "decorator-changes-signature",
                (
                    "on_node_update's decorator replaced it with a function () "
                    "that cannot take (node) as pluggy passes them: too many "
                    "positional arguments"
                ),
                (
                    "make the decorator's wrapper take (*args, **kwargs) and pass "
                    "them on"
                ),
                hook="on_node_update",
                location="{module}.py:15",
            ),
        ),
    ),
    Case(
        "hookimpl-on-partial",
        "`@hookimpl` on a `functools.partial`",
        _module_case("hookimpl-on-partial", SRC_HOOKIMPL_ON_PARTIAL),
        (
            Expected(
                "unhookable-implementation",
                "hookimpl-on-partial",
                (
                    "on_node_update is marked @hookimpl but is a partial object: "
                    "pluggy registers only functions, class- and static methods, "
                    "so it would never be called"
                ),
                (
                    "define on_node_update as a method (def on_node_update(self, "
                    "...)) that calls it"
                ),
                hook="on_node_update",
                location="{module}.py:3",
            ),
        ),
    ),
    Case(
        "hookimpl-on-callable",
        "`@hookimpl` on a callable object",
        _module_case("hookimpl-on-callable", SRC_HOOKIMPL_ON_CALLABLE),
        (
            Expected(
                "unhookable-implementation",
                "hookimpl-on-callable",
                (
                    "on_node_update is marked @hookimpl but is an "
                    "Extension._Handler object: pluggy registers only functions, "
                    "class- and static methods, so it would never be called"
                ),
                (
                    "define on_node_update as a method (def on_node_update(self, "
                    "...)) that calls it"
                ),
                hook="on_node_update",
                location="{module}.py:3",
            ),
        ),
    ),
    Case(
        "hookimpl-on-partialmethod",
        "`@hookimpl` on a `functools.partialmethod`",
        _module_case("hookimpl-on-partialmethod", SRC_HOOKIMPL_ON_PARTIALMETHOD),
        (
            Expected(
                "unhookable-implementation",
                "hookimpl-on-partialmethod",
                (
                    "on_node_update is marked @hookimpl but is a partialmethod "
                    "object: pluggy registers only functions, class- and static "
                    "methods, so it would never be called"
                ),
                (
                    "define on_node_update as a method (def on_node_update(self, "
                    "...)) that calls it"
                ),
                hook="on_node_update",
                location="{module}.py:3",
            ),
        ),
    ),
    Case(
        "optionalhook-misspelled",
        "`@hookimpl(optionalhook=True)` on a misspelled event",
        _module_case("optionalhook-misspelled", SRC_OPTIONALHOOK_MISSPELLED),
        (
            Expected(
                "unknown-hook",
                "optionalhook-misspelled",
                (
                    "on_node_updte implements 'on_node_updte', which is not a "
                    "Nailgun event (optionalhook=True only hides that it would "
                    "never be called)"
                ),
                "did you mean 'on_node_update'?",
                hook="on_node_updte",
                location="{module}.py:8",
            ),
        ),
    ),
    Case(
        "provides-string",
        "`provides` given as a string",
        _module_case("provides-string", SRC_PROVIDES_STRING),
        (
            Expected(
                "bad-metadata-type",
                "provides-string",
                "provides is a string, not a list of first-result event names",
                "write provides = ['get_node_volumes']",
                location="{module}.py:3",
            ),
        ),
    ),
    Case(
        "before-dict",
        "`before` given as a dict",
        _module_case("before-dict", SRC_BEFORE_DICT),
        (
            Expected(
                "bad-metadata-type",
                "before-dict",
                "before is a dict object, not a list of extension names",
                "write before = ['other-extension']",
                location="{module}.py:3",
            ),
        ),
    ),
    Case(
        "after-generator",
        "`after` given as a generator",
        _module_case("after-generator", SRC_AFTER_GENERATOR),
        (
            Expected(
                "bad-metadata-type",
                "after-generator",
                "after is a generator object, not a list of extension names",
                "write after = ['other-extension']",
                location="{module}.py:3",
            ),
        ),
    ),
    Case(
        "before-non-strings",
        "`before` holding a class among the names",
        _module_case("before-non-strings", SRC_BEFORE_NON_STRINGS),
        (
            Expected(
                "bad-metadata-type",
                "before-non-strings",
                "before holds class 'BaseExtension', not only extension names",
                "write before = ['other-extension'] (strings only)",
                location="{module}.py:3",
            ),
        ),
    ),
    Case(
        "name-not-string",
        "`name` that is not a string",
        _module_case("name-not-string", SRC_NAME_NOT_STRING),
        (
            Expected(
                "bad-metadata-type",
                "name-not-string",
                "name is an int object, not a string",
                "set name = '...' (a plain string)",
                location="{module}.py:3",
            ),
        ),
    ),
    Case(
        "version-not-string",
        "`version` that is not a string",
        _module_case("version-not-string", SRC_VERSION_NOT_STRING),
        (
            Expected(
                "bad-metadata-type",
                "version-not-string",
                "version is a float object, not a string",
                "set version = '...' (a plain string)",
                location="{module}.py:3",
            ),
        ),
    ),
    Case(
        "description-not-string",
        "`description` set to None",
        _module_case("description-not-string", SRC_DESCRIPTION_NOT_STRING),
        (
            Expected(
                "bad-metadata-type",
                "description-not-string",
                "description is None, not a string",
                "set description = '...' (a plain string)",
                location="{module}.py:3",
            ),
        ),
    ),
    Case(
        "migrations-path-not-path",
        "`migrations_path` that is a number",
        _module_case("migrations-path-not-path", SRC_MIGRATIONS_PATH_NOT_PATH),
        (
            Expected(
                "bad-migrations-path",
                "migrations-path-not-path",
                (
                    "extension 'migrations-path-not-path': its migrations path is "
                    "an int object, not a folder path"
                ),
                "return the folder of the extension's alembic scripts, or None",
                location="{module}.py:3",
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
    Case(
        "old-style-dropping-decorator",
        "old-style handler behind a decorator taking fewer arguments",
        _module_case("old-style-dropping-decorator", SRC_OLD_STYLE_DROPPING_DECORATOR),
        (
            Expected(
                "decorator-signature",
                "old-style-dropping-decorator",
                (
                    "on_node_update's decorator replaced it with a function "
                    "() that cannot take (node) as Nailgun passes them: "
                    "too many positional arguments"
                ),
                "make the decorator's wrapper take (*args, **kwargs) and pass them on",
                hook="on_node_update",
                location="{module}.py:14",
            ),
        ),
    ),
    Case(
        "step-generator-behind-decorator",
        "pipeline step that is a generator behind a `functools.wraps` decorator",
        _module_case(
            "step-generator-behind-decorator", SRC_STEP_GENERATOR_BEHIND_DECORATOR
        ),
        (
            Expected(
                "bad-pipeline-method",
                "step-generator-behind-decorator",
                (
                    "pipeline Steps.process_deployment_for_node is a generator "
                    "function behind its decorator: its body would never run"
                ),
                "make it a plain classmethod that edits the data in place",
                hook="process_deployment_for_node",
                location="{module}.py:12",
            ),
        ),
    ),
    Case(
        "handler-property",
        "attribute named like an event that is a property",
        _module_case("handler-property", SRC_HANDLER_PROPERTY),
        (
            Expected(
                "not-a-handler",
                "handler-property",
                (
                    "on_node_update is named like a Nailgun event but is a "
                    "property object, which is never called as a handler: it "
                    "would never run"
                ),
                (
                    "define on_node_update as a classmethod (def "
                    "on_node_update(cls, ...)), or rename it (e.g. "
                    "_on_node_update) if it is not a handler"
                ),
                hook="on_node_update",
                location="{module}.py:2",
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
