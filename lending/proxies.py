"""Who is asking, and over what, when HTTPS proxies stand in front of the app.

The X-Forwarded-* headers are believed only from a trusted proxy's own address, and only as
many hops deep as there are such proxies (`TRUSTED_PROXIES`). Anyone else's are removed before
the app sees the request, so that a client who reaches the app directly can neither take on
another address (and escape the sign-in limits) nor claim HTTPS (and get HSTS or a Secure
cookie over plain HTTP)."""
import ipaddress

from werkzeug.middleware.proxy_fix import ProxyFix

# What a client or proxy may say about the original request (as WSGI names them).
FORWARDED = ("HTTP_FORWARDED", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO",
             "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_PREFIX")


def _networks(addresses) -> list:
    """"127.0.0.1, ::1, 10.0.0.0/8" (or a list of those) as networks."""
    if isinstance(addresses, str):
        addresses = addresses.split(",")
    return [ipaddress.ip_network(address.strip(), strict=False)
            for address in addresses if address.strip()]


class TrustedProxies:
    """WSGI middleware: ProxyFix for requests that come from a trusted proxy, and no
    forwarding headers at all past it (what the proxies said is in the request's address and
    scheme by then; Flask-Talisman would otherwise read X-Forwarded-Proto itself)."""

    def __init__(self, app, hops: int, addresses):
        self.forget = _WithoutForwardedHeaders(app)
        self.believe = ProxyFix(self.forget, x_for=hops, x_proto=hops, x_host=hops) \
            if hops else None
        self.networks = _networks(addresses)

    def from_trusted_proxy(self, environ) -> bool:
        """Whether the connection itself comes from one of the trusted proxies."""
        try:
            address = ipaddress.ip_address(environ.get("REMOTE_ADDR", ""))
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def __call__(self, environ, start_response):
        if self.believe is not None and self.from_trusted_proxy(environ):
            return self.believe(environ, start_response)
        return self.forget(environ, start_response)


class _WithoutForwardedHeaders:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        for name in FORWARDED:
            environ.pop(name, None)
        return self.app(environ, start_response)
