"""``nailgun-hooks demo``: a Nailgun lifecycle fired through real extensions.

The scenario is what Nailgun does to a cluster from creation to deletion,
over in-memory objects instead of a database, calling the hooks of a
:class:`~nailgun_hooks.HookManager` exactly as Nailgun does. It prints each
event as it fires and the log lines the extensions wrote meanwhile, so a
newcomer sees what an installed extension receives. An extension that raises
is reported and the scenario goes on (Nailgun would abort that operation).

What extensions return and leave in the data is theirs: it is shown
escaped, and an oddity (a value that is not what Nailgun expects, a key
that is not a string, a ``repr()`` that raises) is reported and the
scenario goes on, as a raise is.
"""

from __future__ import annotations

import argparse
import copy
import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TextIO

from ..calls.tracing import TRACE_ENV, TRACE_LOGGER
from ..errors import ExtensionValidationError, counted, printable
from ..inmemory import MemoryCluster, MemoryNode, MemoryNodeGroup
from ..loading import load_extensions
from ..manager import HookManager
from ..spec.catalogue import specs
from ..startup.guard import describe_exception
from ..types import Cluster, Node
from .demo_values import changed_keys, key_names, odd_keys, summary
from .exits import EXIT_OK, EXIT_PROBLEMS
from .inventory import render_problems
from .options import add_namespace_option

__all__ = [
    "INSTALL_HINT",
    "Demo",
    "DemoResult",
    "add_arguments",
    "capture_logs",
    "run",
    "run_demo",
]

INSTALL_HINT = (
    "Install the example extension and run the demo again:\n"
    "  pip install ./example_logging_ext      (from a nailgun-hooks checkout)\n"
    "  pip install nailgun-example-logging-ext   (from a package index that has it)\n"
)


class _Capture(logging.Handler):
    """Keeps the records extensions log while the demo runs."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []
        # nailgun-hooks' own messages (rejected extensions) are shown as
        # problems by the demo itself.
        self.addFilter(lambda record: not record.name.startswith("nailgun_hooks"))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        taken, self.records = self.records, []
        return taken


@contextmanager
def capture_logs(level: int = logging.INFO) -> Iterator[_Capture]:
    """Capture every logger's records at ``level`` and above, then restore."""
    root = logging.getLogger()
    handler = _Capture(level)
    previous = root.level
    root.setLevel(min(previous, level) if previous else previous)
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


@dataclass
class DemoResult:
    """What the run showed: events fired, calls into extensions (counted
    from the trace of each call), hooks that raised."""

    events: set[str] = field(default_factory=set)
    calls: int = 0
    raised: list[str] = field(default_factory=list)
    oddities: list[str] = field(default_factory=list)
    """What extensions returned or left that Nailgun would not expect."""


