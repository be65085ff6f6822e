"""Nobody subverts a run through what it fetches or reads (issue 14): stacked content codings,
slow headers, feeds listing thousands of URLs, host names dressed up to dodge the per-host delay,
huge robots.txt files, and symlinks out of an input folder. Real servers on 127.0.0.1 only."""

from __future__ import annotations

import json
import socket
import struct
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pipeline import discover
from pipeline.collect import collect_sources, make_client
from pipeline.discover import Politeness, collect_feeds, collect_politely
from pipeline.reprocess import count_records
from pipeline.runner import collect_from_feeds
from pipeline.store import iter_raw_documents, read_raw
from tests.conftest import REPO, Server, make_settings
from tests.fixtures.hostile import article_html, article_text

MB = 1 << 20
GB = 1 << 30
HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/xml"}


# -- content codings: the bytes counted are the decoded ones, and no step inflates a bomb whole --


def gzip_of_zeros(size: int) -> bytes:
    """A valid gzip member of `size` zero bytes (size a multiple of 1 MiB), built from one
    compressed MiB repeated: a second instead of the ten that compressing it would take."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    segment = packer.compress(b"\0" * MB) + packer.flush(zlib.Z_FULL_FLUSH)  # byte-aligned, no history
    crc = 0
    for _ in range(size // MB):
        crc = zlib.crc32(b"\0" * MB, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + segment * (size // MB) + b"\x03\x00" + struct.pack("<II", crc, size & 0xFFFFFFFF)


def gzip(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    """Bodies that inflate to 2 GiB, by their Content-Encoding (codings listed in the order applied)."""
    inner = gzip_of_zeros(2 * GB)  # about 2 MB
    return {"gzip, gzip": gzip(inner), "gzip, deflate": zlib.compress(inner, 9), "gzip": inner}


CHILD = """
import json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # a safety net: unbounded decoding takes 4 GB
from pipeline.collect import collect_sources
from pipeline.settings import CollectSettings
cfg = CollectSettings(allow_addresses=("127.0.0.1",), retries=0)
result = collect_sources([sys.argv[1]], cfg=cfg, raw_dir=Path(sys.argv[2]))
print(json.dumps({"ok": len(result.ok), "failed": [f.message for f in result.failed],
                  "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


@pytest.mark.parametrize("encoding", ["gzip, gzip", "gzip, deflate", "gzip"])
def test_stacked_content_codings_are_cut_at_the_size_cap_in_little_memory(encoding, bombs, http_server: Server, tmp_path):
    """2 GiB behind two layers of compression is 3.5 KB on the wire; httpx's decoders inflate the
    inner layer in one step (4.3 GB at the peak). The fetch runs in a process of its own, whose
    peak memory (ru_maxrss: zlib's C buffers included) must stay under 1 GB."""
    body = bombs[encoding]

    def send(handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Encoding", encoding)
        handler.end_headers()
        try:
            handler.wfile.write(body)
        except OSError:
            pass  # the client stopped reading at the cap

    http_server.routes["/bomb"] = send
    child = subprocess.run([sys.executable, "-c", CHILD, http_server.url("/bomb"), str(tmp_path / "raw")],
                           cwd=REPO, capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr[-2000:]
    report = json.loads(child.stdout)
    assert report["ok"] == 0 and "over the limit of 10000000 bytes" in report["failed"][0]
    assert report["peak"] < GB, f"peak {report['peak'] / MB:.0f} MiB"
    assert not (tmp_path / "raw" / "objects").exists()


def test_stacked_codings_decode_in_order_and_too_many_are_refused(settings, http_server: Server):
    page = article_html(1).encode()
    for path, encoding, body in [("/two", "gzip, deflate", zlib.compress(gzip(page))),
                                 ("/raw-deflate", "deflate", zlib.compress(page)[2:-4]),
                                 ("/four", "gzip, gzip, gzip, gzip", gzip(gzip(gzip(gzip(page)))))]:
        http_server.routes[path] = (200, {**HTML, "Content-Encoding": encoding}, body)
    result = collect_sources([http_server.url(p) for p in ("/two", "/raw-deflate", "/four")],
                             cfg=settings.collect, raw_dir=settings.paths.raw)
    assert [read_raw(settings.paths.raw, raw) for raw in result.ok] == [page, page]
    assert len(result.failed) == 1 and "4 content codings stacked" in result.failed[0].message


# -- one deadline per URL: connect, headers, redirect hops, body and retries --


class RawServer:
    """A TCP server on 127.0.0.1 answering each request with a handler(conn, path, stop) of raw bytes."""

    def __init__(self, handler: Callable[[socket.socket, str, threading.Event], None]) -> None:
        self.handler, self.stop = handler, threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.paths: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            request = b""
            while b"\r\n\r\n" not in request and (data := conn.recv(4096)):
                request += data
            path = request.split(b" ")[1].decode() if request.count(b" ") >= 2 else "/"
            self.paths.append(path)
            try:
                self.handler(conn, path, self.stop)
            except OSError:
                pass  # the client hung up: what a deadline does

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture
def raw_server() -> Iterator[Callable[..., RawServer]]:
    servers: list[RawServer] = []

    def start(handler: Callable[[socket.socket, str, threading.Event], None]) -> RawServer:
        servers.append(RawServer(handler))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def drip_headers(conn: socket.socket, path: str, stop: threading.Event) -> None:
    """A status line, then one header byte a second, for 10 seconds at most (so that a fetch
    without a deadline ends this test instead of hanging it)."""
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    for byte in b"X-Slow: ab":
        if stop.wait(1.0):
            return
        conn.sendall(bytes([byte]))


@pytest.mark.slow
def test_a_server_dripping_header_bytes_is_cut_at_the_deadline(tmp_path, raw_server):
    server = raw_server(drip_headers)
    settings = make_settings(tmp_path, collect={"max_seconds": 2, "timeout": 20, "retries": 2, "backoff": 0.1})
    start = time.monotonic()
    result = collect_sources([server.base + "/slow"], cfg=settings.collect, raw_dir=settings.paths.raw)
    elapsed = time.monotonic() - start
    assert not result.ok and result.failed[0].error == "SourceError"
    assert "collect.max_seconds" in result.failed[0].message
    assert elapsed < 4, f"{elapsed:.1f} s"
    assert server.paths == ["/slow"]  # no retry starts with no time left


@pytest.mark.slow
def test_redirect_hops_and_retries_share_one_deadline(tmp_path, http_server: Server):
    def hop(target: str | None, status: int = 302) -> Callable:
        def answer(handler) -> None:
            time.sleep(0.6)  # each hop is slow, none is over the read timeout
            handler.send_response(status if target else 503)
            if target:
                handler.send_header("Location", target)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        return answer

    for i in range(5):
        http_server.routes[f"/hop{i}"] = hop(f"/hop{i + 1}")
    http_server.routes["/hop5"] = (200, HTML, b"")
    http_server.routes["/busy"] = hop(None)  # 503 after 0.6 s, every time
    settings = make_settings(tmp_path, collect={"max_seconds": 1.5, "timeout": 5, "retries": 3, "backoff": 0.05,
                                                "max_redirects": 10})
    for path in ("/hop0", "/busy"):
        start = time.monotonic()
        result = collect_sources([http_server.url(path)], cfg=settings.collect, raw_dir=settings.paths.raw)
        elapsed = time.monotonic() - start
        assert not result.ok and "collect.max_seconds" in result.failed[0].message, result.failed[0].message
        assert elapsed < 2.3, f"{path}: {elapsed:.1f} s"
    assert http_server.hits.get("/hop5") is None and http_server.hits["/busy"] <= 3


@pytest.mark.slow
def test_feeds_sitemaps_and_robots_txt_have_the_deadline_too(tmp_path, raw_server):
    server = raw_server(drip_headers)
    settings = make_settings(tmp_path, collect={"max_seconds": 1, "timeout": 20, "per_host_delay": 0})
    cfg = settings.collect
    start = time.monotonic()
    result = collect_feeds([server.base + "/feed.xml"], [server.base + "/sitemap.xml"], cfg=cfg,
                           raw_dir=settings.paths.raw, seen=lambda url: False)
    elapsed = time.monotonic() - start
    assert server.paths == ["/robots.txt", "/feed.xml", "/sitemap.xml"]
    assert [f.source for f in result.failed] == [server.base + "/feed.xml", server.base + "/sitemap.xml"]
    assert all("collect.max_seconds" in f.message for f in result.failed)
    assert elapsed < 3 * cfg.max_seconds + 1.5, f"{elapsed:.1f} s"  # robots.txt (then none), feed, sitemap


# -- feeds and sitemaps: a bounded number of new URLs per run, politeness per host name --


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>t</title><link>{base}{p}</link></item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>{items}</channel></rss>'.encode()


def test_a_feed_gives_at_most_max_feed_items_new_urls_a_run_and_the_rest_wait(tmp_path, http_server: Server):
    base = http_server.base
    feed_pages = [f"/news/{i}.html" for i in range(7)]
    map_pages = [f"/map/{i}.html" for i in range(4)]
    sitemap = "".join(f"<url><loc>{base}{p}</loc></url>" for p in map_pages)
    http_server.routes.update({
        "/feed.xml": (200, XML, rss(base, feed_pages)),
        "/sitemap.xml": (200, XML, ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                    f"{sitemap}</urlset>").encode()),
        **{p: (200, HTML, article_html(i).encode()) for i, p in enumerate(feed_pages + map_pages)},
    })
    settings = make_settings(tmp_path, collect={"feeds": [base + "/feed.xml"], "sitemaps": [base + "/sitemap.xml"],
                                                "per_host_delay": 0, "max_feed_items": 3})
    runs = [collect_from_feeds(settings) for _ in range(3)]
    assert [len(run.ok) for run in runs] == [6, 4, 1]  # 3 + 3, then 3 + 1, then the feed's last
    backlog = [f for f in runs[0].failed if f.error == "FeedBacklog"]
    assert [f.source for f in backlog] == [base + "/feed.xml", base + "/sitemap.xml"]
    assert "7 new URLs, over collect.max_feed_items (3); 4 left for the next run" in backlog[0].message
    assert [f.message.split("; ")[1] for f in runs[1].failed if f.error == "FeedBacklog"] == ["1 left for the next run"]
    assert all(http_server.hits[p] == 1 for p in feed_pages + map_pages)
    recorded = (settings.paths.extracted / "failures.jsonl").read_text()
    assert "4 left for the next run" in recorded


@pytest.mark.parametrize(("a", "b", "same_origin"), [
    ("http://u1@example.org/a", "http://example.org/b", True),
    ("http://u1:pw@EXAMPLE.org:80/a", "http://u2@example.ORG/b", True),
    ("https://example.org/a", "http://example.org/b", False),
    ("http://example.org:8080/a", "http://example.org/b", False),
])
def test_politeness_is_keyed_on_the_host_name_and_robots_on_the_origin(a, b, same_origin):
    assert discover.host_key(a) == discover.host_key(b) == "example.org"
    assert (discover.robots_url(a) == discover.robots_url(b)) is same_origin
    assert "@" not in discover.robots_url(a) and discover.robots_url(a).endswith("/robots.txt")


def test_user_names_in_urls_do_not_dodge_the_per_host_delay(tmp_path, http_server: Server):
    http_server.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow:\n")
    for name in "abc":
        http_server.routes[f"/{name}.html"] = (200, HTML, article_html(ord(name)).encode())
    port = http_server.base.rsplit(":", 1)[1]
    urls = [f"http://u1@127.0.0.1:{port}/a.html", f"http://u2@127.0.0.1:{port}/b.html", f"http://127.0.0.1:{port}/c.html"]
    settings = make_settings(tmp_path, collect={"per_host_delay": 0.4, "concurrency": 4})
    with make_client(settings.collect) as client:
        polite = Politeness(settings.collect, client)
        start = time.monotonic()
        result = collect_politely(urls, cfg=settings.collect, raw_dir=settings.paths.raw, client=client,
                                  polite=polite, seen=lambda url: False)
        elapsed = time.monotonic() - start
    assert len(result.ok) == 3 and not result.failed
    assert http_server.hits["/robots.txt"] == 1
    assert elapsed >= 3 * 0.4  # robots.txt and three pages, each 0.4 s after the one before


def test_robots_txt_is_read_up_to_500_kib_and_the_rest_ignored(tmp_path, http_server: Server):
    head = b"User-agent: *\nDisallow: /private/\n"
    filler = b"# " + b"x" * 97 + b"\n"  # 100 bytes a line
    body = head + filler * 5110
    body += b"#" * (512_000 - 8 - len(body) - 1) + b"\n"
    body += b"Disallow: /cut/\nDisallow: /late/\n"  # the /cut/ rule spans the 512,000th byte
    assert body.index(b"Disallow: /cut/") < 512_000 < body.index(b"Disallow: /late/")
    big = body + filler * 100_000  # 10.5 MB in all: over collect.max_bytes
    http_server.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, big)
    settings = make_settings(tmp_path)
    with make_client(settings.collect) as client:
        polite = Politeness(settings.collect, client)
        assert not polite.allowed(http_server.url("/private/x.html"))  # read, though the file is over the cap
        assert polite.allowed(http_server.url("/late/x.html"))  # past 500 KiB: ignored
        assert polite.allowed(http_server.url("/cut/x.html"))  # a rule cut in two is no rule
    assert http_server.hits["/robots.txt"] == 1


# -- input folders: symlinks never lead out of the folder --


def test_symlinks_out_of_an_input_folder_are_skipped_and_recorded(settings, tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key.txt").write_text("SECRET " + article_text(5))
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "a.txt").write_text(article_text(1))
    (inbox / "sub" / "b.html").write_text(article_html(2))
    (inbox / "leak.txt").symlink_to(secret / "key.txt")
    (inbox / "outside").symlink_to(secret, target_is_directory=True)
    (inbox / "inside.html").symlink_to(inbox / "sub" / "b.html")  # stays in the folder: read
    (inbox / "loop.txt").symlink_to(inbox / "loop.txt")
    (inbox / "dangling.txt").symlink_to(tmp_path / "nothing.txt")
    (inbox / "up").symlink_to(inbox, target_is_directory=True)  # a loop through a folder: not walked
    result = collect_sources([str(inbox)], cfg=settings.collect, raw_dir=settings.paths.raw)
    assert len(result.ok) == 3 and len({r.sha256 for r in result.ok}) == 2  # inside.html is b.html
    failed = {Path(f.source).name: f.message for f in result.failed}
    assert set(failed) == {"leak.txt", "outside", "loop.txt", "dangling.txt"}
    assert all(f.error == "SourceError" and f.stage == "collect" for f in result.failed)
    assert "symlink to a file outside" in failed["leak.txt"] and "symlink to a folder outside" in failed["outside"]
    assert "broken symlink" in failed["loop.txt"] and "broken symlink" in failed["dangling.txt"]
    stored = b"".join(read_raw(settings.paths.raw, raw) for raw in iter_raw_documents(settings.paths.raw))
    assert b"SECRET" not in stored
    assert count_records(inbox) == 3  # reprocess's progress count walks the folder the same way
