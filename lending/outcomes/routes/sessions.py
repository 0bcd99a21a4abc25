"""Group sessions: the list, recording one, one's page; contracts' outcome targets."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext

from ...extensions import db
from ...lookup import find, get_or_404, signed_in_user
from ...models import Contract, GroupSession, User
from ...permissions import STAFF_AND_MANAGERS, allow
from ...refusals import RuleError
from ...users.queries import active_staff
from .. import bp
from ..forms import GroupSessionForm, TargetsForm
from ..operations import log_group_session, set_outcome_targets


@bp.route("/group-sessions")
@allow(*STAFF_AND_MANAGERS)
def group_sessions():
    """Group sessions, newest first."""
    sessions = db.session.execute(db.select(GroupSession).order_by(
        GroupSession.held_on.desc(), GroupSession.id.desc()).limit(200)).scalars().all()
    return render_template("outcomes/group_sessions.html", sessions=sessions)


@bp.route("/group-sessions/new", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def new_group_session():
    """Record a group session after it happened."""
    form = GroupSessionForm()
    people = active_staff()
    form.facilitator_id.choices = {0: gettext("Choose…"), **{user.id: user.name for user in people}}
    form.staff_ids.choices = {user.id: user.name for user in people}
    if not form.is_submitted():
        form.facilitator_id.data = signed_in_user().id
    if form.validate_on_submit():
        try:
            session, created = form.save_once(GroupSession, lambda: log_group_session(
                held_on=form.held_on.data, minutes=form.minutes.data, topic=form.topic.data,
                facilitator=find(User, form.facilitator_id.data),
                peers=form.peer_codes.peers,
                staff=[user for user in people if user.id in form.staff_ids.data],
                by=signed_in_user(), form_token=form.form_token.data))
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            if created:
                flash(gettext("Group session recorded."), "success")
            return redirect(url_for(".group_session", session_id=session.id))
    return render_template("form_page.html", form=form, submit=gettext("Record session"),
                           heading=gettext("Record a group session"),
                           cancel_url=url_for(".group_sessions"))


@bp.route("/group-sessions/<int:session_id>")
@allow(*STAFF_AND_MANAGERS)
def group_session(session_id):
    """One group session and who attended."""
    return render_template("outcomes/group_session.html",
                           session=get_or_404(GroupSession, session_id))


@bp.route("/contracts/<int:contract_id>/targets", methods=["GET", "POST"])
@allow("manager")
def targets(contract_id):
    """Set what a contract aims for on the outcome figures."""
    contract = get_or_404(Contract, contract_id)
    form = TargetsForm(data={target.measure: target.target
                             for target in contract.outcome_targets})
    if form.validate_on_submit():
        try:
            set_outcome_targets(contract, {field.name: field.data for field in form
                                           if field.name != "csrf_token"}, by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Outcome targets saved."), "success")
            return redirect(url_for("partners.contract", contract_id=contract.id))
    return render_template("form_page.html", form=form, submit=gettext("Save targets"),
                           heading=gettext("Outcome targets: %(reference)s",
                                           reference=contract.reference),
                           cancel_url=url_for("partners.contract", contract_id=contract.id))
