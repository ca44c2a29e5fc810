"""Fetch one page over HTTP(S) for capture: one deadline for all of it, http and https only, pages only.

`fetch()` makes one attempt: the connection, every redirect, the headers and the body together get
`timeout` seconds (a server trickling its answer byte by byte is cut off at the deadline). Each
redirect must lead to an http or https URL. An answer that is not HTML or text (an image, JSON) is
refused by its type, before its body is read. `redact()` gives a URL as it may be written or printed:
without user name, password or secret-looking query parameters.
"""
from __future__ import annotations

import base64
import http.client
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote, unquote, unquote_plus, urljoin, urlsplit, urlunsplit

from .snapshots import MAX_FILE_BYTES

SCHEMES = ("http", "https")
"""The only URL schemes fetched, at the start and at every redirect."""
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
"""Content types a snapshot can be saved from; any other answer is refused."""
REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5
"""More redirects than this in one attempt is a loop, not a page."""
CHUNK = 64 * 1024
"""Bytes read at a time, so the deadline is checked as the body comes."""
SNIFF_BYTES = 8192
"""Bytes of the body checked for NUL bytes: a binary file sent as text is refused."""
SECRET_WORDS = frozenset({"token", "key", "apikey", "sig", "signature", "password", "passwd", "pwd", "auth",
                          "secret", "credential", "credentials"})
"""A query parameter whose name is, or has a part (between `-`, `_`, `.`) that is, one of these is a secret."""
HOST = re.compile(r"[\w.:-]+")
"""A host name (international ones included) or an IP address; anything else is a malformed URL."""
SAFE_URL_CHARS = "/?#[]@!$&'()*+,;=%:~"
"""Characters left as they are when a URL's path and query are percent-encoded for the request."""


class FetchError(Exception):
    """One attempt failed: why, the HTTP status if one came, and whether trying again may help."""

    def __init__(self, reason: str, status: int | None = None, retry: bool = False):
        super().__init__(reason)
        self.reason, self.status, self.retry = reason, status, retry


@dataclass(frozen=True)
class Answer:
    """What the server answered, after redirects."""

    status: int
    """200-299, or 304 (not modified)."""
    body: bytes
    """The page, as sent (empty for a 304)."""
    etag: str | None
    """Its ETag header, if any."""
    last_modified: str | None
    """Its Last-Modified header, if any."""
    content_type: str
    """Its media type, lower case, without parameters ('' for a 304)."""
    final_url: str
    """The URL that answered (the asked one when there was no redirect)."""


def is_secret(name: str) -> bool:
    """Whether a query parameter's name says it carries a credential (`token`, `api_key`, `X-Amz-Signature`…)."""
    name = name.strip().lower()
    return name in SECRET_WORDS or any(part in SECRET_WORDS for part in re.split(r"[-_.]", name))


def redact(url: str) -> str:
    """The URL without user name and password, and without query parameters that carry secrets."""
    try:
        parts = urlsplit(url)
        host = parts.netloc.rpartition("@")[2]
    except ValueError:  # not even parseable: cut everything that could hold a secret
        return re.sub(r"//[^/?#]*@", "//", url).split("?", 1)[0].split("#", 1)[0]
    kept = [p for p in parts.query.split("&") if p and not is_secret(unquote_plus(p.split("=", 1)[0]))]
    return urlunsplit((parts.scheme, host, parts.path, "&".join(kept), parts.fragment))


def secrets(url: str) -> list[str]:
    """The secret values a URL holds (its password and secret parameters), to keep out of messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    values = [parts.password, parts.username if parts.password is None else None]
    for pair in parts.query.split("&"):
        name, _, value = pair.partition("=")
        if is_secret(unquote_plus(name)):
            values += [value, unquote_plus(value)]
    return [v for v in values if v]


def scrub(text: str, url: str) -> str:
    """A message with the URL's secret values blanked out."""
    for value in sorted(secrets(url), key=len, reverse=True):
        text = text.replace(value, "***")
    return text


