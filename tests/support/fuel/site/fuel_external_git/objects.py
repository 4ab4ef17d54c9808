import fuel_journal

REPOS: dict[int, object] = {}
"""Git repositories by cluster id; filled by the test."""


class GitRepo:
    @classmethod
    def get_by_cluster_id(cls, cluster_id):
        return REPOS.get(cluster_id)

    @classmethod
    def checkout(cls, repo):
        fuel_journal.record("GitRepo.checkout", repr(repo.repo_name))
