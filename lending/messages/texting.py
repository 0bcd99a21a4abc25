"""Texts through Twilio's Messages API (the official `twilio` library; TWILIO_API_BASE points
it at a compatible gateway, or at the tests' stand-in), and the signature Twilio puts on its
callbacks.

What a failed send means decides whether it may be tried again, since a text must never go
twice: only when the provider certainly did not take it (no connection, or it said it was too
busy) is it tried again; when it may have taken it (no answer in time, a server error), the
message is marked failed with what to check.
"""
from flask import current_app
from requests.exceptions import ConnectionError, ConnectTimeout, ReadTimeout
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client
from urllib3.exceptions import NewConnectionError

BUSY = {429, 503}  # the provider did not take the message, and says to come back later


class NotSent(Exception):
    """A text that was not sent, with what a person should know; `again`: whether it may
    safely be tried again later."""

    def __init__(self, reason: str, again: bool):
        super().__init__(reason)
        self.again = again


def configured() -> bool:
    """Whether an account to send from is set up."""
    config = current_app.config
    return bool(config["TWILIO_ACCOUNT_SID"] and config["TWILIO_AUTH_TOKEN"] and (
        config["TWILIO_FROM_NUMBER"] or config["TWILIO_MESSAGING_SERVICE_SID"]))


def _never_reached(error: Exception) -> bool:
    """Whether a connection error happened before the request could reach the provider."""
    seen = error
    while seen is not None:
        if isinstance(seen, (ConnectTimeout, NewConnectionError)):
            return True
        inner = [arg for arg in getattr(seen, "args", ()) if isinstance(arg, Exception)]
        seen = getattr(seen, "reason", None) or (inner[0] if inner else seen.__context__)
    return False


def send(to: str, body: str) -> str:
    """Send one text; its id at the provider. Raises NotSent."""
    config = current_app.config
    client = Client(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"],
                    http_client=TwilioHttpClient(timeout=config["TWILIO_TIMEOUT_SECONDS"]))
    client.api.base_url = config["TWILIO_API_BASE"]
    service = config["TWILIO_MESSAGING_SERVICE_SID"]
    sender = {"messaging_service_sid": service} if service else {
        "from_": config["TWILIO_FROM_NUMBER"]}
    callback = config["BASE_URL"].rstrip("/") + "/sms/status"
    try:
        return client.messages.create(to=to, body=body, status_callback=callback, **sender).sid
    except TwilioRestException as refused:
        if refused.status in BUSY:
            raise NotSent(f"The provider was busy ({refused.status}).", again=True) from refused
        if refused.status >= 500:
            raise NotSent(f"The provider failed ({refused.status}) and may have sent it: check "
                          "its message log before sending again.", again=False) from refused
        raise NotSent(f"The provider refused it: {refused.msg} (code {refused.code}).",
                      again=False) from refused
    except ReadTimeout as lost:
        raise NotSent("The provider did not answer in time and may have sent it: check its "
                      "message log before sending again.", again=False) from lost
    except ConnectionError as lost:
        if _never_reached(lost):
            raise NotSent("The provider could not be reached.", again=True) from lost
        raise NotSent("The connection to the provider broke and it may have sent it: check "
                      "its message log before sending again.", again=False) from lost


def signed_by_twilio(url: str, form: dict, signature: str) -> bool:
    """Whether a callback carries Twilio's signature for this address and form."""
    token = current_app.config["TWILIO_AUTH_TOKEN"]
    return bool(token and signature) and RequestValidator(token).validate(url, form, signature)
