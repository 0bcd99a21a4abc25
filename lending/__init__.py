"""Lending Bridge: tracks devices, SIM cards and data plans lent to peers."""
import importlib
import os

from flask import Flask, Response

from . import database, private_files
from .config import (
    CONTENT_SECURITY_POLICY,
    Defaults,
    cache_settings,
    check_secret_key,
    check_settings,
    load_environment,
)
from .extensions import (
    babel,
    bootstrap,
    cache,
    csrf,
    db,
    limiter,
    login_manager,
    mail,
    migrate,
    talisman,
)
from .jobs import queue as jobs_queue
from .proxies import TrustedProxies

BLUEPRINTS = ("auth", "dashboard", "inventory", "peers", "loans", "issues", "waitlist",
              "policies", "agreements", "partners", "users", "portal", "reporting", "audit",
              "search", "labels", "stock", "jobs", "messages", "outcomes", "webhooks", "health")


def create_app(test_config=None):
    """Build the app: defaults -> instance config -> environment -> extensions -> blueprints."""
    project_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(__name__, instance_relative_config=True,
                instance_path=os.path.join(project_root, "instance"),
                template_folder=os.path.join(project_root, "templates"))
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        load_environment(app.config)
    else:
        app.config.from_mapping(test_config)
    private_files.private_folder(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["SQLALCHEMY_DATABASE_URI"] or (
        "sqlite:///" + os.path.join(app.instance_path, "lending.sqlite"))
    app.config["REPORTS_DIR"] = app.config["REPORTS_DIR"] or os.path.join(project_root, "reports")
    check_secret_key(app)
    check_settings(app)
    private_files.create_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    private_files.warn_if_exposed(app)

    database.configure(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(project_root, "migrations"),
                     render_as_batch=True, include_object=database.include_in_migrations)
    login_manager.init_app(app)
    csrf.init_app(app)
    mail.init_app(app)
    bootstrap.init_app(app)
    from .i18n import current_language, select_locale
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories="translations")
    app.jinja_env.globals["current_language"] = current_language
    limiter.init_app(app)
    cache.init_app(app, config=cache_settings(app.config))
    jobs_queue.configure(app)
    # Headers on every response. TLS ends at the proxy, so no redirect to HTTPS here; HSTS is
    # sent on HTTPS requests only. The session cookie's flags are set in auth/session.py.
    talisman.init_app(app, force_https=False, content_security_policy=CONTENT_SECURITY_POLICY,
                      session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
                      referrer_policy="same-origin", frame_options="DENY")
    app.wsgi_app = TrustedProxies(app.wsgi_app, int(app.config["TRUSTED_PROXIES"]),
                                  app.config["TRUSTED_PROXY_ADDRESSES"])

    from . import errors, filters, models  # noqa: F401  (models register their tables)
    from .reporting.keeping import keep_current
    keep_current()
    from .auth.session import SessionInterface, check_session_age, keep_out_of_caches
    from .permissions import check_every_view_declares_roles, enforce_roles, public
    app.session_interface = SessionInterface()
    app.before_request(check_session_age)
    app.after_request(keep_out_of_caches)

    for name in BLUEPRINTS:
        importlib.import_module(f"{__name__}.{name}.routes")  # attaches the views to bp
        app.register_blueprint(importlib.import_module(f"{__name__}.{name}").bp)
    from .api.auth import authenticate
    from .api.setup import init_app as init_api
    init_api(app)
    app.before_request(authenticate)  # an API request's user is its token's, before roles
    app.before_request(enforce_roles)
    errors.register(app)
    filters.register(app)

    with open(os.path.join(app.static_folder, "favicon.ico"), "rb") as icon:
        favicon_bytes = icon.read()

    @app.route("/favicon.ico")
    @public
    def favicon():
        """The icon browsers ask for at this address on every page (kept in memory: 5 kB)."""
        return Response(favicon_bytes, mimetype="image/vnd.microsoft.icon",
                        headers={"Cache-Control": "public, max-age=86400"})

    from .cli import register as register_cli
    register_cli(app)
    check_every_view_declares_roles(app)
    if not app.testing:
        compile_templates(app)
    return app


def compile_templates(app):
    """Compile every page's template now (about half a second), so that a worker's first
    visitors do not wait for it: a template's first use otherwise added 30-230 ms."""
    for name in app.jinja_env.list_templates(extensions=("html",)):
        app.jinja_env.get_template(name)  # kept in Jinja's cache (400 templates)
