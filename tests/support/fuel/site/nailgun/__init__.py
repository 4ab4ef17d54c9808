"""A minimal stand-in for Nailgun: only what the published extensions import."""
