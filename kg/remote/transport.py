"""One HTTP request to a remote store, with auth, retries and one-line errors.

- auth: ``--user``/``--password`` answer a digest or basic challenge (urllib's handlers),
  ``--token`` is sent as ``Authorization: Bearer``;
- retries with exponential backoff (0.5 s, 1 s, 2 s, ...) on connection errors and 5xx
  answers, never on 4xx (the same request would be refused again) nor on a timeout (the
  request may still be running there);
- errors: 401/403 -> :class:`~kg.errors.CredentialsRefused`, connection failure after the
  retries -> :class:`~kg.errors.HostUnreachable`, another 4xx ->
  :class:`~kg.errors.DataRejected` quoting the server's first line, 5xx after the retries
  -> :class:`~kg.errors.RemoteError`.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from kg.errors import CredentialsRefused, DataRejected, HostUnreachable, RemoteError

RETRIES = 4
BACKOFF = 0.5
TIMEOUT = 120


@dataclass(frozen=True)
class Auth:
    """Credentials: user + password (digest or basic, as the server asks), or a token."""

    user: str | None = None
    password: str | None = None
    token: str | None = None


def _opener(url: str, auth: Auth) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = []
    if auth.user is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, auth.user, auth.password or "")
        handlers += [urllib.request.HTTPDigestAuthHandler(passwords),
                     urllib.request.HTTPBasicAuthHandler(passwords)]
    return urllib.request.build_opener(*handlers)


def _server_message(body: bytes) -> str:
    text = re.sub(r"<[^>]+>", " ", body.decode("utf-8", "replace"))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (" ".join(lines[:3]) or "no message")[:300]


def request(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None,
            auth: Auth | None = None, retries: int = RETRIES, backoff: float = BACKOFF,
            timeout: float = TIMEOUT) -> bytes:
    """Send one request and return the answer's body; the errors of the module doc."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise RemoteError(f"{url}: not an http(s) URL")
    headers = dict(headers or {})
    auth = auth or Auth()
    if auth.token:
        headers["Authorization"] = f"Bearer {auth.token}"
    opener = _opener(url, auth)
    host = urlsplit(url).netloc
    for attempt in range(retries + 1):
        req = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with opener.open(req, timeout=timeout) as answer:
                return answer.read()
        except urllib.error.HTTPError as err:
            message = _server_message(err.read() or b"")
            if err.code in (401, 403):
                what = "refused the credentials" if err.code == 401 else "refused access (403)"
                raise CredentialsRefused(
                    f"{host} {what} for {method} {urlsplit(url).path}; check --user/--password or --token"
                ) from None
            if err.code < 500:
                raise DataRejected(f"{host} rejected {method} {urlsplit(url).path} "
                                   f"(HTTP {err.code}): {message}") from None
            failure: Exception = RemoteError(f"{host} failed on {method} {urlsplit(url).path} "
                                             f"(HTTP {err.code}) after {attempt + 1} tries: {message}")
        except TimeoutError:
            # A request that timed out may still be running there: sending it again would not help.
            raise RemoteError(f"{host} did not answer {method} {urlsplit(url).path} within {timeout} s") from None
        except (urllib.error.URLError, ConnectionError) as err:
            if isinstance(getattr(err, "reason", None), TimeoutError):
                raise RemoteError(f"{host} did not answer {method} {urlsplit(url).path} within {timeout} s") from None
            reason = getattr(err, "reason", err)
            failure = HostUnreachable(f"{host} is unreachable ({reason}) after {attempt + 1} tries; "
                                      "is the server running and the URL right?")
        except ValueError as err:       # urllib's digest handler on an unknown auth scheme
            raise CredentialsRefused(f"{host}: {err}") from None
        if attempt < retries:
            time.sleep(backoff * 2 ** attempt)
    raise failure
