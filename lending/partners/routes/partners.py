"""Partner screens: list, detail with contacts and contracts, create, edit."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext

from ...extensions import db
from ...listing import Filter, Listing
from ...lookup import find, get_or_404, signed_in_user
from ...models import Partner, PartnerContact, vocab
from ...permissions import allow
from ...refusals import RuleError
from .. import bp, operations
from ..forms import ContactForm, PartnerForm


@bp.route("/partners")
@allow("manager")
def partners():
    """All partners, searchable by name and reference."""
    listing = Listing(
        db.select(Partner), sorts={"name": Partner.name, "reference": Partner.reference,
                                   "kind": Partner.kind},
        default_sort="name", tiebreak=(Partner.id,), search=(Partner.name, Partner.reference),
        filters={"kind": Filter(vocab.N_("Kind"), vocab.choices(vocab.PARTNER_KINDS),
                                lambda v: Partner.kind == v)})
    return render_template("partners/index.html", listing=listing)


@bp.route("/partners/new", methods=["GET", "POST"])
@allow("manager")
def new_partner():
    """Add a partner."""
    form = PartnerForm()
    if form.validate_on_submit():
        try:
            partner = operations.add_partner(form.model_data(), by=signed_in_user())
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Partner %(reference)s added.", reference=partner.reference), "success")
            return redirect(url_for(".partner", partner_id=partner.id))
    return render_template("form_page.html", form=form, heading=gettext("Add a partner"),
                           submit=gettext("Save partner"), cancel_url=url_for(".partners"))


@bp.route("/partners/<int:partner_id>", methods=["GET", "POST"])
@allow("manager")
def partner(partner_id):
    """A partner, its contacts (with a form to add one) and its contracts."""
    partner = get_or_404(Partner, partner_id)
    form = ContactForm()
    if form.validate_on_submit():
        contact = operations.add_contact(partner, form.model_data(), by=signed_in_user())
        db.session.commit()
        flash(gettext("Contact %(name)s added.", name=contact.name), "success")
        return redirect(url_for(".partner", partner_id=partner.id))
    return render_template("partners/detail.html", partner=partner, form=form)


@bp.route("/partners/<int:partner_id>/edit", methods=["GET", "POST"])
@allow("manager")
def edit_partner(partner_id):
    """Change a partner's name, kind, reference or notes."""
    partner = get_or_404(Partner, partner_id)
    form = PartnerForm(obj=partner, obj_id=partner.id)
    if form.validate_on_submit():
        operations.update_partner(partner, form.model_data(), by=signed_in_user())
        db.session.commit()
        flash(gettext("Partner saved."), "success")
        return redirect(url_for(".partner", partner_id=partner.id))
    return render_template("form_page.html", form=form, heading=gettext("Edit %(name)s",
                                                                        name=partner.name),
                           submit=gettext("Save partner"),
                           cancel_url=url_for(".partner", partner_id=partner.id))


@bp.route("/partners/<int:partner_id>/contacts/<int:contact_id>/remove", methods=["POST"])
@allow("manager")
def remove_contact(partner_id, contact_id):
    """Remove a contact person (logged with their name)."""
    partner = get_or_404(Partner, partner_id)
    contact = find(PartnerContact, contact_id)
    if contact is not None and contact.partner_id == partner.id:
        name = contact.name
        operations.remove_contact(contact, by=signed_in_user())
        db.session.commit()
        flash(gettext("Contact %(name)s removed.", name=name), "success")
    return redirect(url_for(".partner", partner_id=partner.id))
