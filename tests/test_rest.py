"""The REST surface: GET /extensions payload and URL handlers."""

from __future__ import annotations

import pytest

from nailgun_hooks import (
    BaseExtension,
    ExtensionValidationError,
    build_manager,
    load_extensions,
)
from nailgun_hooks.rest import Route, webpy_mapping
from tests.support.dists import DistFactory

HANDLERS = """
class {name}:
    def GET(self, **kwargs):
        return {name!r}
"""


def install_with_urls(
    dists: DistFactory, name: str, urls: list[tuple[str, str]], **extra: str
) -> str:
    """An extension whose module defines the handler classes it mounts."""
    module = dists.unique(f"rest_{name}")
    classes = "".join(HANDLERS.format(name=handler) for _, handler in urls)
    entries = ", ".join(
        f"{{'uri': {uri!r}, 'handler': {handler}}}" for uri, handler in urls
    )
    attrs = "".join(f"    {key} = {value}\n" for key, value in extra.items())
    source = (
        "from nailgun_hooks import BaseExtension\n"
        f"{classes}\n"
        "class Extension(BaseExtension):\n"
        f"    name = {name!r}\n"
        "    version = '1.0.0'\n"
        f"    description = 'Serves {name}'\n"
        f"    urls = [{entries}]\n"
        f"{attrs}"
    )
    dists.install(
        f"dist-{name}",
        entry_points={name: f"{module}:Extension"},
        modules={module: source},
    )
    return module


def test_urls_and_extension_listing_in_call_order(dists: DistFactory) -> None:
    install_with_urls(
        dists,
        "cluster_upgrade",
        [
            (
                r"/clusters/(?P<cluster_id>\d+)/upgrade/clone/?$",
                "ClusterUpgradeHandler",
            ),
            (r"/clusters/(?P<cluster_id>\d+)/upgrade/clone_ips/?$", "CloneIPsHandler"),
        ],
    )
    install_with_urls(
        dists,
        "volume_manager",
        [(r"/nodes/(?P<node_id>\d+)/disks/?$", "NodeDisksHandler")],
        provides="['get_node_volumes']",
        get_node_volumes="classmethod(lambda cls, node: None)",
        before="['cluster_upgrade']",
    )
    manager = load_extensions(namespace=dists.namespace)
    assert manager.to_dict() == [
        {
            "name": "volume_manager",
            "version": "1.0.0",
            "description": "Serves volume_manager",
            "provides": ["get_node_volumes"],
        },
        {
            "name": "cluster_upgrade",
            "version": "1.0.0",
            "description": "Serves cluster_upgrade",
            "provides": [],
        },
    ]
    routes = manager.urls()
    assert [(r.extension, r.handler_name) for r in routes] == [
        ("volume_manager", "NodeDisksHandler"),
        ("cluster_upgrade", "ClusterUpgradeHandler"),
        ("cluster_upgrade", "CloneIPsHandler"),
    ]
    assert routes[0].to_dict()["handler"].endswith(".NodeDisksHandler")
    urls, handlers = webpy_mapping(routes)
    assert urls[:2] == (r"/nodes/(?P<node_id>\d+)/disks/?$", "NodeDisksHandler")
    assert handlers["CloneIPsHandler"]().GET() == "CloneIPsHandler"


def test_same_url_pattern_in_two_extensions_rejects_both(dists: DistFactory) -> None:
    install_with_urls(dists, "first", [(r"/nodes/(?P<id>\d+)/disks/?$", "FirstDisks")])
    install_with_urls(
        dists, "second", [(r"^/nodes/(?P<id>\d+)/disks/?", "SecondDisks")]
    )
    install_with_urls(dists, "bystander", [(r"/elsewhere/?$", "Elsewhere")])
    with pytest.raises(ExtensionValidationError) as caught:
        load_extensions(namespace=dists.namespace)
    problems = caught.value.problems
    assert [(p.code, p.extension) for p in problems] == [
        ("url-conflict", "first"),
        ("url-conflict", "second"),
    ]
    assert "'first' (" in problems[0].message and "'second' (" in problems[0].message
    assert problems[1].distribution == "dist-second"

    lenient = load_extensions(namespace=dists.namespace, strict=False)
    assert lenient.names() == ("bystander",)


def test_handler_classes_sharing_a_name_are_reported(dists: DistFactory) -> None:
    first = install_with_urls(dists, "first", [(r"/one/?$", "NodeHandler")])
    second = install_with_urls(dists, "second", [(r"/two/?$", "NodeHandler")])
    with pytest.raises(ExtensionValidationError) as caught:
        load_extensions(namespace=dists.namespace)
    codes = {(p.code, p.extension) for p in caught.value.problems}
    assert codes == {
        ("handler-name-conflict", "first"),
        ("handler-name-conflict", "second"),
    }
    message = caught.value.problems[0].message
    assert f"{first}.NodeHandler" in message and f"{second}.NodeHandler" in message


