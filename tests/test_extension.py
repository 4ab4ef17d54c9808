"""nailgun_hooks.extension: BaseExtension's metadata helpers, its REST payload
and the data pipelines it runs for old-style extensions."""

from __future__ import annotations

from nailgun_hooks.extension import BaseExtension, payload
from nailgun_hooks.startup.records import description_of


def test_records_and_extensions_share_the_rest_payload() -> None:
    class Ext(BaseExtension):
        name = "ext"
        version = "1.0"
        description = "d"
        provides = ("a",)

    module_like = type("Plain", (), {})()
    record = description_of(Ext())
    assert record.to_dict() == payload("ext", "1.0", "d", ["a"])
    plain = description_of(module_like)
    assert plain.to_dict() == payload(
        plain.name, plain.version, plain.description, plain.provides
    )


class Audit(BaseExtension):
    name = "audit"
    version = "2.1.0"
    description = "Keeps an audit trail"
    provides = ("get_audit_log",)


def test_the_names_nailgun_derives_from_the_extensions_name() -> None:
    assert Audit.table_prefix() == "audit_"
    assert Audit.alembic_table_version() == "audit_alembic_version"
    assert Audit.full_name() == "audit-2.1.0"


def test_the_rest_payload_is_read_from_the_metadata() -> None:
    assert Audit().to_dict() == {
        "name": "audit",
        "version": "2.1.0",
        "description": "Keeps an audit trail",
        "provides": ["get_audit_log"],
    }


def test_either_name_of_the_migrations_path_can_be_overridden() -> None:
    class ByAttribute(BaseExtension):
        migrations_path = "/srv/migrations"

    class ByNailgunsMethod(BaseExtension):
        @classmethod
        def alembic_migrations_path(cls) -> str | None:
            return "/srv/other"

    assert BaseExtension.alembic_migrations_path() is None
    assert ByAttribute.alembic_migrations_path() == "/srv/migrations"
    assert ByNailgunsMethod.alembic_migrations_path() == "/srv/other"


def test_the_data_pipelines_run_in_order_with_positional_arguments() -> None:
    calls: list[tuple[str, str, object, object]] = []

    class First:
        @classmethod
        def process_deployment_for_node(cls, node: object, data: object) -> None:
            calls.append(("first", "deployment-node", node, data))

        @classmethod
        def process_provisioning_for_cluster(
            cls, cluster: object, data: object
        ) -> None:
            calls.append(("first", "provisioning-cluster", cluster, data))

    class Second:
        @classmethod
        def process_deployment_for_node(cls, node: object, data: object) -> None:
            calls.append(("second", "deployment-node", node, data))

        @classmethod
        def process_deployment_for_cluster(cls, cluster: object, data: object) -> None:
            calls.append(("second", "deployment-cluster", cluster, data))

        @classmethod
        def process_provisioning_for_node(cls, node: object, data: object) -> None:
            calls.append(("second", "provisioning-node", node, data))

    class Piped(BaseExtension):
        data_pipelines = (First, Second)

    extension, node, cluster, data = Piped(), object(), object(), {}
    extension.process_deployment_for_node(node, data)  # type: ignore[arg-type]
    extension.process_deployment_for_cluster(cluster, data)  # type: ignore[arg-type]
    extension.process_provisioning_for_node(node, data)  # type: ignore[arg-type]
    extension.process_provisioning_for_cluster(cluster, data)  # type: ignore[arg-type]
    assert calls == [
        ("first", "deployment-node", node, data),
        ("second", "deployment-node", node, data),
        ("second", "deployment-cluster", cluster, data),
        ("second", "provisioning-node", node, data),
        ("first", "provisioning-cluster", cluster, data),
    ]


def test_an_extension_without_pipelines_edits_nothing() -> None:
    data = {"name": "env"}
    Audit().process_deployment_for_cluster(object(), data)  # type: ignore[arg-type]
    assert data == {"name": "env"}
