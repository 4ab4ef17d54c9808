class GitExtensionSettings:
    def __init__(self):
        self.config = {"lcm_version": "v2", "resource_mapping": {}}
