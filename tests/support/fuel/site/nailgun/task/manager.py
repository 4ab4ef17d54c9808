class TaskManager:
    def execute(self, *args, **kwargs):
        return None
