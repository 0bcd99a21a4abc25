"""Every change to outcomes (priority groups, check-ins, group sessions, contracts' targets),
re-exported here. Answers and groups are personal: the audit log says they changed, never
what they are."""
from .checkins import record_check_in, save_check_in_version
from .groups import add_usual_groups, record_priority_groups, save_priority_group
from .sessions import log_group_session
from .targets import set_outcome_targets

__all__ = ["add_usual_groups", "log_group_session", "record_check_in", "record_priority_groups",
           "save_check_in_version", "save_priority_group", "set_outcome_targets"]