class _CallCounter(logging.Handler):
    """Counts the calls into extensions that traced hook calls report."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.calls = 0

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "extension", None) is not None:
            self.calls += 1


@contextmanager
def count_calls(manager: HookManager) -> Iterator[_CallCounter]:
    """Trace ``manager``'s calls and count those into extensions; the
    trace itself is shown only where the CLI sends it (``--trace``)."""
    tracer = logging.getLogger(TRACE_LOGGER)
    counter = _CallCounter()
    was_tracing, level = manager.tracing, tracer.level
    tracer.addHandler(counter)
    if not tracer.isEnabledFor(logging.INFO):
        tracer.setLevel(logging.INFO)
    manager.set_tracing(True)
    try:
        yield counter
    finally:
        manager.set_tracing(was_tracing)
        tracer.removeHandler(counter)
        tracer.setLevel(level)


class Demo:
    """Fires events and prints them, with the log lines they caused."""

    def __init__(self, manager: HookManager, out: TextIO, logs: _Capture) -> None:
        self.manager = manager
        self.out = out
        self.logs = logs
        self.result = DemoResult()

    def say(self, text: str) -> None:
        print(text, file=self.out)

    def odd(self, note: str) -> None:
        """Report an oddity of an extension's answer, and go on."""
        note = printable(note)
        self.result.oddities.append(note)
        self.say(f"     ? {note}")

    def show(self, what: str, describe: Callable[[], str]) -> None:
        """Say what extensions answered or left, escaped; describing it runs
        their code (``repr()``, comparisons), so what it raises is an
        oddity of theirs, never the end of the demo."""
        try:
            text = describe()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            self.odd(f"{what} cannot be shown: {type(exc).__name__} describing it")
            return
        self.say(f"     {printable(text)}")

    def check_keys(self, what: str, data: Mapping[Any, Any]) -> None:
        odd = odd_keys(data)
        if odd:
            kinds = ", ".join(sorted({type(key).__name__ for key in odd}))
            self.odd(f"{what} has key(s) that are not strings ({kinds})")

    def show_changes(
        self, label: str, before: Mapping[str, Any], after: Mapping[Any, Any]
    ) -> None:
        """What a data pipeline changed, key names only."""
        self.check_keys(label, after)
        self.show(label, lambda: f"{label}: {changed_keys(before, after)}")

    def step(self, title: str) -> None:
        self.say(f"\n== {title}")

    def fire(self, event: str, **kwargs: Any) -> Any:
        """Call one hook as Nailgun does, in the event's scope, and show what
        happened: every extension (scope "all"), the cluster's enabled ones
        (``for_cluster``), or the node's then its cluster's (``for_node``)."""
        call, names = self._scoped(event, kwargs)
        arguments = ", ".join(f"{k}={summary(v)}" for k, v in kwargs.items())
        self.say(f"-> {event}({arguments})")
        reaches = printable(", ".join(names)) if names else "no extension"
        self.say(f"     reaches: {reaches}")
        self.result.events.add(event)
        try:
            result = call(**kwargs)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # sys.exit() in a hook is reported too
            message, location = describe_exception(exc)
            message = printable(message)
            where = f" at {printable(location)}" if location else ""
            self.result.raised.append(f"{event}: {message}{where}")
            self.show_logs()
            self.say(f"     ! raised {message}{where}")
            self.say("       (Nailgun would abort this operation)")
            return None
        self.show_logs()
        return result

    def _scoped(
        self, event: str, kwargs: dict[str, Any]
    ) -> tuple[Callable[..., Any], list[str]]:
        """The call for ``event`` in its scope, and who it can reach."""
        scope = specs()[event].scope
        implementing = [r.name for r in self.manager.extensions if event in r.hooks]
        if scope == "all":
            return getattr(self.manager.hook, event), implementing
        node: Node | None = kwargs.get("node")
        cluster: Cluster | None = kwargs.get("cluster") or getattr(
            node, "cluster", None
        )
        assert cluster is not None, f"the demo fires {event} on a cluster"
        enabled = list(cluster.extensions)
        if scope == "cluster":
            relay = self.manager.for_cluster(cluster)
            return getattr(relay, event), [n for n in implementing if n in enabled]
        assert node is not None, f"{event} is a call about a node"
        own = list(node.extensions)
        asked = [n for n in [*own, *enabled] if n in implementing]
        if not asked:  # Nailgun would raise; the demo says nobody answers
            return (lambda **arguments: None), []
        calls = self.manager.for_node(node)

        def first_result(**arguments: Any) -> Any:
            del arguments["node"]
            return calls.call(event, **arguments)

        return first_result, list(dict.fromkeys(asked))

    def show_logs(self) -> None:
        for record in self.logs.take():
            level = "" if record.levelno == logging.INFO else f"{record.levelname} "
            text = printable(f"[{record.name}] {level}{record.getMessage()}")
            self.say(f"     {text}")


def _lifecycle(demo: Demo) -> None:
    # Cluster-scoped events reach only the extensions enabled on the cluster;
    # the demo enables every loaded extension on its cluster.
    cluster = MemoryCluster(1, "demo", extensions=list(demo.manager.names()))

    demo.step(f"create cluster {cluster.name!r}")
    request = {"name": "demo", "release_id": 2, "mode": "ha_compact"}
    demo.fire("on_cluster_create", cluster=cluster, data=request)
    group = MemoryNodeGroup(1, "default", cluster_id=cluster.id, is_default=True)
    demo.fire("on_nodegroup_create", nodegroup=group)

    demo.step("three nodes are discovered")
    nodes = [MemoryNode(i) for i in (1, 2, 3)]
    for node in nodes:
        demo.fire("on_node_create", node=node)

    demo.step("the nodes join the cluster with roles")
    roles_of = (["controller"], ["compute"], ["compute", "cinder"])
    for node, roles in zip(nodes, roles_of, strict=True):
        cluster.add(node)
        group.nodes.append(node)
        node.pending_roles = roles
        demo.fire("on_node_update", node=node)

    demo.step("patch attributes: public network on the controller only")
    public_map = {node.id: "controller" in node.pending_roles for node in nodes}
    demo.fire("on_cluster_patch_attributes", cluster=cluster, public_map=public_map)
    context: dict[str, Any] = {"cluster_id": cluster.id}
    demo.fire("setup_yaql_context", yaql_context=context)
    demo.check_keys("the yaql context", context)
    demo.show(
        "the yaql context", lambda: f"yaql context now holds: {key_names(context)}"
    )

    demo.step("deploy: check, then serialize (data pipelines edit in place)")
    demo.fire("on_before_deployment_check", cluster=cluster, nodes=nodes)
    for node in nodes:
        node.roles, node.pending_roles, node.status = node.pending_roles, [], "ready"
    _serialize(demo, cluster, "deployment")
    _serialize(demo, cluster, "provisioning")

    demo.step("volumes: first-result calls, answered by the first extension")
    node = nodes[0]
    volumes = demo.fire("get_node_volumes", node=node)
    if volumes is None:
        demo.say("     = None: no extension manages volumes; Nailgun's defaults apply")
    elif not isinstance(volumes, list):
        demo.odd(
            f"get_node_volumes returned a {type(volumes).__name__}, not a list "
            "of volumes (None leaves volumes to Nailgun)"
        )
    else:
        demo.say(f"     = {len(volumes)} volume(s) from an extension")
    layout = [{"id": "os", "size": 51200}, {"id": "vm", "size": 204800}]
    handled = demo.fire("set_node_volumes", node=node, volumes=layout)
    demo.show("set_node_volumes' answer", lambda: f"= {handled!r}")
    handled = demo.fire("set_default_node_volumes", node=node)
    demo.show("set_default_node_volumes' answer", lambda: f"= {handled!r}")

    demo.step("node 3 leaves the cluster, is reset and deleted")
    leaving = nodes[2]
    demo.fire("on_remove_node_from_cluster", node=leaving)
    cluster.remove(leaving)
    group.nodes.remove(leaving)
    leaving.roles, leaving.status = [], "discover"
    demo.fire("on_node_reset", node=leaving)
    demo.fire("on_node_delete", node=leaving)

    demo.step(f"delete cluster {cluster.name!r}")
    demo.fire("before_cluster_delete", cluster=cluster)
    node_ids = [node.id for node in cluster.nodes]
    demo.fire("on_node_collection_delete", node_ids=node_ids)
    demo.fire("on_nodegroup_delete", nodegroup=group)
    demo.fire("on_cluster_delete", cluster=cluster)
    cluster.status = "deleted"
    demo.fire("after_cluster_delete", cluster=cluster)


