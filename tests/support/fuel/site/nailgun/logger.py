import logging

logger = logging.getLogger("nailgun")
