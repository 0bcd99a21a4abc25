"""Searches kept in the signed-in user's session, each under a random token that the list's
URL carries instead of the words. The session cookie is signed, HttpOnly, Secure over HTTPS
and ends with the browser, an idle spell or sign-out (auth/session.py); no log records it."""
import secrets

from flask import session

KEPT = 8  # recent searches kept per session (back and forward between them still work)
MAX_LENGTH = 100


def remember_search(words: str) -> str:
    """Keep a search in the session; the token that stands for it."""
    token = secrets.token_urlsafe(6)
    # A list of pairs, oldest first: the session's JSON sorts a dict's keys.
    session["searches"] = [*session.get("searches", []), [token, words[:MAX_LENGTH]]][-KEPT:]
    return token


def remembered_search(token: str) -> str | None:
    """The words a token stands for: "" for no token, None for one this session no longer
    holds (it expired with its session, or was pushed out by later searches)."""
    if not token:
        return ""
    return next((words for kept, words in session.get("searches", []) if kept == token), None)
