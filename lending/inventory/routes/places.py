"""Places where items are kept (managers keep the list)."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from sqlalchemy import func

from ...extensions import db
from ...lookup import get_or_404, signed_in_user
from ...models import Device, Place, SimCard
from ...permissions import allow
from ...refusals import RuleError
from .. import bp
from ..forms import PlaceForm
from ..operations import add_place, update_place


def _item_counts() -> dict[str, dict[int, int]]:
    """{"devices"|"sims": {place id: how many are kept there}}."""
    return {name: dict(db.session.execute(
        db.select(model.place_id, func.count()).where(model.place_id.is_not(None))
        .group_by(model.place_id)).all()) for name, model in (("devices", Device),
                                                                ("sims", SimCard))}


@bp.route("/places", methods=["GET", "POST"])
@allow("manager")
def places():
    """Every place, with how many items are kept there; add one."""
    form = PlaceForm()
    del form.active  # a new place is in use
    if form.validate_on_submit():
        try:
            place = add_place(form.name.data, note=form.note.data, by=signed_in_user())
        except RuleError as error:
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("%(name)s added. Choose it as an item's place on the item's form, in an "
                          "import's Place column, or when counting stock.",
                          name=place.name), "success")
            return redirect(url_for(".places"))
    places = db.session.execute(db.select(Place).order_by(Place.active.desc(), Place.name)
                                ).scalars().all()
    return render_template("inventory/places.html", form=form, places=places,
                           counts=_item_counts())


@bp.route("/places/<int:place_id>/edit", methods=["GET", "POST"])
@allow("manager")
def edit_place(place_id):
    """Rename a place, change its note, or put it out of use."""
    place = get_or_404(Place, place_id)
    form = PlaceForm(obj=place)
    if form.validate_on_submit():
        try:
            changes = update_place(place, form.model_data(), by=signed_in_user())
        except RuleError as error:
            form.name.errors.append(str(error))
        else:
            db.session.commit()
            flash(gettext("Place saved.") if changes else gettext("Nothing was changed."),
                  "success")
            return redirect(url_for(".places"))
    return render_template("form_page.html", form=form, heading=gettext("Edit %(name)s",
                                                                        name=place.name),
                           submit=gettext("Save place"), cancel_url=url_for(".places"))
