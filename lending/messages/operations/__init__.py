"""Every change to messages and text consents (the modules say which part), re-exported here.

A text is only ever queued for a peer who agreed to texts, to their own number or the line lent
to them, in their language; automatic ones at most once a day per peer; none goes to a line
that is suspended or cancelled, and none in the quiet hours (it waits for the morning).
"""
from .consent import destination, record_text_consent, text_consent_problem
from .outbox import (
    claim,
    deliver,
    due_to_send,
    give_up_lost_sends,
    next_sending_time,
    queue_email,
    queue_text,
)
from .replies import keyword, record_delivery, record_reply
from .wording import save_wording

__all__ = ["claim", "deliver", "destination", "due_to_send", "give_up_lost_sends", "keyword",
           "next_sending_time", "queue_email", "queue_text", "record_delivery", "record_reply",
           "record_text_consent", "save_wording", "text_consent_problem"]
