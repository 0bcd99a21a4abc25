"""Lending Bridge: tracks devices, SIM cards and data plans lent to peers."""
import importlib
import os

from flask import Flask

from . import database
from .config import Defaults, check_secret_key, load_environment
from .extensions import bootstrap, csrf, db, login_manager, migrate

BLUEPRINTS = ("auth", "dashboard", "inventory", "peers", "loans", "issues", "waitlist",
              "policies", "agreements", "partners", "users", "portal", "reporting", "audit",
              "health")


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
    os.makedirs(app.instance_path, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["SQLALCHEMY_DATABASE_URI"] or (
        "sqlite:///" + os.path.join(app.instance_path, "lending.sqlite"))
    app.config["REPORTS_DIR"] = app.config["REPORTS_DIR"] or os.path.join(project_root, "reports")
    check_secret_key(app)

    database.configure(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(project_root, "migrations"),
                     render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    bootstrap.init_app(app)

    from . import errors, filters, models  # noqa: F401  (models register their tables)
    from .auth.session import load_user  # noqa: F401  (registers the user loader)
    from .permissions import check_every_view_declares_roles, enforce_roles

    for name in BLUEPRINTS:
        importlib.import_module(f"{__name__}.{name}.routes")  # attaches the views to bp
        app.register_blueprint(importlib.import_module(f"{__name__}.{name}").bp)
    app.before_request(enforce_roles)
    errors.register(app)
    filters.register(app)

    from .cli import register as register_cli
    register_cli(app)
    check_every_view_declares_roles(app)
    return app
