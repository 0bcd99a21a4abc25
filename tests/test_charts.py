"""Charts on the dashboard, contract page and funder portal: drawn by the server as SVG (no
script, no inline style), with their numbers in a table screen readers read."""
import re

from lending.clock import local_today
from lending.extensions import db
from lending.reporting.charts import bar_chart, month_label

from . import factories


def _chart_rows(page: str, title: str) -> dict[str, str]:
    """The accessible table behind the chart with this title: {label: value}."""
    table = re.search(rf"<caption>{re.escape(title)}</caption>(.*?)</table>", page, re.S)
    assert table, f"no chart titled {title!r}"
    return dict(re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', table[1]))


def test_bars_are_as_tall_as_their_counts_on_whole_number_ticks():
    chart = bar_chart("Loans", [("Jan", 2), ("Feb", 8), ("Mar", 0)])
    jan, feb, mar = chart.bars
    assert feb.height == 4 * jan.height and mar.height == 0
    assert jan.y + jan.height == feb.y + feb.height == chart.baseline  # all stand on the axis
    assert [value for value, _ in chart.ticks] == [0, 2, 4, 6, 8]
    assert all(bar.x + bar.width <= chart.width for bar in chart.bars)
    assert not chart.empty and bar_chart("None", [("Jan", 0)]).empty


def test_the_manager_dashboard_charts_loans_per_month_and_devices_by_status(client, auth):
    manager = auth.login("manager")
    factories.lend(factories.peer(), by=manager, device=factories.device("tablet", imei=None))
    factories.device("phone", status="lost")
    factories.device("phone")
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    loans = _chart_rows(page, "Loans started per month")
    assert len(loans) == 12 and loans[month_label(f"{local_today():%Y-%m}")] == "1"
    assert sum(map(int, loans.values())) == 1
    devices = _chart_rows(page, "Devices by status today")
    assert (devices["On loan"], devices["Available"], devices["Lost"]) == ("1", "1", "1")
    assert page.count('class="chart-bar"') == 12 + len(devices)
    assert "style=" not in page and "<script>" not in page  # the CSP allows neither inline


def test_staff_dashboards_have_no_charts(client, auth):
    auth.login("staff")
    assert "chart-svg" not in client.get("/").get_data(as_text=True)


def test_contract_and_portal_charts_count_only_the_contracts_items(client, auth):
    staff = factories.user("staff")
    contract = factories.contract()
    factories.lend(factories.peer(), by=staff,
                   device=factories.device("tablet", imei=None, contract=contract))
    factories.lend(factories.peer(), by=staff, device=factories.device("tablet", imei=None))
    db.session.commit()
    for role, url in (("manager", f"/contracts/{contract.id}"),
                      ("funder", f"/portal/contracts/{contract.id}")):
        auth.login(role, partner=contract.partner if role == "funder" else None)
        page = client.get(url).get_data(as_text=True)
        months = [count for count in _chart_rows(page, "Loans started per month").values()
                  if count != "0"]
        # The funder's one loan would count its one peer: withheld, and drawn as no bar.
        assert months == (["1"] if role == "manager" else ["withheld"])
        assert _chart_rows(page, "Devices by status today")["On loan"] == "1"
        auth.logout()
    assert '>withheld</text>' in page and 'height="0.0"' in page


def test_a_chart_with_nothing_to_show_says_so(client, auth):
    auth.login("manager")
    page = client.get("/").get_data(as_text=True)
    assert page.count("Nothing to show yet.") == 2 and "chart-svg" not in page
