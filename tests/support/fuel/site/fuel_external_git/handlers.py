from nailgun.api.v1.handlers.base import (
    CollectionHandler,
    SingleHandler,
    handle_errors,
    serialize,
    validate,
)
from nailgun.api.v1.validators import base


class GitRepoValidator(base.BasicValidator):
    pass


class GitRepoCollectionHandler(CollectionHandler):
    validator = GitRepoValidator

    @handle_errors
    @validate
    @serialize
    def GET(self):
        return []


class GitRepoHandler(SingleHandler):
    validator = GitRepoValidator


class ChangesWhitelistRuleHandler(SingleHandler):
    pass


class ChangesWhitelistRuleCollectionHandler(CollectionHandler):
    pass
