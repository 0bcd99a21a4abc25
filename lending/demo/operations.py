"""The one write of the demo package that no screen makes: noting in the audit log that a
synthetic program (benchmarks, `flask synth`) was written in bulk, around the operations."""
from ..audit.log import record


def note_synthetic_program(totals: dict, *, by):
    """Say in the audit log how many rows of each kind `flask synth` wrote."""
    record("synth", note=f"synthetic program: {totals}", by=by)