class Deadline:
    """Seconds left for one attempt; when they run out, the connection in use is shut down."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self.connection: http.client.HTTPConnection | None = None
        self.sock: socket.socket | None = None
        """The connection's socket, kept: a response that closes the connection still reads from it."""
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True

    def left(self) -> float:
        """Seconds left; TimeoutError when there are none."""
        left = self.end - time.monotonic()
        if left <= 0 or self.expired:
            self.expired = True
            raise TimeoutError(f"timed out after {self.seconds:g}s")
        return left

    def use(self, connection: http.client.HTTPConnection) -> None:
        """Connect, and watch this connection from now on (closing the one before)."""
        if self.connection is not None:
            self.connection.close()
        self.connection = connection
        connection.connect()
        self.sock = connection.sock

    def wait_at_most(self) -> None:
        """Let the next read wait no longer than the time left."""
        self.sock.settimeout(self.left())

    def _expire(self) -> None:
        self.expired = True
        if self.sock is not None:
            try:
                socket.socket.shutdown(self.sock, socket.SHUT_RDWR)  # wakes a read blocked on a trickling server
            except OSError:
                pass  # already closed


def fetch(url: str, headers: dict[str, str], timeout: float) -> Answer:
    """One attempt at the page, redirects followed; FetchError (or TimeoutError, OSError) when it fails."""
    deadline = Deadline(timeout)
    deadline.timer.start()
    try:
        for _ in range(MAX_REDIRECTS + 1):
            answer = _request(url, headers, deadline)
            if isinstance(answer, Answer):
                return answer
            url = answer
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")
    except (OSError, http.client.HTTPException) as e:
        if deadline.expired:
            raise TimeoutError(f"timed out after {timeout:g}s") from e
        raise
    finally:
        deadline.timer.cancel()
        if deadline.connection is not None:
            deadline.connection.close()


def problem(url: str) -> str | None:
    """Why a URL cannot be fetched (not http or https, no host, a malformed host or port), or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (ValueError for a port out of range)
    except ValueError as e:
        return f"bad URL: {e}"
    if parts.scheme not in SCHEMES or not parts.hostname:
        return "not an http(s) URL"
    if not HOST.fullmatch(parts.hostname):
        return "bad URL: the host name holds characters no host name has"
    return None


def _connection(parts, deadline: Deadline) -> http.client.HTTPConnection:
    port = parts.port
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    extra = {"context": ssl.create_default_context()} if parts.scheme == "https" else {}
    return kind(parts.hostname, port, timeout=deadline.left(), **extra)


def _request(url: str, headers: dict[str, str], deadline: Deadline) -> Answer | str:
    """The answer to one request, or the URL a redirect points to."""
    if problem(url):
        raise FetchError(problem(url))
    parts = urlsplit(url)
    deadline.use(_connection(parts, deadline))
    target = quote(parts.path or "/", safe=SAFE_URL_CHARS) + (f"?{quote(parts.query, safe=SAFE_URL_CHARS)}"
                                                             if parts.query else "")
    sent = dict(headers)
    if parts.username is not None:
        login = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        sent["Authorization"] = "Basic " + base64.b64encode(login).decode()
    deadline.wait_at_most()
    deadline.connection.request("GET", target, headers=sent)
    response = deadline.connection.getresponse()
    status = response.status
    if status in REDIRECTS and response.getheader("Location"):
        location = urljoin(url, response.getheader("Location").strip())
        if urlsplit(location).scheme.lower() not in SCHEMES:
            raise FetchError(f"redirected to a {urlsplit(location).scheme or 'schemeless'}: URL; only http and "
                             "https are followed", status)
        return location
    etag, modified = response.getheader("ETag"), response.getheader("Last-Modified")
    if status == 304:
        return Answer(304, b"", etag, modified, "", url)
    if not 200 <= status < 300:
        raise FetchError(f"HTTP {status} {response.reason}".strip(), status, retry=status >= 500)
    content_type = response.headers.get_content_type() if response.getheader("Content-Type") else ""
    if content_type and content_type not in PAGE_TYPES:
        raise FetchError(f"{content_type} is not an HTML or text page; not saved", status)
    body = _body(response, deadline)
    return Answer(status, body, etag, modified, content_type, url)


def _body(response: http.client.HTTPResponse, deadline: Deadline) -> bytes:
    """The whole body, read within the deadline and the size limit; refused when it is empty or binary."""
    chunks, size = [], 0
    while not response.isclosed():  # closed once the whole body is read
        deadline.wait_at_most()
        chunk = response.read(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise FetchError(f"larger than {MAX_FILE_BYTES:,} bytes", response.status)
        chunks.append(chunk)
    deadline.left()
    body = b"".join(chunks)
    if not body.strip():
        raise FetchError(f"HTTP {response.status} with an empty page; not saved", response.status)
    head = body[:SNIFF_BYTES]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FetchError("binary content (NUL bytes), not an HTML or text page; not saved", response.status)
    return body
