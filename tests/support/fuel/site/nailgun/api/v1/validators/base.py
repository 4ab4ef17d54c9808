class BasicValidator:
    @classmethod
    def validate(cls, data):
        return data
