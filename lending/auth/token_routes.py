"""A person's API tokens: made on their account, shown once, revoked there."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..api.operations import create_token, revoke_token
from ..clock import utcnow
from ..extensions import db
from ..lookup import get_or_404, signed_in_user
from ..models import ApiToken
from ..permissions import allow
from ..refusals import RuleError
from . import bp
from .forms import TokenForm


def _tokens(user):
    """The person's tokens, newest first."""
    return db.session.execute(db.select(ApiToken).where(ApiToken.user_id == user.id)
                              .order_by(ApiToken.created_at.desc())).scalars().all()


@bp.route("/account/tokens", methods=["GET", "POST"])
@allow("manager", "staff", "funder")
def tokens():
    """Your tokens, and a new one (its secret shown on this answer only, never again)."""
    user = signed_in_user()
    form, made = TokenForm(), {}

    def make():
        token, made["secret"] = create_token(user, name=form.name.data, scope=form.scope.data,
                                             days=form.days.data, by=user,
                                             form_token=form.form_token.data)
        return token
    if form.validate_on_submit():
        try:
            _token, created = form.save_once(ApiToken, make)
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            if not created:
                flash(_("That token was already made, and its secret shown then. If you did "
                        "not copy it, revoke it and make another."), "info")
                return redirect(url_for(".tokens"))
            form = TokenForm(formdata=None)
    return render_template("auth/tokens.html", form=form, tokens=_tokens(user),
                           secret=made.get("secret"), now=utcnow())


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@allow("manager", "staff", "funder")
def revoke(token_id):
    """End one of your tokens now."""
    user = signed_in_user()
    token = get_or_404(ApiToken, token_id)
    if token.user_id != user.id:
        abort(404)  # another person's tokens cannot even be probed
    if revoke_token(token, by=user):
        db.session.commit()
        flash(_("Token “%(name)s” revoked: it no longer works.", name=token.name), "success")
    return redirect(url_for(".tokens"))
