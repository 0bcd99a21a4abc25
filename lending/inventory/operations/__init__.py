"""The inventory's rules: devices (add, correct, reset, side paths), SIM card lines and data
plans, places, and imports from spreadsheets."""
from .devices import (
    add_device,
    allowed_status_changes,
    change_device_status,
    imei_problem,
    record_reset,
    update_device,
)
from .imports import import_batch_rows, keep_upload, record_check, record_unreadable
from .lines import (
    activate_sim,
    add_plan,
    add_sim,
    cancel_sim,
    end_plan,
    plan_dates_problem,
    reactivate_sim,
    record_line_use,
    renew_plan,
    suspend_sim,
    update_plan,
    update_sim,
)
from .places import add_place, update_place

__all__ = ["activate_sim", "add_device", "add_place", "add_plan", "add_sim",
           "allowed_status_changes", "cancel_sim", "change_device_status", "end_plan",
           "imei_problem", "import_batch_rows", "keep_upload", "plan_dates_problem",
           "reactivate_sim", "record_check", "record_line_use", "record_reset",
           "record_unreadable", "renew_plan", "suspend_sim", "update_device", "update_place",
           "update_plan", "update_sim"]
