"""Response headers that keep every page self-contained: nothing may load from another host."""

from flask import Flask, Response, abort, current_app, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        if name not in response.headers:
            response.headers[name] = value
    hsts = current_app.config["STRICT_TRANSPORT_SECURITY"]
    if hsts and request.is_secure:
        response.headers["Strict-Transport-Security"] = hsts
    return response


def reject_nul_bytes() -> None:
    """A NUL byte is never meaningful input, and PostgreSQL refuses it in text: answer 400 up
    front rather than fail deep in a query."""
    values = [request.path, *request.args.values()]
    if request.method in {"POST", "PUT", "PATCH"}:
        values += request.form.values()
    if any("\x00" in value for value in values):
        abort(400)


def init_app(app: Flask) -> None:
    app.before_request(reject_nul_bytes)
    app.after_request(add_security_headers)
