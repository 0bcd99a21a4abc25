"""Importing inventory through its screens and its command: check, then import, and every
way that can go wrong on the way."""
import io

import pytest
from openpyxl import load_workbook

from lending.extensions import db
from lending.inventory.importing import check_file
from lending.inventory.operations import add_place
from lending.models import DataPlan, Device, ImportBatch, SimCard

from . import factories
from .conftest import wait_for
from .sheets import LIMIT, count, csv_file, problems


@pytest.fixture
def manager(auth):
    """A signed-in manager."""
    return auth.login("manager")


def _upload(client, kind, data, name="inventory.csv"):
    """Post a file to the import page."""
    return client.post("/imports", data={"kind": kind, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _job(response):
    """The job a page started, once a worker has done it."""
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    return wait_for(int(response.headers["Location"].rsplit("/", 1)[1]))


def _checked(client, kind, data, name="inventory.csv"):
    """Upload a file, let the worker check it, and open what the check found: (batch id,
    page)."""
    job = _job(_upload(client, kind, data, name))
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "See what the check found" in page
    batch_id = job.params["batch_id"]
    return batch_id, client.get(f"/imports/{batch_id}").get_data(as_text=True)


def test_a_manager_checks_then_imports_a_file_from_the_web(client, manager, worker):
    data = csv_file("Kind,Make,Model,Serial,Colour\ntablet,Lenovo,Tab M10,S-1,red\n"
                    "tablet,Lenovo,Tab M10,S-2,blue\n")
    batch_id, page = _checked(client, "devices", data)
    assert "All 2 rows check out. Nothing has been saved yet." in page
    assert "Colour" in page and count(Device) == 0  # ignored column shown; nothing written
    done = _job(client.post(f"/imports/{batch_id}/run"))
    assert done.message == "Imported 2 devices from inventory.csv."
    batch = db.session.get(ImportBatch, batch_id)
    assert count(Device) == 2 and batch.status == "imported" and batch.data is None
    again = client.post(f"/imports/{batch_id}/run", follow_redirects=True)
    assert "already imported" in again.get_data(as_text=True) and count(Device) == 2


def test_a_kept_check_is_read_not_done_again_on_every_view(client, manager, worker,
                                                            monkeypatch):
    batch_id, _page = _checked(client, "devices",
                               csv_file("Kind,Make,Model,Serial\ntablet,Lenovo,M10,S-1\n"))
    from lending.inventory import importing

    def no_checking(*args):
        raise AssertionError("the page checked the file again")
    monkeypatch.setattr(importing, "check_file", no_checking)
    assert "All 1 rows check out" in client.get(f"/imports/{batch_id}").get_data(as_text=True)


def test_the_templates_example_row_kept_in_a_real_file_is_left_out(client, manager, worker):
    factories.contract(reference="CWF-2026-01")  # the example names it
    db.session.commit()
    template = client.get("/imports/template/devices.csv").data.decode("utf-8-sig")
    data = (template + "tablet,Lenovo,Tab M10,REAL-1,,,,,,,\n").encode()
    batch_id, page = _checked(client, "devices", data)
    assert "Row 2 is the template's example, unchanged; it is left out" in page
    _job(client.post(f"/imports/{batch_id}/run"))
    assert [d.serial for d in db.session.execute(db.select(Device)).scalars()] == ["REAL-1"]


def test_the_web_check_lists_problems_and_the_import_refuses_to_run(client, manager, worker):
    batch_id, page = _checked(client, "sims", csv_file("ICCID,Carrier\n8901,Maple\n"))
    assert "1 problem found" in page and "An ICCID has 19 or 20 digits" in page
    job = _job(client.post(f"/imports/{batch_id}/run"))
    assert job.state == "failed" and "Nothing was imported" in job.message
    assert "See the import" in client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert count(SimCard) == 0


def test_an_unreadable_upload_is_explained_on_the_form_and_nothing_is_kept(client, manager):
    page = _upload(client, "devices", b"%PDF-1.4\x00", "devices.xlsx").get_data(as_text=True)
    assert "This is not a spreadsheet" in page
    assert count(ImportBatch) == 0


def test_a_workbook_damaged_inside_is_explained_by_its_check(client, manager, worker):
    import zipfile
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:  # a workbook's shape, not its contents
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not xml at all")
    job = _job(_upload(client, "devices", damaged.getvalue(), "devices.xlsx"))
    assert "damaged" in job.message
    batch = db.session.get(ImportBatch, job.params["batch_id"])
    assert batch.status == "unreadable" and batch.data is None
    assert "damaged" in client.get(f"/imports/{batch.id}").get_data(as_text=True)


def test_a_file_imported_by_someone_else_meanwhile_is_caught_at_import(client, manager,
                                                                        worker):
    data = csv_file("Kind,Make,Model,Serial\ntablet,Lenovo,Tab M10,S-1\n")
    first, _page = _checked(client, "devices", data)
    second, _page = _checked(client, "devices", data)
    _job(client.post(f"/imports/{first}/run"))
    job = _job(client.post(f"/imports/{second}/run"))
    assert job.state == "failed" and "Nothing was imported" in job.message
    assert "S-1 is already in the program" in client.get(f"/imports/{second}").get_data(
        as_text=True)  # its check, done again at import, lists why
    assert count(Device) == 1


@pytest.mark.parametrize("kind", ["devices", "sims", "plans"])
def test_each_template_downloads_with_headings_and_an_example_that_checks_out(
        client, manager, kind):
    factories.contract(reference="CWF-2026-01")  # the examples name it
    add_place("Main office", by=None)
    db.session.commit()
    response = client.get(f"/imports/template/{kind}.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    # The example row, left as it is, is never imported as a real item.
    check = check_file(kind, response.data, LIMIT)
    assert check.example_row == 2 and check.rows == [] and not check.ok
    assert problems(check) == [(None, "", "The only row is the template's example, which is "
                                          "never imported; add your own rows below it.")]
    csv_response = client.get(f"/imports/template/{kind}.csv")
    assert csv_response.mimetype == "text/csv"
    assert check_file(kind, csv_response.data, LIMIT).example_row == 2
    # It shows a valid row: edited into a real item, it checks out.
    text = csv_response.data.decode("utf-8-sig")
    example = {"devices": "Samsung", "sims": "Maple Mobile", "plans": "Maple Mobile"}[kind]
    edited = check_file(kind, text.replace(example, example + " Canada").encode(), LIMIT)
    assert problems(edited) == [] and len(edited.rows) == 1 and edited.example_row is None


def test_the_import_command_reports_problems_and_exits_non_zero(runner, tmp_path):
    path = tmp_path / "sims.csv"
    path.write_text("ICCID,Carrier,Notes\n8901,Maple,x\n")
    result = runner.invoke(args=["import", str(path), "--kind", "sims"])
    assert result.exit_code != 0
    assert "Row 2, ICCID: An ICCID has 19 or 20 digits" in result.output
    assert "Columns ignored: Notes" in result.output and count(SimCard) == 0


def test_the_import_command_dry_runs_then_imports(runner, tmp_path):
    path = tmp_path / "plans.csv"
    path.write_text("Carrier,Plan name,Monthly data (GB),Monthly cost,Start date\n"
                    "Maple,Connect 5,5,25,2026-01-15\n")
    dry = runner.invoke(args=["import", str(path), "--kind", "plans", "--dry-run"])
    assert dry.exit_code == 0 and "1 data plans would be imported" in dry.output
    assert count(DataPlan) == 0
    real = runner.invoke(args=["import", str(path), "--kind", "plans"])
    assert real.exit_code == 0 and count(DataPlan) == 1
    assert db.session.execute(db.select(ImportBatch)).scalar_one().imported_count == 1