def _serialize(demo: Demo, cluster: MemoryCluster, kind: str) -> None:
    nodes = list(cluster.nodes)
    demo.fire(
        f"on_before_{kind}_serialization",
        cluster=cluster,
        nodes=nodes,
        ignore_customized=False,
    )
    # Serialized data holds credentials, as Nailgun's does: extensions and
    # this demo alike must show key names only.
    cluster_data: dict[str, Any] = {
        "uid": str(cluster.id),
        "name": cluster.name,
        "mysql": {"root_password": "not-shown"},
        "nodes": [{"uid": str(node.id)} for node in nodes],
    }
    before = copy.deepcopy(cluster_data)
    demo.fire(
        f"process_{kind}_for_cluster",
        cluster=cluster,
        cluster_data=cluster_data,
    )
    demo.show_changes("cluster data", before, cluster_data)
    for node in nodes:
        node_data: dict[str, Any] = {
            "uid": str(node.id),
            "roles": list(node.roles),
            "password": "not-shown",
        }
        before = copy.deepcopy(node_data)
        demo.fire(f"process_{kind}_for_node", node=node, node_data=node_data)
        demo.show_changes(f"node {node.id} data", before, node_data)


def run_demo(manager: HookManager, out: TextIO) -> DemoResult:
    """Run the scenario through ``manager``'s extensions, printing to ``out``."""
    with capture_logs() as logs, count_calls(manager) as counter:
        demo = Demo(manager, out, logs)
        _lifecycle(demo)
    result = demo.result
    result.calls = counter.calls
    rejected = sorted({printable(p.extension or "?") for p in manager.problems})
    odd = result.oddities
    demo.say(
        f"\ndone: {counted(len(result.events), 'event')} fired, "
        f"{counted(result.calls, 'call')} into extensions, "
        f"{len(result.raised)} raised"
        + (f", {counted(len(odd), 'odd answer')}" if odd else "")
        + (f"; rejected, never called: {', '.join(rejected)}" if rejected else "")
    )
    for line in result.raised:
        demo.say(f"  ! {line}")
    for line in result.oddities:
        demo.say(f"  ? {line}")
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``nailgun-hooks demo``."""
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse to run if any installed extension has a problem "
        "(default: run the sound ones, print the problems, exit 1)",
    )
    parser.add_argument(
        "--trace",
        action="store_true",
        help=f"log every hook call, each extension it reaches and how long it "
        f"took, to stderr (as {TRACE_ENV}=1 does)",
    )
    add_namespace_option(parser)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Load the installed extensions and run the scenario through them."""
    try:
        manager = load_extensions(strict=args.strict, namespace=args.namespace)
    except ExtensionValidationError as exc:
        out.write(render_problems(args.namespace, [], exc.problems, args.debug))
        out.write("not running the demo (--strict); fix the problems above\n")
        return EXIT_PROBLEMS
    loaded = printable(", ".join(f"{r.name} {r.version}" for r in manager.extensions))
    out.write(
        "nailgun-hooks demo: a Nailgun cluster's life, from creation to deletion,\n"
        "over in-memory objects, fired through the installed extensions.\n"
        f"loaded from {args.namespace!r}, in call order: {loaded or 'none'}\n"
    )
    if manager.problems:
        out.write(
            f"rejected ({len(manager.problems)} problem(s); these extensions are "
            "not called):\n"
        )
        for problem in manager.problems:
            out.write(f"  {problem}\n")
    if not manager.extensions:
        out.write(
            f"\nno extension is loaded from {args.namespace!r}: nothing would "
            "receive the events,\nso the demo stops here. " + INSTALL_HINT
        )
        return EXIT_PROBLEMS if manager.problems else EXIT_OK
    result = run_demo(manager, out)
    failed = manager.problems or result.raised or result.oddities
    return EXIT_PROBLEMS if failed else EXIT_OK
