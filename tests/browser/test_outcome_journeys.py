"""Outcomes in a real browser: a check-in asked at the counter, question by question."""
from lending.extensions import db
from lending.models import CheckIn

from .. import factories
from .conftest import sign_in


def test_staff_ask_the_check_in_at_lending_and_the_peer_declines_a_question(page, people):
    staff = people("staff")
    loan = factories.lend(factories.peer(), by=staff, device=factories.device("tablet",
                                                                               imei=None))
    db.session.commit()
    sign_in(page, staff)
    page.goto(f"/loans/{loan.id}")
    page.get_by_role("link", name="At lending: record it").click()
    groups = page.get_by_role("group", name="which virtual groups")
    groups.get_by_label("Phone line").check()
    groups.get_by_label("Training").check()
    page.get_by_role("group", name="How often did you join").get_by_label("Once").check()
    confidence = page.get_by_role("group", name="How confident")
    confidence.get_by_label("Prefers not to say").check()
    page.get_by_role("group", name="other needs").get_by_label("Groceries").check()
    page.get_by_role("button", name="Record check-in").click()
    page.get_by_text("Check-in recorded.").wait_for()
    assert "At lending: " in page.content()
    db.session.rollback()
    check_in = db.session.execute(db.select(CheckIn)).scalar_one()
    assert (check_in.stage, check_in.groups_joined, check_in.times_last_week,
            check_in.confidence, check_in.other_uses) == ("baseline", "phone_line,training",
                                                          "1", None, "groceries")
