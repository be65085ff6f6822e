"""Unattended fetching: only http(s), no private, loopback or link-local address unless settings
allow it (redirects included), and a deadline for a whole response."""

from __future__ import annotations

import ipaddress
import time

import pytest

from pipeline.collect import collect_sources
from pipeline.discover import collect_feeds
from pipeline.errors import ConfigError
from pipeline.netguard import parse_networks, refusal
from pipeline.settings import load_settings
from tests.conftest import Server, make_settings

PAGE = b"<html><body><article><p>" + b"A council vote on the harbour budget was delayed again. " * 20 + b"</p></article></body></html>"


@pytest.mark.parametrize(
    ("address", "why"),
    [("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"), ("10.1.2.3", "private"),
     ("192.168.0.10", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
     ("0.0.0.0", "private"), ("224.0.0.1", "multicast"), ("100.64.0.1", "not public"), ("8.8.8.8", None),
     ("2001:4860:4860::8888", None)],
)
def test_which_addresses_are_refused(address, why):
    assert refusal(ipaddress.ip_address(address), ()) == why


def teredo(server: str, client: str) -> str:
    """A Teredo address (RFC 4380): 2001:0::/32, the server, flags, port and client, the last two
    obfuscated (every bit flipped)."""
    obfuscated = int(ipaddress.IPv4Address(client)) ^ 0xFFFFFFFF
    value = (0x20010000 << 96) | (int(ipaddress.IPv4Address(server)) << 64) | (0xFFFF ^ 40000) << 32 | obfuscated
    return str(ipaddress.IPv6Address(value))


@pytest.mark.parametrize(
    ("address", "why"),
    [("2002:7f00:1::1", "loopback"), ("2002:a00:1::", "private"), ("2002:a9fe:a9fe::1", "link-local"),
     ("2002:808:808::1", None),  # 6to4: bits 16-47 are the IPv4 address
     ("64:ff9b::7f00:1", "loopback"), ("64:ff9b::a9fe:a9fe", "link-local"), ("64:ff9b::c0a8:1", "private"),
     ("64:ff9b::808:808", None),  # NAT64, well-known prefix: the last 32 bits
     ("64:ff9b:1::808:808", "local NAT64"), ("64:ff9b:1:7f00:1::", "local NAT64"),  # RFC 8215: refused whole
     (teredo("8.8.8.8", "127.0.0.1"), "loopback"), (teredo("10.0.0.1", "8.8.4.4"), "private"),
     (teredo("8.8.8.8", "8.8.4.4"), None),  # Teredo: server and client must both be public
     ("::ffff:169.254.169.254", "link-local"), ("::ffff:8.8.8.8", None),  # IPv4-mapped
     ("::127.0.0.1", "reserved"), ("::8.8.8.8", "reserved")],  # IPv4-compatible: deprecated, refused
)
def test_ipv6_addresses_carrying_ipv4_are_judged_by_it(address, why):
    assert refusal(ipaddress.ip_address(address), ()) == why


def test_allowed_ipv4_networks_open_mapped_addresses_but_not_relayed_ones():
    allowed = parse_networks(["127.0.0.1", "10.0.0.0/8"])
    assert refusal(ipaddress.ip_address("::ffff:127.0.0.1"), allowed) is None  # the same destination
    assert refusal(ipaddress.ip_address("2002:7f00:1::1"), allowed) == "loopback"  # a 6to4 relay's loopback
    assert refusal(ipaddress.ip_address("64:ff9b::a00:1"), allowed) == "private"  # the NAT64's network
    assert refusal(ipaddress.ip_address("64:ff9b::a00:1"), parse_networks(["64:ff9b::a00:0/120"])) is None


def test_a_literal_6to4_host_is_refused_naming_the_ipv4_address(tmp_path):
    settings = make_settings(tmp_path, collect={"retries": 0})  # 127.0.0.1 allowed, but not through a relay
    result = collect_sources(["http://[2002:7f00:1::1]:9/a"], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert not result.ok and "loopback address (2002:7f00:1::1, carrying 127.0.0.1)" in result.failed[0].message


def test_allowed_networks_open_only_themselves():
    allowed = parse_networks(["127.0.0.1", "10.0.0.0/8"])
    assert refusal(ipaddress.ip_address("127.0.0.1"), allowed) is None
    assert refusal(ipaddress.ip_address("10.200.1.1"), allowed) is None
    assert refusal(ipaddress.ip_address("127.0.0.2"), allowed) == "loopback"


def test_a_bad_allowed_entry_is_a_settings_error(tmp_path):
    with pytest.raises(ConfigError, match="not-an-address"):
        load_settings(paths={"raw": tmp_path / "raw", "extracted": tmp_path / "x"},
                      collect={"allow_addresses": ["not-an-address"]})


def test_loopback_is_refused_by_default_and_nothing_is_sent(tmp_path, http_server: Server):
    http_server.routes["/a"] = (200, {"Content-Type": "text/html"}, PAGE)
    settings = make_settings(tmp_path, collect={"allow_addresses": [], "retries": 0})
    result = collect_sources([http_server.url("/a")], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert not result.ok and "loopback address" in result.failed[0].message
    assert http_server.hits == {}


def test_a_redirect_to_a_private_or_metadata_address_is_refused(tmp_path, http_server: Server):
    for path, target in [("/to-metadata", "http://169.254.169.254/latest/meta-data/"),
                         ("/to-private", "http://10.0.0.7/admin"), ("/to-file", "file:///etc/passwd")]:
        http_server.routes[path] = (302, {"Location": target}, b"")
    settings = make_settings(tmp_path, collect={"retries": 0})  # 127.0.0.1 allowed, nothing else
    result = collect_sources([http_server.url(p) for p in ("/to-metadata", "/to-private", "/to-file")],
                             cfg=settings.collect, raw_dir=settings.paths.raw)
    assert not result.ok and len(result.failed) == 3
    messages = [f.message for f in result.failed]
    assert "link-local address (169.254.169.254)" in messages[0]
    assert "private address (10.0.0.7)" in messages[1]
    assert "only http and https" in messages[2] or "UnsupportedProtocol" in messages[2]


def test_feeds_pointing_at_files_are_refused(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text("<rss><channel><item><link>file:///etc/passwd</link></item></channel></rss>")
    settings = make_settings(tmp_path)
    result = collect_feeds([secret.as_uri()], [], cfg=settings.collect, raw_dir=settings.paths.raw, seen=lambda url: False)
    assert not result.ok and result.failed and "only http and https" in result.failed[0].message
    assert not list(settings.paths.raw.rglob("*.json"))


def test_a_response_dripping_past_the_deadline_is_refused(tmp_path, http_server: Server):
    def drip(handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for _ in range(40):
            handler.wfile.write(b"<p>x</p>" * 10)
            handler.wfile.flush()
            time.sleep(0.05)

    http_server.routes["/slow"] = drip
    settings = make_settings(tmp_path, collect={"max_seconds": 0.5, "timeout": 5.0, "retries": 0})
    result = collect_sources([http_server.url("/slow")], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert not result.ok and "collect.max_seconds" in result.failed[0].message
