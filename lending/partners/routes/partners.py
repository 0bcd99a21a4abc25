"""Partner screens: list, detail with contacts and contracts, create, edit."""
from flask import flash, redirect, render_template, url_for

from ...audit.log import apply_changes, record, record_created
from ...extensions import db
from ...listing import Filter, Listing
from ...lookup import get_or_404
from ...models import Partner, PartnerContact, vocab
from ...permissions import allow
from .. import bp
from ..forms import ContactForm, PartnerForm

FIELDS = ("name", "reference", "kind", "notes")


@bp.route("/partners")
@allow("manager")
def partners():
    """All partners, searchable by name and reference."""
    listing = Listing(
        db.select(Partner), sorts={"name": Partner.name, "reference": Partner.reference,
                                   "kind": Partner.kind},
        default_sort="name", tiebreak=(Partner.id,), search=(Partner.name, Partner.reference),
        filters={"kind": Filter("Kind", vocab.choices(vocab.PARTNER_KINDS),
                                lambda v: Partner.kind == v)})
    return render_template("partners/index.html", listing=listing)


@bp.route("/partners/new", methods=["GET", "POST"])
@allow("manager")
def new_partner():
    """Add a partner."""
    form = PartnerForm()
    if form.validate_on_submit():
        partner = Partner(**{name: form[name].data for name in FIELDS})
        record_created(partner)
        db.session.commit()
        flash(f"Partner {partner.reference} added.", "success")
        return redirect(url_for(".partner", partner_id=partner.id))
    return render_template("form_page.html", form=form, heading="Add a partner",
                           submit="Save partner", cancel_url=url_for(".partners"))


@bp.route("/partners/<int:partner_id>", methods=["GET", "POST"])
@allow("manager")
def partner(partner_id):
    """A partner, its contacts (with a form to add one) and its contracts."""
    partner = get_or_404(Partner, partner_id)
    form = ContactForm()
    if form.validate_on_submit():
        contact = PartnerContact(partner=partner, name=form.name.data,
                                 email=form.email.data or "", phone=form.phone.data or "")
        record_created(contact)
        db.session.commit()
        flash(f"Contact {contact.name} added.", "success")
        return redirect(url_for(".partner", partner_id=partner.id))
    return render_template("partners/detail.html", partner=partner, form=form)


@bp.route("/partners/<int:partner_id>/edit", methods=["GET", "POST"])
@allow("manager")
def edit_partner(partner_id):
    """Change a partner's name, kind, reference or notes."""
    partner = get_or_404(Partner, partner_id)
    form = PartnerForm(obj=partner, obj_id=partner.id)
    if form.validate_on_submit():
        apply_changes(partner, {name: form[name].data for name in FIELDS})
        db.session.commit()
        flash("Partner saved.", "success")
        return redirect(url_for(".partner", partner_id=partner.id))
    return render_template("form_page.html", form=form, heading=f"Edit {partner.name}",
                           submit="Save partner",
                           cancel_url=url_for(".partner", partner_id=partner.id))


@bp.route("/partners/<int:partner_id>/contacts/<int:contact_id>/remove", methods=["POST"])
@allow("manager")
def remove_contact(partner_id, contact_id):
    """Remove a contact person (logged with their name)."""
    partner = get_or_404(Partner, partner_id)
    contact = db.session.get(PartnerContact, contact_id)
    if contact is not None and contact.partner_id == partner.id:
        record("remove_contact", partner, note=f"removed contact {contact.name}")
        db.session.delete(contact)
        db.session.commit()
        flash(f"Contact {contact.name} removed.", "success")
    return redirect(url_for(".partner", partner_id=partner.id))


