"""Files that hold the secret key or peers' data (instance/config.py, the SQLite database,
backups, the report archive): made readable by the app's own user only, whatever the umask,
and a warning at start about any that others can read. With the key, anyone can forge a
manager's session."""
import os
import stat

from sqlalchemy.engine import make_url

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def private_folder(path: str) -> str:
    """Make the folder (and any missing parents) for private files: a new one is 0700."""
    if not os.path.isdir(path):
        os.makedirs(path, mode=PRIVATE_FOLDER, exist_ok=True)
        os.chmod(path, PRIVATE_FOLDER)  # the umask may have taken bits off, never added any
    return path


def create_private(path: str) -> int:
    """Create a new file for private data, 0600, and open it for writing; never one that
    exists (FileExistsError). Returns the file descriptor."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    os.fchmod(descriptor, PRIVATE_FILE)
    return descriptor


def write_private(path: str, data: bytes) -> None:
    """Write a new private file."""
    with os.fdopen(create_private(path), "wb") as handle:
        handle.write(data)


def sqlite_path(database_uri: str) -> str | None:
    """The file of a SQLite database URL, or None (another database, or one in memory)."""
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:") \
            or url.database.startswith("file:"):
        return None
    return url.database


def create_sqlite_file(database_uri: str) -> None:
    """Create a SQLite database's file before SQLite does (which would make it 0644): SQLite
    gives its -wal and -shm files the database file's mode, so all three are private. An
    empty file is an empty database. A folder that does not exist is not made: a mistyped
    DATABASE_URL must fail (the health check says so), not start an empty database."""
    path = sqlite_path(database_uri)
    if path is not None and not os.path.exists(path) \
            and os.path.isdir(os.path.dirname(os.path.abspath(path))):
        try:
            os.close(create_private(path))
        except FileExistsError:
            pass  # another process made it first


def exposed(paths) -> list[tuple[str, int, int]]:
    """Of these paths, those that exist and that other users of the machine can get at:
    (path, its mode, the mode it should have)."""
    found = []
    for path in paths:
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            found.append((path, mode, PRIVATE_FOLDER if os.path.isdir(path) else PRIVATE_FILE))
    return found


def warn_if_exposed(app) -> None:
    """At start: warn about any private file or folder that others can read."""
    paths = [os.path.join(app.instance_path, "config.py"), app.config["REPORTS_DIR"]]
    database = sqlite_path(app.config["SQLALCHEMY_DATABASE_URI"])
    if database is not None:
        paths += [database, f"{database}-wal", f"{database}-shm"]
    for path, mode, wanted in exposed(paths):
        app.logger.warning("Other users of this machine can read %s (mode %04o): chmod %o %s, "
                           "and run the app as its own user (README.md, Production)",
                           path, mode, wanted, path)
