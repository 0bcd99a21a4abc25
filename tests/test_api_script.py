"""The ten-line script of docs/api.md lends and returns a kit through the API of a running
server, as a manager's script would (the block is read from the guide, so it stays true)."""
import os
import re
import subprocess
import sys

from lending.extensions import db
from lending.models import AuditEntry, Loan

from . import factories
from .api_client import ApiClient

GUIDE = os.path.join(os.path.dirname(__file__), "..", "docs", "api.md")


def _script() -> str:
    with open(GUIDE, encoding="utf-8") as guide:
        return re.search(r"```python\n(.*?)```", guide.read(), re.S).group(1)


def test_the_guide_s_ten_line_script_lends_and_returns_a_kit(client, live_server):
    script = _script()
    assert len(script.strip().splitlines()) == 10
    factories.agreement()
    peer, device = factories.peer(), factories.device()
    api = ApiClient(client, factories.user("manager"), name="Ten lines")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "LB_URL": live_server,
                                           "LB_TOKEN": api.secret, "LB_PEER": peer.code})
    assert done.returncode == 0, done.stderr
    loan = db.session.execute(db.select(Loan)).scalar_one()
    assert done.stdout.strip() == f"loan {loan.id}: returned"
    assert (loan.peer, loan.device, loan.status) == (peer, device, "returned")
    assert {via for (via,) in db.session.execute(db.select(AuditEntry.via).where(
        AuditEntry.object_type == "loan"))} == {"API token: Ten lines"}
