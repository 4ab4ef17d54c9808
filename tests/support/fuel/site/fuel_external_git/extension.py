"""The shape of fuel-nailgun-extension-iac: a pipeline with public helpers
of other names (``lcm_v1``), steps that return the data, and one whose
parameters are ``(self, cluster, data)``; class-level settings."""

import os

from nailgun.extensions import BaseExtension, BasePipeline
from nailgun.logger import logger

from fuel_external_git import const, handlers, utils
from fuel_external_git.objects import GitRepo
from fuel_external_git.settings import GitExtensionSettings


class OpenStackConfigPipeline(BasePipeline):
    @classmethod
    def lcm_v2(cls, repo_path, node_data):
        return {"configuration": {"from": repo_path, "roles": node_data["roles"]}}

    @classmethod
    def lcm_v1(cls, node, node_data, repo_path):
        return {"configuration": {"from": repo_path, "uid": node_data["uid"]}}

    @classmethod
    def process_deployment_for_node(cls, node, node_data):
        logger.info("Started serialization for node %s", node.id)
        repo = GitRepo.get_by_cluster_id(node.cluster_id)
        if not repo:
            return node_data
        GitRepo.checkout(repo)
        repo_path = os.path.join(const.REPOS_DIR, repo.repo_name)
        if ExternalGit.ext_settings.get("lcm_version", "v2") == "v1":
            data = cls.lcm_v1(node, node_data, repo_path)
        else:
            data = cls.lcm_v2(repo_path, node_data)
        utils.deep_merge(node_data, data)
        return node_data

    @classmethod
    def process_deployment_for_cluster(self, cluster, data):
        repo = GitRepo.get_by_cluster_id(cluster.id)
        if not repo:
            return data
        utils.deep_merge(data, {"git": {"repo": repo.repo_name}})
        return data


class ExternalGit(BaseExtension):
    name = "fuel_external_git"
    version = "1.0.0"
    description = "Nailgun extension which uses git repo for config files"

    urls = [
        {
            "uri": r"/clusters/git-repos/?$",
            "handler": handlers.GitRepoCollectionHandler,
        },
        {
            "uri": r"/clusters/(?P<cluster_id>\d+)/git-repos/(?P<obj_id>\d+)?$",
            "handler": handlers.GitRepoHandler,
        },
        {
            "uri": r"/clusters/(?P<env_id>\d+)/changes-whitelist/$",
            "handler": handlers.ChangesWhitelistRuleCollectionHandler,
        },
        {
            "uri": r"/clusters/changes-whitelist/(?P<obj_id>\d+)?$",
            "handler": handlers.ChangesWhitelistRuleHandler,
        },
    ]

    data_pipelines = [
        OpenStackConfigPipeline,
    ]

    ext_settings = GitExtensionSettings().config

    @classmethod
    def alembic_migrations_path(cls):
        return os.path.join(os.path.dirname(__file__), "migrations")
