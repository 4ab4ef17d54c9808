def dict_update(target, data):
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            dict_update(target[key], value)
        else:
            target[key] = value
