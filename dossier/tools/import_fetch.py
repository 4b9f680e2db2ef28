"""Fetching an article's page from its address for ``dossier import URL``.

One GET with a User-Agent that says who asks, a timeout, a size limit, and
http or https only (redirects too); anything but an HTML page is refused.
Every refusal says what happened and what to do.
"""

from __future__ import annotations

import dataclasses
import http.client
import socket
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message

from dossier import __version__
from dossier.tools.import_errors import ImportRefused

USER_AGENT = f"press-dossier-import/{__version__} (a maintainer importing one article)"
TIMEOUT = 20.0  # seconds, for the connection and for each read
MAX_BYTES = 16 * 1024 * 1024  # a saved news page is rarely over 2 MB
HTML_TYPES = {"text/html", "application/xhtml+xml"}
_SCHEMES = {"http", "https"}


@dataclasses.dataclass
class Fetched:
    data: bytes
    url: str  # after redirects
    charset: str | None  # from the Content-Type header


def is_address(source: str) -> bool:
    return "://" in source[:12] or source.startswith(("http:", "https:"))


class _OnlyWebRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urllib.parse.urljoin(req.full_url, newurl)
        if urllib.parse.urlsplit(target).scheme not in _SCHEMES:
            raise ImportRefused(
                f"{req.full_url}: redirected to {target}, which is not an http or https "
                "address; nothing was fetched (fix: save the page from the browser and "
                "import the file)"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def size_limit_message(name: str, limit: int = MAX_BYTES) -> str:
    return (
        f"{name}: larger than the limit of {limit // (1024 * 1024)} MiB; nothing was written "
        "(fix: check that this is the article's page, or copy its text into a .txt file)"
    )


def fetch(
    url: str, timeout: float = TIMEOUT, limit: int = MAX_BYTES, accept: str = "html"
) -> Fetched:
    """The page's bytes (``accept="image/"``: an image's), or ImportRefused
    saying why not."""
    scheme = urllib.parse.urlsplit(url).scheme
    if scheme not in _SCHEMES:
        raise ImportRefused(
            f"{url}: only http and https addresses are fetched (fix: give the page's "
            "web address, or a saved file's path)"
        )
    opener = urllib.request.build_opener(_OnlyWebRedirects())
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            headers: Message = response.headers
            kind = headers.get_content_type()
            if accept != "html" and not kind.startswith(accept):
                raise ImportRefused(f"{url}: not an image (the server says {kind})")
            if accept == "html" and kind not in HTML_TYPES:
                raise ImportRefused(
                    f"{url}: not an HTML page (the server says {kind}); nothing was written "
                    "(fix: give the address of the article's web page)"
                )
            length = headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise ImportRefused(size_limit_message(url, limit))
            data = response.read(limit + 1)
            if len(data) > limit:
                raise ImportRefused(size_limit_message(url, limit))
            return Fetched(data, response.geturl(), headers.get_content_charset())
    except urllib.error.HTTPError as err:
        raise ImportRefused(
            f"{url}: the server answered {err.code} {err.reason}; nothing was written "
            "(fix: check the address in a browser)"
        ) from None
    except TimeoutError:
        raise ImportRefused(
            f"{url}: no answer within {timeout:g} s; nothing was written "
            "(fix: try again later, or save the page from the browser and import the file)"
        ) from None
    except (ConnectionError, http.client.HTTPException) as err:
        raise ImportRefused(
            f"{url}: the server does not answer ({err.__class__.__name__}); nothing was "
            "written (fix: check the address, or save the page from the browser and import "
            "the file)"
        ) from None
    except urllib.error.URLError as err:
        reason = err.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise ImportRefused(
                f"{url}: no answer within {timeout:g} s; nothing was written "
                "(fix: try again later, or save the page from the browser and import the file)"
            ) from None
        raise ImportRefused(
            f"{url}: the server does not answer ({getattr(reason, 'strerror', None) or reason}); "
            "nothing was written (fix: check the address, or save the page from the browser "
            "and import the file)"
        ) from None
