"""Flask extensions, created without an app and bound in `create_app`."""
from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.orm import DeclarativeBase

from .database import create_search_indexes

# Explicit constraint names, so that migrations can drop and alter them on every database
# (SQLite's batch mode needs a name to find a constraint again).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base carrying the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# PostgreSQL's search indexes come with the tables (migrations create them too).
event.listen(Base.metadata, "after_create", create_search_indexes)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
bootstrap = Bootstrap5()
# Limits are set per view; storage is RATELIMIT_STORAGE_URI (Redis when REDIS_URL is set).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
talisman = Talisman()
cache = Cache()  # the figures pages show at a glance (reporting/glance.py)
mail = Mail()  # email to staff and managers (messages/mailing.py)

# Every string a person reads, in their language (i18n.py chooses it; catalogues under
# lending/translations, compiled by `make`).
babel = Babel()
