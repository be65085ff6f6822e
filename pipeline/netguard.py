"""Which addresses an unattended run may fetch from: public ones, and those settings allow.

A page, feed or redirect written by a stranger can point a fetcher at the machine it runs on
(http://127.0.0.1:4200/, the Prefect API) or at the network behind it (169.254.169.254, a cloud
metadata service; 10.x.x.x). Every request, redirects included, is checked before it is sent:
the host's addresses must all be global unless `collect.allow_addresses` lists them.
(A host that answers DNS differently between the check and the connection is not caught here.)

An IPv6 address that carries an IPv4 address is judged by that IPv4 address, since the packets
end up there: IPv4-mapped ::ffff:a.b.c.d, 6to4 2002:aabb:ccdd::/48, NAT64 64:ff9b::a.b.c.d and
Teredo 2001:0::/32 (which carries two, its server's and its client's: refused if either is).
The local-use NAT64 prefix 64:ff9b:1::/48 (RFC 8215) may carry its IPv4 address at several
places, so it is refused as a whole; IPv4-compatible ::a.b.c.d is deprecated and refused as
reserved. `collect.allow_addresses` opens an IPv6 address it lists; the IPv4 networks it lists
open IPv4-mapped addresses (the same destination) but not 6to4, NAT64 or Teredo ones, which a
relay elsewhere forwards into its own network, not ours.
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

# RFC 6052's well-known NAT64 prefix: the IPv4 address is the last 32 bits.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# RFC 8215's local-use NAT64 prefix: operators choose where in it the IPv4 address sits.
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")


def parse_networks(allowed: Iterable[str]) -> tuple[Network, ...]:
    """'127.0.0.1', '10.0.0.0/8', '::1' -> networks; raises ValueError naming a bad entry."""
    networks = []
    for entry in allowed:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as err:
            raise ValueError(f"collect.allow_addresses: {entry!r} is not an address or network") from err
    return tuple(networks)


def embedded_ipv4(address: Address) -> tuple[ipaddress.IPv4Address, ...]:
    """The IPv4 addresses an IPv6 address carries (mapped, 6to4, NAT64, Teredo), or ()."""
    if isinstance(address, ipaddress.IPv4Address):
        return ()
    if address.ipv4_mapped is not None:
        return (address.ipv4_mapped,)
    if address.sixtofour is not None:
        return (address.sixtofour,)
    if address.teredo is not None:
        return address.teredo  # (server, client)
    if address in NAT64:
        return (ipaddress.IPv4Address(int(address) & 0xFFFFFFFF),)
    return ()


def refusal(address: Address, allowed: tuple[Network, ...]) -> str | None:
    """Why `address` may not be fetched from, or None when it may. An IPv6 address carrying IPv4
    addresses is judged by them (see the module's docstring)."""
    if any(address in network for network in allowed):
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return refusal(address.ipv4_mapped, allowed)  # ::ffff:127.0.0.1 is 127.0.0.1
    carried = embedded_ipv4(address)
    if carried:  # relayed: our allowed IPv4 networks say nothing about the relay's
        return next((why for why in (refusal(v4, ()) for v4 in carried) if why is not None), None)
    if address in LOCAL_NAT64:
        return "local NAT64"
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
            carried = "".join(f", carrying {v4}" for v4 in embedded_ipv4(address))
            raise SourceError(f"{url}: {host} is a {why} address ({address}{carried}); refused for unattended runs "
                              "unless collect.allow_addresses lists it")


def request_guard(allowed: tuple[Network, ...]):
    """An httpx request hook: checks every request, the ones redirects lead to included."""

    def guard(request: httpx.Request) -> None:
        check_url(request.url, allowed)

    return guard