def test_a_broken_extension_does_not_take_a_sound_one_down(
    dists: DistFactory,
) -> None:
    install_with_urls(dists, "sound", [(r"/same/?$", "SoundHandler")])
    install_with_urls(
        dists,
        "broken",
        [(r"/same/?$", "BrokenHandler")],
        on_node_updte="classmethod(lambda cls, node: None)",
    )
    manager = load_extensions(namespace=dists.namespace, strict=False)
    assert manager.names() == ("sound",)
    assert [(p.code, p.extension) for p in manager.problems] == [
        ("unknown-hook", "broken")
    ]


def test_one_handler_class_may_serve_several_urls() -> None:
    class Shared:
        pass

    class Ext(BaseExtension):
        name = "ext"
        version = "1.0.0"
        description = "Two URLs, one handler"
        urls = (
            {"uri": "/a/?$", "handler": Shared},
            {"uri": "/b/?$", "handler": Shared},
        )

    urls, handlers = webpy_mapping(build_manager([Ext]).urls())
    assert urls == ("/a/?$", "Shared", "/b/?$", "Shared")
    assert handlers == {"Shared": Shared}
    with pytest.raises(ValueError, match="has the name of a core handler, 'Shared'"):
        webpy_mapping(build_manager([Ext]).urls(), reserved_handlers={"Shared"})


class Handler:
    pass


@pytest.mark.parametrize(
    ("urls", "code", "needle"),
    [
        ("/nodes/", "bad-urls", "urls is str"),
        ({"uri": "/x", "handler": Handler}, "bad-urls", "urls is dict"),
        (["/nodes/"], "bad-url", "urls[0] is str, not a mapping"),
        ([{"handler": Handler}], "bad-url", "urls[0] has no 'uri' string"),
        ([{"uri": "/nodes/(", "handler": Handler}], "bad-url", "not a valid regular"),
        (
            [{"uri": "/nodes/", "handler": Handler()}],
            "bad-url",
            "'handler' is a Handler object, which Nailgun cannot serve",
        ),
        (
            [{"uri": "/nodes/", "handler": lambda: None}],
            "bad-url",
            "'handler' is a function object, which Nailgun cannot serve",
        ),
    ],
)
def test_malformed_urls_are_reported(urls: object, code: str, needle: str) -> None:
    extension = type(
        "Ext",
        (BaseExtension,),
        {"name": "ext", "version": "1.0.0", "description": "x", "urls": urls},
    )
    with pytest.raises(ExtensionValidationError) as caught:
        build_manager([extension])
    (problem,) = caught.value.problems
    assert problem.code == code
    assert needle in problem.message


def test_registering_a_clashing_extension_at_run_time_is_refused() -> None:
    class Owner(BaseExtension):
        name = "owner"
        version = "1.0.0"
        description = "Owns /things"
        urls = ({"uri": "/things/?$", "handler": Handler},)

    class Intruder(BaseExtension):
        name = "intruder"
        version = "1.0.0"
        description = "Wants /things too"
        urls = ({"uri": "/things/?$", "handler": Route},)

    manager = build_manager([Owner])
    with pytest.raises(ExtensionValidationError, match="url-conflict"):
        manager.register(Intruder)
    assert manager.names() == ("owner",)


class WebApplication:
    """The shape of a web.py application: tuning-box mounts one as a handler,
    with ``__name__`` set to the application itself."""

    def __init__(self) -> None:
        self.__name__ = self

    def handle_with_processors(self) -> str:
        return "served"


class Secretive:
    """A handler object whose repr would leak a secret and whose
    ``__name__`` cannot even be read."""

    def __repr__(self) -> str:
        return "password=hunter2"

    def __getattr__(self, name: str) -> object:
        raise RuntimeError("no")


def test_handlers_nailgun_could_serve_are_accepted_and_mapped() -> None:
    application = WebApplication()
    extension = type(
        "Served",
        (BaseExtension,),
        {
            "name": "served",
            "version": "1.0.0",
            "description": "A class and an application",
            "urls": [
                {"uri": "/config", "handler": application},
                {"uri": "/thing/?$", "handler": Handler},
            ],
        },
    )
    manager = build_manager([extension])
    urls, handlers = webpy_mapping(manager.urls())
    assert urls == ("/config", application, "/thing/?$", "Handler")
    assert handlers == {"Handler": Handler}
    (route, _) = manager.urls()
    assert route.handler_name is None
    assert route.to_dict()["handler"] == "tests.test_rest.WebApplication instance"


def test_a_handler_nailgun_could_not_serve_is_described_by_type() -> None:
    extension = type(
        "Hidden",
        (BaseExtension,),
        {
            "name": "hidden",
            "version": "1.0.0",
            "description": "Its handler hides everything",
            "urls": [{"uri": "/x", "handler": Secretive()}],
        },
    )
    with pytest.raises(ExtensionValidationError) as caught:
        build_manager([extension])
    (problem,) = caught.value.problems
    assert problem.code == "bad-url"
    assert "a Secretive object" in problem.message
    assert "hunter2" not in str(problem)
