"""Which classes are the real bases of an extension or pipeline, by identity.

Methods defined on a base are its defaults, never an extension's handlers.
A vendor's own ``BaseExtension`` or ``BasePipeline`` (a class of that name
carrying shared handlers or pipeline steps) is the vendor's code, so bases
are recognised by identity: ours (registered with :func:`register_base`:
the typed ``BaseExtension``, :class:`BasePipeline`, compat's
``BaseExtension``) and Nailgun's own, the classes of its module
``nailgun.extensions.base`` (which, before the move, no other code defines).

:class:`BasePipeline` also keeps Nailgun's rule for the older pipeline API
(Fuel 9's ``process_deployment(data, cluster, nodes, **kwargs)`` and
``process_provisioning``): a subclass defining either raises ``RuntimeError``
when the class is created, with Nailgun's message.
"""

from __future__ import annotations

from typing import Any

from ..extension import BaseExtension
from .identity import IdentityCache

__all__ = [
    "NAILGUN_BASE_MODULE",
    "REMOVED_PIPELINE_METHODS",
    "BasePipeline",
    "is_base",
    "register_base",
    "removed_method_hint",
    "removed_pipeline_methods",
]

NAILGUN_BASE_MODULE = "nailgun.extensions.base"
"""The module of Nailgun's own ``BaseExtension`` and ``BasePipeline``."""

REMOVED_PIPELINE_METHODS = {
    "process_deployment": "Please implement methods process_deployment_for_* instead",
    "process_provisioning": (
        "Please implement methods process_provisioning_for_* instead"
    ),
}
"""Fuel 9's pipeline methods Nailgun removed, with Nailgun's instructions."""

_bases: IdentityCache[type, bool] = IdentityCache()
"""The registered bases, found by identity: a set would ask the class under
question's metaclass ``__hash__`` and ``__eq__`` (an extension's code, which
could claim to be a base)."""


def register_base(cls: type) -> type:
    """Count ``cls`` as a real base: its methods are defaults, not handlers."""
    _bases.set(cls, True)
    return cls


def is_base(owner: type | None) -> bool:
    """``owner`` is a registered base or one of Nailgun's own."""
    if owner is None:
        return False
    return (
        _bases.get(owner) is not None
        or type.__getattribute__(owner, "__module__") == NAILGUN_BASE_MODULE
    )


def removed_pipeline_methods(cls: type) -> list[str]:
    """Nailgun's message for each removed method ``cls`` defines, or
    inherits from anything that is not :class:`BasePipeline`."""
    messages = []
    for name, instructions in REMOVED_PIPELINE_METHODS.items():
        for klass in cls.__mro__:
            if name in vars(klass):
                if klass is not BasePipeline:
                    messages.append(f"BasePipeline.{name} was removed. {instructions}.")
                break
    return messages


def removed_method_hint(exc: BaseException) -> str | None:
    """Nailgun's instructions, when ``exc`` is a pipeline class refusing a
    removed method (raised while an extension's module was imported)."""
    if type(exc) is RuntimeError:
        text = str(exc)
        for name, instructions in REMOVED_PIPELINE_METHODS.items():
            if f"BasePipeline.{name} was removed" in text:
                return instructions
    return None


class BasePipeline:
    """Nailgun's base of data pipeline classes, for extensions that import it.

    List subclasses in an extension's ``data_pipelines``; override the
    ``process_*_for_*`` classmethods you need. They edit the serialized data
    in place and run in extension order, then in ``data_pipelines`` order.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Refuse Fuel 9's removed methods when the class is created, as
        Nailgun's metaclass did, whether or not any extension lists it."""
        super().__init_subclass__(**kwargs)
        messages = removed_pipeline_methods(cls)
        if messages:
            raise RuntimeError("\n".join(messages))

    @classmethod
    def process_deployment_for_cluster(cls, cluster: Any, cluster_data: Any) -> None:
        """Edit a cluster's serialized deployment data in place."""

    @classmethod
    def process_deployment_for_node(cls, node: Any, node_data: Any) -> None:
        """Edit a node's serialized deployment data in place."""

    @classmethod
    def process_provisioning_for_cluster(cls, cluster: Any, cluster_data: Any) -> None:
        """Edit a cluster's serialized provisioning data in place."""

    @classmethod
    def process_provisioning_for_node(cls, node: Any, node_data: Any) -> None:
        """Edit a node's serialized provisioning data in place."""


register_base(BaseExtension)
register_base(BasePipeline)
