"""nailgun_hooks.extension: BaseExtension's metadata helpers, its REST payload
and the data pipelines it runs for old-style extensions."""

from __future__ import annotations

from nailgun_hooks.extension import BaseExtension, payload
from nailgun_hooks.startup.records import record_for_object


def test_records_and_extensions_share_the_rest_payload() -> None:
    class Ext(BaseExtension):
        name = "ext"
        version = "1.0"
        description = "d"
        provides = ("a",)

    module_like = type("Plain", (), {})()
    record = record_for_object(Ext())
    assert record.to_dict() == payload("ext", "1.0", "d", ["a"])
    plain = record_for_object(module_like)
    assert plain.to_dict() == payload(
        plain.name, plain.version, plain.description, plain.provides
    )
