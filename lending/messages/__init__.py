"""Messages to peers (texts) and to the people of the program (email): the outbox, consents,
wording, and the provider's callbacks."""
from flask import Blueprint

bp = Blueprint("messages", __name__)
