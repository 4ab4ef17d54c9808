"""The exit codes of every command, defined once.

Each command module returns these and the dispatcher's ``--help`` lists
them (:data:`EXIT_CODES`); a code a script tests must not depend on which
module happened to define it.
"""

from __future__ import annotations

__all__ = [
    "EXIT_CODES",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

EXIT_CODES = f"""\
exit codes:
  {EXIT_OK}  done, nothing wrong
  {EXIT_PROBLEMS}  problems with installed extensions or their migrations (printed)
  {EXIT_USAGE}  usage error: bad arguments, or a file or database that cannot be used
  {EXIT_INTERNAL}  nailgun-hooks itself failed (rerun with --debug and report it)
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C)
"""
