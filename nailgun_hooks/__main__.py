"""``python -m nailgun_hooks``: the same as the ``nailgun-hooks`` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
