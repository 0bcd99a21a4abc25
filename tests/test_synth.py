"""The synthetic program for benchmarks: bulk-written, yet as consistent as real lending."""
from collections import defaultdict
from datetime import timedelta

from lending.clock import local_today
from lending.extensions import db
from lending.models import CheckIn, Contract, Device, Loan, LoanItem, Peer
from lending.models.peers import is_valid_peer_code
from lending.reporting.metrics import Period, Scope, compute
from lending.reporting.outcomes import compute_outcomes, reach

from . import oracle, oracle_outcomes


def test_synth_writes_a_program_whose_loans_never_overlap(runner):
    result = runner.invoke(args=["synth", "--devices", "12", "--peers", "20", "--loans", "150"])
    assert result.exit_code == 0, result.output
    assert db.session.execute(db.select(db.func.count(Loan.id))).scalar_one() == 150
    by_device = defaultdict(list)
    for line, loan in db.session.execute(db.select(LoanItem, Loan).join(Loan)):
        by_device[line.device_id].append(loan)
        assert (line.closed_at is None) == (loan.returned_on is None)
    for device_id, loans in by_device.items():
        loans.sort(key=lambda loan: loan.lent_on)
        for earlier, later in zip(loans, loans[1:], strict=False):
            assert earlier.returned_on is not None and earlier.returned_on <= later.lent_on
        expected = {"active": "on_loan", "overdue": "on_loan", "lost": "lost"}.get(
            loans[-1].status, "available")
        assert db.session.get(Device, device_id).status == expected
    assert all(is_valid_peer_code(code) for code in db.session.execute(
        db.select(Peer.code)).scalars())


def test_the_report_figures_of_a_synthetic_program_match_the_plain_reading(runner):
    assert runner.invoke(args=["synth", "--devices", "10", "--peers", "15",
                               "--loans", "120"]).exit_code == 0
    today = local_today()
    period = Period(today - timedelta(days=200), today - timedelta(days=20))
    contract = db.session.execute(db.select(Contract).filter_by(reference="SYN-1-1")).scalar_one()
    for scope in (Scope.program(), Scope.contract(contract)):
        assert compute(period, scope) == oracle.figures(period.start, period.end,
                                                        scope.contract_ids)
        # Its check-ins, groups and group sessions too (so benchmarks read real outcomes).
        assert compute_outcomes(period, scope) == oracle_outcomes.outcomes(
            period.start, period.end, scope.contract_ids)
        assert reach(period, scope) == oracle_outcomes.reach(period.start, period.end,
                                                             scope.contract_ids)
    assert db.session.execute(db.select(db.func.count(CheckIn.id))).scalar_one() > 60


def test_synth_refuses_a_database_that_has_data(runner):
    assert runner.invoke(args=["synth", "--devices", "2", "--peers", "2",
                               "--loans", "4"]).exit_code == 0
    again = runner.invoke(args=["synth", "--devices", "2", "--peers", "2", "--loans", "4"])
    assert again.exit_code != 0 and "already has data" in again.output
