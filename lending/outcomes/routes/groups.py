"""Priority groups: the list managers keep, and the groups a peer names."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext

from ...extensions import db
from ...lookup import get_or_404, signed_in_user
from ...models import Peer, PriorityGroup
from ...permissions import STAFF_AND_MANAGERS, allow
from ...refusals import RuleError
from .. import bp
from ..forms import PriorityGroupForm, PriorityGroupsForm
from ..operations import record_priority_groups, save_priority_group
from ..queries import groups_of


@bp.route("/peers/<int:peer_id>/groups", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def peer_groups(peer_id):
    """Record the priority groups a peer says they belong to, with their consent."""
    peer = get_or_404(Peer, peer_id)
    held = groups_of(peer)
    offered = db.session.execute(db.select(PriorityGroup).order_by(PriorityGroup.name)) \
        .scalars().all()
    form = PriorityGroupsForm(data={"consent_method": peer.groups_consent_method or "",
                                    "groups": [group.id for group in held]})
    form.groups.choices = {group.id: group.name for group in offered
                           if group.active or group in held}
    if form.validate_on_submit():
        chosen = [group for group in offered if group.id in form.groups.data]
        try:
            changed = record_priority_groups(peer, chosen, by=signed_in_user(),
                                             consent_method=form.consent_method.data)
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Priority groups saved.") if changed else gettext("Nothing changed."),
                  "success")
            return redirect(url_for("peers.detail", peer_id=peer.id))
    return render_template("form_page.html", form=form, submit=gettext("Save"),
                           heading=gettext("Priority groups of %(code)s", code=peer.code),
                           cancel_url=url_for("peers.detail", peer_id=peer.id))


@bp.route("/priority-groups")
@allow("manager")
def priority_groups():
    """The groups peers may name, with how many named each."""
    groups = db.session.execute(db.select(PriorityGroup).order_by(PriorityGroup.name)) \
        .scalars().all()
    return render_template("outcomes/priority_groups.html", groups=groups)


@bp.route("/priority-groups/new", methods=["GET", "POST"], defaults={"group_id": None})
@bp.route("/priority-groups/<int:group_id>/edit", methods=["GET", "POST"])
@allow("manager")
def edit_priority_group(group_id):
    """Add a group, or rename, retire or change one."""
    group = get_or_404(PriorityGroup, group_id) if group_id is not None else None
    form = PriorityGroupForm(obj=group)
    if form.validate_on_submit():
        try:
            save_priority_group(group, name=form.name.data, active=form.active.data,
                                raises_waitlist=form.raises_waitlist.data, by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Priority group saved."), "success")
            return redirect(url_for(".priority_groups"))
    return render_template("form_page.html", form=form, submit=gettext("Save"),
                           heading=gettext("Priority group: %(name)s", name=group.name) if group
                           else gettext("New priority group"),
                           cancel_url=url_for(".priority_groups"))
