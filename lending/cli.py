"""Command-line tasks: `flask --app wsgi <command>`."""
import functools
import sys

import click
from flask_babel import force_locale, format_decimal, gettext

from .extensions import db
from .i18n import command_line_locale
from .models import Partner, User
from .models.vocab import ROLES
from .refusals import RuleError


def _read_password() -> str:
    """Ask twice on a terminal; read two lines when piped (e.g. printf 'pw\\npw\\n' | ...)."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    first, second = sys.stdin.readline().rstrip("\n"), sys.stdin.readline().rstrip("\n")
    if first != second:
        raise click.ClickException(gettext("The two passwords do not match."))
    return first


def _partner_for(role, reference):
    """The partner named by --partner: required for funders, refused for others."""
    if role != "funder":
        if reference:
            raise click.ClickException(gettext("Only funders belong to a partner; drop --partner."))
        return None
    if not reference:
        raise click.ClickException(gettext("A funder belongs to a partner: add --partner REF."))
    partner = db.session.execute(db.select(Partner).filter_by(
        reference=reference.strip().upper())).scalar_one_or_none()
    if partner is None:
        raise click.ClickException(gettext("No partner has the reference %(reference)s.",
                                           reference=reference))
    return partner


def refused(error: RuleError) -> click.ClickException:
    """An operation's refusal as the command's error message."""
    return click.ClickException(str(error))


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(list(ROLES)), required=True)
@click.option("--name", default="", help="Name shown in the app (default: from the email).")
@click.option("--partner", "partner_ref", default=None,
              help="The partner's reference (e.g. FUND-1); funders need one, others none.")
def create_user(email, role, name, partner_ref):
    """Create an account; the password is asked for twice."""
    from .auth.operations import normalize_email
    from .users.operations import create_account, email_problem
    email = normalize_email(email)
    # Said before the password is asked for, so nobody types one in vain.
    problem = email_problem(email) or (
        gettext("An account for %(email)s already exists.", email=email) if db.session.execute(
            db.select(User.id).filter_by(email=email)).first() else None)
    if problem:
        raise click.ClickException(problem)
    partner = _partner_for(role, partner_ref)
    try:
        user = create_account(email, name, role, _read_password(), partner=partner, by=None,
                              note="created on the command line")
    except RuleError as error:
        raise refused(error) from None
    db.session.commit()
    click.echo(gettext("Created %(role)s %(email)s.", role=role, email=user.email))


@click.command("create-token")
@click.argument("email")
@click.option("--name", required=True, help="What will use it, e.g. \"CRM sync\".")
@click.option("--scope", type=click.Choice(["read", "write"]), default="read",
              show_default=True, help="read, or write (read and write).")
@click.option("--days", type=int, default=90, show_default=True, help="How long it lasts.")
def create_token_command(email, name, scope, days):
    """Make a personal API token for an account and print it (shown this once only)."""
    from .api.operations import create_token
    from .auth.operations import normalize_email
    user = db.session.execute(db.select(User).filter_by(
        email=normalize_email(email))).scalar_one_or_none()
    if user is None:
        raise click.ClickException(gettext("No account has the email %(email)s.", email=email))
    try:
        token, secret = create_token(user, name=name, scope=scope, days=days, by=None)
    except RuleError as error:
        raise refused(error) from None
    db.session.commit()
    click.echo(gettext('Token "%(name)s" for %(email)s (%(scope)s), until %(expires_at)s UTC. '
                       'Copy it now; it is not shown again:', name=token.name, email=user.email,
                       scope=scope, expires_at=f"{token.expires_at:%Y-%m-%d %H:%M}"),
               err=True)
    click.echo(secret)


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True,
              help="Succeed quietly (and change nothing) when the database already has data.")
def seed_demo_command(if_empty):
    """Fill an EMPTY database with a year of demo lending and print the demo logins."""
    from .demo import DEMO_ACCOUNTS, is_empty, seed_demo
    if not is_empty():
        message = gettext("The database already has data; the demo program was not added.")
        if not if_empty:
            raise click.ClickException(message)
        click.echo(message)
    else:
        seed_demo()
        db.session.commit()
        click.echo(gettext("Demo program created."))
    demo_emails = [account[0] for account in DEMO_ACCOUNTS]
    if db.session.execute(db.select(User.id).where(User.email.in_(demo_emails))).first():
        click.echo(gettext("Demo logins (email / password):"))
        for email, _name, role, password in DEMO_ACCOUNTS:
            click.echo(f"  {role:8} {email} / {password}")


@click.command("daily")
def daily_command():
    """Mark overdue loans and move them through the escalation stages, queue the day's
    reminder texts (safe to rerun), and refresh the database's statistics."""
    from .loans.operations import daily_run
    for line in daily_run():
        click.echo(line)


