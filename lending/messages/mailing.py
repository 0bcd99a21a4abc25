"""Email through the SMTP server of MAIL_SERVER (Flask-Mailman). As with texts, an email is
tried again only when the server certainly did not take it (no connection); one it may have
taken, or refused, is not."""
import smtplib

from flask import current_app
from flask_mailman import EmailMessage

from ..extensions import mail
from .texting import NotSent


def configured() -> bool:
    """Whether a mail server is set up."""
    return bool(current_app.config["MAIL_SERVER"])


def send(to: str, subject: str, body: str):
    """Send one email. Raises NotSent."""
    config = current_app.config
    try:  # the settings as they are now (Flask-Mailman reads them once, at start)
        connection = mail.get_connection(
            host=config["MAIL_SERVER"], port=int(config["MAIL_PORT"]),
            username=config["MAIL_USERNAME"], password=config["MAIL_PASSWORD"],
            use_tls=bool(config["MAIL_USE_TLS"]), use_ssl=bool(config["MAIL_USE_SSL"]),
            timeout=config["MAIL_TIMEOUT"])
        EmailMessage(subject, body, from_email=config["MAIL_DEFAULT_SENDER"], to=[to],
                     connection=connection).send()
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as refused:
        raise NotSent(f"The mail server refused it: {refused}", again=False) from refused
    except smtplib.SMTPConnectError as lost:
        raise NotSent("The mail server would not take a connection.", again=True) from lost
    except smtplib.SMTPServerDisconnected as lost:
        raise NotSent("The mail server hung up and may have taken it: check its log before "
                      "sending again.", again=False) from lost
    except smtplib.SMTPException as refused:
        raise NotSent(f"The mail server refused it: {refused}", again=False) from refused
    except ConnectionRefusedError as lost:
        raise NotSent("The mail server could not be reached.", again=True) from lost
    except OSError as lost:
        raise NotSent(f"The mail server could not be reached ({lost}).", again=True) from lost
