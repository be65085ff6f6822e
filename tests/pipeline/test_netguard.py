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
