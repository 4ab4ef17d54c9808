def build_app(with_keystone=True):
    def app(environ, start_response):
        start_response("200 OK", [])
        return [b"tuning-box"]

    return app
