db_str = "sqlite://"
