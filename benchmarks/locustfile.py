"""Staff at work, for the load benchmark (benchmarks/load.py runs it): reading lists and
pages, lending kits, recording returns, and resetting returned devices, all through the same
forms a browser posts (CSRF tokens included)."""
import random
import re

from locust import HttpUser, between, task

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" type="hidden" value="([^"]+)"')
READS = ["/", "/loans", "/loans?status=open", "/devices", "/devices?status=available",
         "/peers", "/issues", "/waitlist", "/sims", "/plans"]
# Outcomes the lending rules give when two people race for the same item: not errors.
RULE_MESSAGES = ("a moment ago", "is not available", "already", "was lent", "not free",
                 "awaiting", "on loan", "Choose at least one item")


def _token(page: str) -> str:
    """The page's CSRF token."""
    return TOKEN.search(page).group(1)


class StaffMember(HttpUser):
    """One member of staff, signed in, doing a day's work quickly."""

    wait_time = between(0.05, 0.3)

    def on_start(self):
        """Sign in as one of the accounts the load script created."""
        email = f"load{random.randrange(self.environment.parsed_options.num_users or 10)}" \
                "@example.org"
        page = self.client.get("/login").text
        self.client.post("/login", {"email": email, "password": "load test pass phrase 42",
                                    "csrf_token": _token(page)}, name="/login")

    @task(10)
    def read(self):
        """A list or the dashboard."""
        self.client.get(random.choice(READS), name="read a list")

    @task(3)
    def lend(self):
        """Lend an available device to a peer with no kit out."""
        peers = re.findall(r'href="/peers/\d+">(P-[A-Z0-9]{7})</a>',
                           self.client.get("/peers?loans=no", name="read a list").text)
        page = self.client.get("/loans/new", name="/loans/new").text
        devices = re.findall(r'<option value="(\d+)">[^<]*· (?:Phone|Tablet|Laptop|Hotspot)',
                             page)
        if not peers or not devices:
            return
        with self.client.post("/loans/new", {
                "peer_code": random.choice(peers), "device_id": random.choice(devices),
                "sim_id": "0", "plan_id": "0", "acceptance": "paper", "witness_id": "0",
                "csrf_token": _token(page), "form_token": FORM_TOKEN.search(page).group(1)},
                name="lend", catch_response=True, allow_redirects=False) as response:
            _judge(response)

    @task(3)
    def receive(self):
        """Record the return of an open loan."""
        loans = re.findall(r'href="/loans/(\d+)">#',
                           self.client.get("/loans?status=open", name="read a list").text)
        if not loans:
            return
        loan = random.choice(loans)
        page = self.client.get(f"/loans/{loan}/return", name="/loans/[id]/return").text
        if "csrf_token" not in page:
            return
        with self.client.post(f"/loans/{loan}/return", {
                "condition": "good", "accessories_back": "charger",
                "csrf_token": _token(page)}, name="return", catch_response=True,
                allow_redirects=False) as response:
            _judge(response)

    @task(2)
    def reset(self):
        """Record the wipe and reset of a returned device."""
        devices = re.findall(r'href="/devices/(\d+)"',
                             self.client.get("/devices?status=awaiting_reset",
                                             name="read a list").text)
        if not devices:
            return
        device = random.choice(devices)
        page = self.client.get(f"/devices/{device}", name="/devices/[id]").text
        if "/reset" not in page:
            return
        with self.client.post(f"/devices/{device}/reset", {"note": "",
                                                           "csrf_token": _token(page)},
                              name="reset", catch_response=True,
                              allow_redirects=False) as response:
            _judge(response)


def _judge(response):
    """A redirect is done; a page back must be a rule's explanation, never an error."""
    if response.status_code == 302:
        response.success()
    elif response.status_code == 200 and any(m in response.text for m in RULE_MESSAGES):
        response.success()
    else:
        response.failure(f"{response.status_code}: {response.text[:200]}")
