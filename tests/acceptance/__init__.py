"""The blueprint's acceptance test, in real virtual environments (slow)."""
