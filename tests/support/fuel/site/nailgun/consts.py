from types import SimpleNamespace

NODE_STATUSES = SimpleNamespace(
    ready="ready",
    deploying="deploying",
    provisioned="provisioned",
    error="error",
    discover="discover",
)
NODE_ERRORS = SimpleNamespace(provision="provision", discover="discover")
CLUSTER_CHANGES = SimpleNamespace(networks="networks")
TASK_STATUSES = SimpleNamespace(error="error", ready="ready")
