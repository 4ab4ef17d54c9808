"""Internal layer: see ARCHITECTURE.md."""
