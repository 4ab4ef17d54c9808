from nailgun_hooks.compat import *  # noqa: F403
