"""Every page the app serves, read in French in Chromium, as the role that uses it: no
sentence, heading, button, hint or label is left in English.

What a person reads is the page's visible text and the attributes a screen reader or a
tooltip speaks (placeholder, aria-label, title, alt, a button's value). A string is English
when it holds English words French never uses ("the", "and", "with", "your"…), or when it is
word for word one of the catalogue's English strings whose French differs (a lone "Checked"
has no telltale word). The data the test itself stored (a device's model, an agreement's
title) is English on purpose and is named below, so that only the app's own words are judged;
text marked as another language (lang="en": an English wording) is that language on purpose,
and the audit log shows what was recorded as it was recorded (.recorded)."""
import re
from pathlib import Path

from babel.messages.pofile import read_po

from lending.extensions import db
from lending.models import Partner

from .. import factories
from ..test_access import MANAGER
from .test_accessibility import _pages

# Words of English prose that are not French words (nor names, codes or units the pages show).
ENGLISH = set("""the and of to is are with for this that from your you has have been will
not yet when which who what there here its be was were by all any each every into than
then only also after before about out more must can may should would could does did how why
where they them their his her our but if these those none nothing something some new add
edit save delete remove cancel back show print download search filter lend lent return
returned due overdue loan loans peer peers device devices kit kits waiting waitlist issue
issues count contract contracts partner partners report reports record recorded
one two days weeks month months since until yes no open closed start end first last""".split())
WORD = re.compile(r"[\w’'-]+")

# English the test data holds on purpose: records' own names, not the app's words.
DATA = re.compile(r"Device loan agreement|I will look after the kit and return it\.|"
                  r"Borrowing devices|Main office|Partner \d+|Contract \d+|\S+\.(csv|xlsx)\b|"
                  r"Serial No\.")

READ = """() => {
  const seen = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const box = node.parentElement;
    // Another language on purpose (an English text's wording) says so with lang.
    // What the audit log recorded is shown as recorded (.recorded).
    if (!box || box.closest(
        'script, style, code, pre, [hidden], [lang]:not([lang=fr]), .recorded')) continue;
    if (!box.checkVisibility()) continue;
    if (node.textContent.trim()) seen.push(node.textContent.trim());
  }
  for (const el of document.querySelectorAll(
      '[placeholder], [aria-label], [title], img[alt], input[type=submit], input[type=button]')) {
    for (const name of ['placeholder', 'aria-label', 'title', 'alt', 'value']) {
      const value = el.getAttribute(name);
      if (value && (name !== 'value' || el.type === 'submit' || el.type === 'button'))
        seen.push(value.trim());
    }
  }
  seen.push(document.title);
  return seen;
}"""


CATALOGUE = (Path(__file__).resolve().parents[2]
             / "lending/translations/fr/LC_MESSAGES/messages.po")


def _untranslated_if_shown():
    """The catalogue's English strings (without placeholders) that French always says
    otherwise (not "Active", which a SIM card is in French too)."""
    with CATALOGUE.open("rb") as po:
        messages = [m for m in read_po(po) if isinstance(m.id, str) and m.id]
    same = {m.id for m in messages if m.string == m.id}
    return {m.id for m in messages if "%(" not in m.id} - same


MSGIDS = _untranslated_if_shown()


def english(texts):
    """The strings among these that read as English."""
    found = []
    for text in texts:
        words = {word.lower() for word in WORD.findall(DATA.sub("", text))}
        if words & ENGLISH or text in MSGIDS:
            found.append(text)
    return found


def test_english_words_are_caught():
    """The detector itself: English is found, French and data are not."""
    assert english(["Lend a kit", "Nothing is due back today.", "Checked"]) == [
        "Lend a kit", "Nothing is due back today.", "Checked"]
    assert not english(["Prêter un équipement", "P-7KQ4MZH", "Device loan agreement",
                        "Samsung Galaxy Tab A8", "due_date", "IMEI 356938035643809"])


def _sign_in(page, user):
    """Sign in through the French form (its labels are French, so by field name)."""
    page.goto("/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def test_every_page_reads_in_french(app, browser, live_server, worker, people, objects):
    manager = people("manager")
    partner = db.session.get(Partner, objects["partner_id"])
    partner.language = "fr"  # a funder reads in their partner's language
    funder = people("funder", partner=partner)
    context = browser.new_context(base_url=live_server, locale="fr-CA")
    page = context.new_page()
    left = {}
    for user, roles in ((None, {"anonymous"}), (manager, MANAGER | {"staff"}),
                        (funder, {"funder"})):
        if user is not None:
            context.clear_cookies()
            _sign_in(page, user)
        urls = ["/"] if user else ["/login"]
        urls += [url for endpoint, url in _pages(app, objects, roles) if endpoint != "auth.login"]
        for url in urls:
            page.goto(url)
            assert page.evaluate("document.documentElement.lang") == "fr", url
            if found := english(page.evaluate(READ)):
                left[url] = found
    context.close()
    assert not left, "English left on French pages:\n" + "\n".join(
        f"{url}: {found}" for url, found in left.items())
