"""nailgun_hooks.nailgun.rest: the loaded extensions' routes as the
``(urls, handlers)`` pair Nailgun's web.py application is built from."""

from __future__ import annotations

import pytest

from nailgun_hooks.nailgun.rest import webpy_mapping
from nailgun_hooks.startup.urls import Route


class DisksHandler:
    pass


class Other:
    pass


class Application:
    """The shape of a web.py application mounted as a handler: its
    ``__name__`` is the application itself, which web.py serves directly."""

    def __init__(self) -> None:
        self.__name__ = self


def test_urls_are_flat_pairs_in_order_and_handlers_by_class_name() -> None:
    routes = [
        Route("/disks/?$", DisksHandler, "volumes"),
        Route("/other/?$", Other, "other"),
        Route("/more-disks/?$", DisksHandler, "volumes"),
    ]
    urls, handlers = webpy_mapping(routes)
    assert urls == (
        "/disks/?$",
        "DisksHandler",
        "/other/?$",
        "Other",
        "/more-disks/?$",
        "DisksHandler",
    )
    assert handlers == {"DisksHandler": DisksHandler, "Other": Other}


def test_a_handler_web_py_serves_itself_is_in_the_urls_only() -> None:
    application = Application()
    urls, handlers = webpy_mapping([Route("/app", application, "served")])
    assert urls == ("/app", application)
    assert handlers == {}


def test_two_classes_with_one_name_cannot_both_be_looked_up() -> None:
    impostor = type("DisksHandler", (), {"__module__": "elsewhere"})
    routes = [
        Route("/a", DisksHandler, "first"),
        Route("/b", impostor, "second"),
    ]
    with pytest.raises(ValueError) as caught:
        webpy_mapping(routes)
    assert str(caught.value) == (
        f"handler classes {__name__}.DisksHandler and elsewhere.DisksHandler "
        "share the name 'DisksHandler'"
    )


def test_a_core_handlers_name_is_refused_naming_extension_and_url() -> None:
    routes = [Route("/nodes/?$", DisksHandler, "volumes")]
    with pytest.raises(ValueError) as caught:
        webpy_mapping(routes, reserved_handlers={"DisksHandler", "NodeHandler"})
    assert str(caught.value) == (
        f"extension 'volumes' handler {__name__}.DisksHandler for '/nodes/?$' has "
        "the name of a core handler, 'DisksHandler'; rename the extension's "
        "handler class"
    )
    assert webpy_mapping(routes, reserved_handlers={"NodeHandler"})[1] == {
        "DisksHandler": DisksHandler
    }