@click.command("worker")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1),
              help="Jobs run at once by this process (threads).")
def worker_command(workers):
    """Run jobs from the queue until stopped (Ctrl-C or SIGTERM finish the jobs under way)."""
    from .jobs.queue import consumer
    click.echo(gettext("Worker running %(workers)s job(s) at a time; Ctrl-C to stop.",
                       workers=workers))
    consumer(workers).run()


@click.command("synth")
@click.option("--devices", default=50_000, show_default=True, type=click.IntRange(1))
@click.option("--peers", default=100_000, show_default=True, type=click.IntRange(1))
@click.option("--loans", default=1_000_000, show_default=True, type=click.IntRange(0))
@click.option("--seed", default=1, show_default=True, help="Same seed, same program.")
def synth_command(devices, peers, loans, seed):
    """Fill an EMPTY database with a large synthetic program, in bulk (for benchmarks)."""
    import time

    from .database import refresh_statistics
    from .demo import is_empty
    from .demo.synth import SynthCounts, generate
    if not is_empty():
        raise click.ClickException(gettext("The database already has data; use an empty one."))
    started = time.perf_counter()
    made = generate(SynthCounts(devices=devices, peers=peers, loans=loans), seed=seed)
    db.session.commit()
    refresh_statistics(db.session)  # as the daily job would, so that queries plan on facts
    db.session.commit()
    click.echo(gettext("Synthetic program written in %(seconds)s s:",
                       seconds=format_decimal(time.perf_counter() - started, "0.0")))
    for table, count in made.items():
        click.echo(f"  {table:16} {count:>10,}")


@click.command("anonymize-inactive")
@click.option("--months", default=24, show_default=True, type=click.IntRange(1),
              help="Months without an open loan or any activity.")
@click.option("--dry-run", is_flag=True, help="Count them and change nothing.")
def anonymize_inactive_command(months, dry_run):
    """Remove names, contacts and notes of peers inactive for MONTHS (codes and figures stay)."""
    from .clock import local_today
    from .peers.operations import anonymize_inactive
    from .peers.queries import inactive_peers
    if dry_run:
        count = len(inactive_peers(months, local_today()))
        click.echo(gettext("%(count)s peer(s) inactive for %(months)s months would lose their "
                           "details.", count=count, months=months))
        return
    count = anonymize_inactive(months, local_today(), by=None)
    db.session.commit()
    click.echo(gettext("Removed the personal details of %(count)s peer(s) inactive for %(months)s "
                       "months.", count=count, months=months))


def _in_the_terminals_language(callback):
    """A command's callback, speaking the language the terminal asks for (LC_ALL,
    LC_MESSAGES or LANG: fr_CA.UTF-8 is French; anything else English)."""
    @functools.wraps(callback)
    def speaking(*args, **kwargs):
        with force_locale(command_line_locale()):
            return callback(*args, **kwargs)
    return speaking


def register(app):
    """Add the commands to `flask`."""
    from .cli_files import backup_command, import_command, labels_command, report_command
    for command in (create_user, create_token_command, seed_demo_command, daily_command,
                    report_command,
                    synth_command, import_command, anonymize_inactive_command, backup_command,
                    labels_command, worker_command):
        command.callback = _in_the_terminals_language(command.callback)
        app.cli.add_command(command)
