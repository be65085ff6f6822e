"""Which addresses an unattended run may fetch from: public ones, and those settings allow.

A page, feed or redirect written by a stranger can point a fetcher at the machine it runs on
(http://127.0.0.1:4200/, the Prefect API) or at the network behind it (169.254.169.254, a cloud
metadata service; 10.x.x.x). Every request, redirects included, is checked before it is sent:
the host's addresses must all be global unless `collect.allow_addresses` lists them.
(A host that answers DNS differently between the check and the connection is not caught here.)
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from functools import lru_cache

import httpx

from .errors import SourceError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_networks(allowed: Iterable[str]) -> tuple[Network, ...]:
    """'127.0.0.1', '10.0.0.0/8', '::1' -> networks; raises ValueError naming a bad entry."""
    networks = []
    for entry in allowed:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as err:
            raise ValueError(f"collect.allow_addresses: {entry!r} is not an address or network") from err
    return tuple(networks)


def refusal(address: Address, allowed: tuple[Network, ...]) -> str | None:
    """Why `address` may not be fetched from, or None when it may."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if any(address in network for network in allowed):
        return None
    for kind in ("loopback", "link_local", "multicast", "private", "reserved", "unspecified"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if address.is_global else "not public"


@lru_cache(maxsize=1024)
def _addresses(host: str, port: int) -> tuple[Address, ...]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return ()  # unknown host: the connection attempt fails and says so
    return tuple(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos)


def check_url(url: httpx.URL, allowed: tuple[Network, ...]) -> None:
    """Raise SourceError when `url` is not http(s) or its host has an address not allowed."""
    if url.scheme not in ("http", "https"):
        raise SourceError(f"{url}: only http and https URLs are fetched")
    host = url.host
    try:
        literal: Address | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    addresses = (literal,) if literal is not None else _addresses(host, url.port or (443 if url.scheme == "https" else 80))
    for address in addresses:
        why = refusal(address, allowed)
        if why is not None:
            raise SourceError(f"{url}: {host} is a {why} address ({address}); refused for unattended runs "
                              "unless collect.allow_addresses lists it")


def request_guard(allowed: tuple[Network, ...]):
    """An httpx request hook: checks every request, the ones redirects lead to included."""

    def guard(request: httpx.Request) -> None:
        check_url(request.url, allowed)

    return guard
