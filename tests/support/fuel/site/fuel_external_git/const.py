REPOS_DIR = "/var/lib/fuel_repos"
