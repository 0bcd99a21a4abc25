"""An HTTP client for the API that sends a personal access token, as a script would."""
from lending.api.operations import create_token
from lending.extensions import db


class ApiClient:
    """The test client, sending `Authorization: Bearer` with a token of `user`'s."""

    def __init__(self, client, user, *, scope="write", name="Script"):
        self.client, self.user = client, user
        self.token, self.secret = create_token(user, name=name, scope=scope, by=user)
        db.session.commit()

    def headers(self, extra=None) -> dict:
        """The token, and any other headers."""
        return {"Authorization": f"Bearer {self.secret}", **(extra or {})}

    def get(self, url, headers=None, **kwargs):
        return self.client.get(url, headers=self.headers(headers), **kwargs)

    def post(self, url, json=None, headers=None, **kwargs):
        return self.client.post(url, json=json if json is not None else {},
                                headers=self.headers(headers), **kwargs)
