"""The review page over HTTP (httpx against the real app served by uvicorn on 127.0.0.1): who may
use it, where a form may come from, which hosts it answers, what it lets a browser run, and a NUL
byte in a route (issue 14: items 2 and 10, the accounts and sessions, the headers; item 8 on the
page)."""

from __future__ import annotations

import getpass
import re
import time
from datetime import date
from pathlib import Path

import httpx
import pytest

from pipeline import accounts, review
from pipeline.batches import save_batch
from pipeline.draft_file import parse_draft_text
from pipeline.errors import ConfigError
from pipeline.settings import load_settings
from pipeline.store import open_ledger
from tests.conftest import free_port, make_settings
from tests.fixtures.records import analysis as _analysis
from tests.fixtures.records import two_events as _two_events
from tests.web.conftest import serve

PASSWORD = "correct horse battery"
POST_ROUTES = ("save", "accept", "reject", "candidate", "map", "merge", "split")
FORM = {"version": "0" * 64, "title": "t", "date": "2025-01-01", "description": "d", "status": "confirmed",
        "reason": "r", "name": "n", "mention": "m", "actor": "a", "other": "x", "source": "0"}


class Site:
    """A served review page over two drafts, with the analyst "ana"."""

    def __init__(self, url: str, settings, ids: tuple[str, str]) -> None:
        self.url, self.settings, self.ids = url, settings, ids

    def client(self, **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.url, follow_redirects=False, timeout=20, **kwargs)

    def draft(self, draft_id: str) -> Path:
        return self.settings.paths.extracted / f"{draft_id}.md"

    def audit(self, draft_id: str) -> list[dict]:
        with open_ledger(self.settings.paths.extracted) as ledger:
            return ledger.audit_trail(draft_id)


@pytest.fixture
def make_site(tmp_path):
    servers = []

    def make(**review_settings) -> Site:
        settings = make_settings(tmp_path / f"site-{len(servers)}", review=review_settings)
        ids = _two_events(settings)
        accounts.add_analyst(settings.review.accounts_file(settings.paths.state), "ana", PASSWORD)
        server = serve(review_app(settings))
        servers.append(server)
        return Site(next(server), settings, ids)

    yield make
    for server in servers:
        next(server, None)


def review_app(settings):
    from pipeline.web.app import create_app

    return create_app(settings)


@pytest.fixture
def site(make_site) -> Site:
    return make_site()


def form_token(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def logged_in(site: Site, name: str = "ana", password: str = PASSWORD) -> httpx.Client:
    client = site.client()
    login = client.get("/login")
    done = client.post("/login", data={"name": name, "password": password, "csrf": form_token(login.text)})
    assert done.status_code == 303, done.text
    return client


def opened(client: httpx.Client, draft_id: str) -> tuple[str, str]:
    """The CSRF token and the version of a draft, as its page gives them."""
    page = client.get(f"/drafts/{draft_id}")
    assert page.status_code == 200, page.text
    return form_token(page.text), re.search(r'name="version" value="([0-9a-f]{64})"', page.text).group(1)


# ------------------------------------------------------------------------------ who may use it


def test_pages_redirect_to_the_login_and_actions_without_a_session_change_nothing(site):
    draft = site.ids[0]
    before = site.draft(draft).read_bytes()
    version = review.version_of(before)
    with site.client() as client:
        assert client.get("/").status_code == 303 and client.get("/").headers["location"] == "/login?next=/"
        page = client.get(f"/drafts/{draft}")
        assert page.status_code == 303 and page.headers["location"].startswith("/login?next=")
        for route in POST_ROUTES:
            response = client.post(f"/drafts/{draft}/{route}", data={**FORM, "version": version})
            assert response.status_code == 401, route
        assert client.post("/logout").status_code == 401
        assert client.get("/login").status_code == 200 and client.get("/static/review.css").status_code == 200
    assert site.draft(draft).read_bytes() == before and site.audit(draft) == []


def test_a_login_sets_an_httponly_strict_cookie_and_every_action_names_the_analyst(site):
    draft = site.ids[0]
    with site.client() as client:
        login = client.get("/login")
        done = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": form_token(login.text),
                                           "next": f"/drafts/{draft}"})
        assert done.status_code == 303 and done.headers["location"] == f"/drafts/{draft}"
        cookie = next(c for c in done.headers.get_list("set-cookie") if c.startswith("newsevents_session="))
        flags = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert {"httponly", "samesite=strict", "path=/"} <= flags and "secure" not in flags  # plain http here
        token, version = opened(client, draft)
        assert "ana" in client.get("/").text  # the page says who is logged in
        accepted = client.post(f"/drafts/{draft}/accept", data={"csrf": token, "version": version,
                                                                "status": "reported", "importance": "5"})
        assert accepted.status_code == 303, accepted.text
        token, version = opened(client, draft)
        client.post(f"/drafts/{draft}/save", data={"csrf": token, "version": version, "title": "Budget passed",
                                                   "date": "2025-03-01", "description": "The budget passed."})
    log = parse_draft_text(site.draft(draft).read_text())[0]["review"]
    assert [(e["action"], e["by"]) for e in log] == [("accept", "ana"), ("edit", "ana")]
    assert [(e["action"], e["by"]) for e in site.audit(draft)] == [("accept", "ana"), ("edit", "ana")]


@pytest.mark.parametrize(("setting", "headers"), [(True, {}), (False, {"X-Forwarded-Proto": "https"})],
                         ids=["review.secure_cookie", "TLS in front"])
def test_a_login_behind_https_gets_a_secure_cookie(make_site, setting, headers):
    site = make_site(secure_cookie=setting)
    with site.client() as client:  # a Secure cookie is not sent back over http: the test sends it
        token = form_token(client.get("/login", headers=headers).text)
        client.cookies.clear()
        done = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": token},
                           headers={**headers, "Cookie": f"newsevents_login={token}"})
        assert done.status_code == 303, done.text
        cookie = next(c for c in done.headers.get_list("set-cookie") if c.startswith("newsevents_session="))
        assert "secure" in {part.strip().lower() for part in cookie.split(";")}


def test_the_review_cli_still_names_the_os_user(site, monkeypatch):
    from typer.testing import CliRunner

    from pipeline.cli.app import app

    settings = site.settings
    for key, value in (("RAW", settings.paths.raw), ("EXTRACTED", settings.paths.extracted),
                       ("REGISTRY", settings.paths.registry), ("STATE", settings.paths.state)):
        monkeypatch.setenv(f"NEWSEVENTS_PATHS__{key}", str(value))
    done = CliRunner().invoke(app, ["review", "accept", site.ids[1], "--importance", "5"])
    assert done.exit_code == 0, done.output
    assert [e["by"] for e in site.audit(site.ids[1])] == [review.reviewer(None)] == [getpass.getuser()]


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(site):
    with site.client() as client:
        token = form_token(client.get("/login").text)
        wrong = client.post("/login", data={"name": "ana", "password": "not the password", "csrf": token})
        unknown = client.post("/login", data={"name": "bob", "password": "not the password", "csrf": token})
        assert wrong.status_code == unknown.status_code == 401
        assert wrong.text.replace('value="ana"', "") == unknown.text.replace('value="bob"', "")
        assert "newsevents_session" not in client.cookies


def test_an_unknown_name_costs_the_same_scrypt_work_as_a_wrong_password():
    """Without the dummy hash an unknown name answers in microseconds, a known one in ~50 ms: the
    time would tell which names exist. The fastest of a few runs is compared (noise only adds)."""
    known = {"ana": accounts.hash_password(PASSWORD)}

    def fastest(name: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            assert accounts.authenticate(known, name, "wrong password") is None
            times.append(time.perf_counter() - start)
        return min(times)

    assert fastest("nobody") > 0.5 * fastest("ana")


def test_failed_logins_lock_the_name_and_the_client_out_for_a_while(make_site):
    site = make_site(login_attempts=3, login_lockout=60)
    with site.client() as client:
        token = form_token(client.get("/login").text)
        for _ in range(3):
            assert client.post("/login", data={"name": "ana", "password": "guess", "csrf": token}).status_code == 401
        locked = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": token})
        assert locked.status_code == 429 and "newsevents_session" not in client.cookies
        assert client.get("/").status_code == 303


def test_a_session_ends_when_it_expires_when_the_account_goes_and_at_logout(make_site):
    site = make_site(session_hours=1 / 3600)  # one second
    client = logged_in(site)
    assert client.get("/").status_code == 200
    time.sleep(1.2)
    assert client.get("/").status_code == 303

    site = make_site()
    client, other = logged_in(site), logged_in(site)
    assert other.post("/logout").status_code == 403  # no token: not logged out (a page cannot log you out)
    assert other.get("/").status_code == 200
    assert other.post("/logout", data={"csrf": form_token(other.get("/").text)}).status_code == 303
    assert other.get("/").status_code == 303 and client.get("/").status_code == 200
    accounts.add_analyst(site.settings.review.accounts_file(site.settings.paths.state), "ana", "a new password",
                         replace=True)
    assert client.get("/").status_code == 303  # a new password ends the sessions of the old one
    client = logged_in(site, password="a new password")
    accounts.remove_analyst(site.settings.review.accounts_file(site.settings.paths.state), "ana")
    assert client.get("/").status_code == 303


# ------------------------------------------------------------------------ cross-site requests


def test_a_post_without_the_session_token_or_from_another_origin_is_refused_and_changes_nothing(site):
    draft = site.ids[0]
    before = site.draft(draft).read_bytes()
    client = logged_in(site)
    token, version = opened(client, draft)
    stranger = logged_in(site)  # another session's token is not this one's
    foreign = f"http://127.0.0.1:{free_port()}"
    refused = [
        ({"version": version}, {}),
        ({"version": version, "csrf": "guessed"}, {}),
        ({"version": version, "csrf": opened(stranger, draft)[0]}, {}),
        ({"version": version, "csrf": token}, {"Origin": foreign}),
        ({"version": version, "csrf": token}, {"Origin": "null"}),
        ({"version": version, "csrf": token}, {"Referer": f"{foreign}/drafts/{draft}"}),
        ({"version": version, "csrf": token}, {"Origin": site.url.replace("http:", "https:")}),
    ]
    for form, headers in refused:
        response = client.post(f"/drafts/{draft}/accept", data=form, headers=headers)
        assert response.status_code == 403, (form, headers)
    for route in POST_ROUTES:  # every action, not only accept
        assert client.post(f"/drafts/{draft}/{route}", data={**FORM, "version": version}).status_code == 403, route
    assert site.draft(draft).read_bytes() == before and site.audit(draft) == []

    ok = client.post(f"/drafts/{draft}/accept", data={"version": version, "csrf": token, "importance": "5"},
                     headers={"Origin": site.url, "Referer": f"{site.url}/drafts/{draft}"})
    assert ok.status_code == 303 and parse_draft_text(site.draft(draft).read_text())[0]["status"] == "confirmed"


def test_a_login_form_posted_from_another_origin_or_without_its_token_is_refused(site):
    with site.client() as client:
        token = form_token(client.get("/login").text)
        data = {"name": "ana", "password": PASSWORD, "csrf": token}
        foreign = {"Origin": f"http://127.0.0.1:{free_port()}"}
        assert client.post("/login", data=data, headers=foreign).status_code == 403
        assert client.post("/login", data={**data, "csrf": "guessed"}).status_code == 403
    with site.client() as fresh:  # the form's token is tied to the cookie the form came with
        assert fresh.post("/login", data=data).status_code == 403
        assert "newsevents_session" not in fresh.cookies


# ------------------------------------------------------------------------ headers and hosts


def test_every_response_forbids_inline_script_and_framing_and_pages_have_none(site):
    client = logged_in(site)
    responses = [client.get(path) for path in ("/", f"/drafts/{site.ids[0]}", "/drafts/no-such-draft",
                                                "/static/review.js", "/nowhere")]
    responses.append(site.client().get("/login"))
    for response in responses:
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
    for response in responses:
        if response.headers["content-type"].startswith("text/html"):
            html = response.text
            assert not re.search(r"<script(?![^>]*\bsrc=)", html), response.url  # only script files
            assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html, re.I), response.url


def test_a_host_the_page_does_not_serve_gets_400(site, make_site):
    port = site.url.rsplit(":", 1)[1]
    with site.client() as client:
        for path in ("/login", "/", "/static/review.css"):
            assert client.get(path, headers={"Host": "evil.example"}).status_code == 400
            assert client.get(path, headers={"Host": f"evil.example:{port}"}).status_code == 400
        assert client.post("/login", headers={"Host": "evil.example"}, data={"name": "ana"}).status_code == 400
        assert client.get("/login", headers={"Host": f"localhost:{port}"}).status_code == 200
    named = make_site(allowed_hosts=["review.example.org"])
    with named.client() as client:
        assert client.get("/login", headers={"Host": "review.example.org"}).status_code == 200
        assert client.get("/login").status_code == 400  # 127.0.0.1 is no longer one of its names
    for anything in (["*"], ["review.example.org:443"]):  # a setting that would let any host in is refused
        with pytest.raises(ConfigError, match="allowed_hosts"):
            load_settings(review={"allowed_hosts": anything})


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example", "/\t/evil.example", "https://evil.example/"])
def test_after_the_login_the_page_sends_the_analyst_nowhere_but_itself(site, target):
    with site.client() as client:
        done = client.post("/login", data={"name": "ana", "password": PASSWORD, "next": target,
                                           "csrf": form_token(client.get("/login").text)})
        assert done.status_code == 303 and done.headers["location"] == "/"


# --------------------------------------------------------------------------- a NUL in a route


def test_a_nul_byte_in_a_route_is_a_bad_request_not_a_server_error(site):
    client = logged_in(site)
    token, version = opened(client, site.ids[0])
    response = client.get("/drafts/a%00b")
    assert response.status_code in (400, 404) and "not a draft id" in response.text
    for route in POST_ROUTES:
        response = client.post(f"/drafts/a%00b/{route}", data={**FORM, "csrf": token})
        assert response.status_code in (400, 404), (route, response.status_code)
    response = client.post(f"/drafts/{site.ids[0]}/merge", data={"csrf": token, "version": version, "other": "a\0b"})
    assert response.status_code in (400, 404) and "not a draft id" in response.text


# ------------------------------------------------------------------------ merges on the page


def test_the_page_refuses_to_merge_into_a_merged_draft(site):
    a, b = site.ids
    client = logged_in(site)
    token, version = opened(client, b)
    assert client.post(f"/drafts/{b}/merge", data={"csrf": token, "version": version, "other": a}).status_code == 303
    before = (site.draft(a).read_bytes(), site.draft(b).read_bytes())
    token, version = opened(client, a)
    assert 'action="/drafts/' + a + '/merge"' not in client.get(f"/drafts/{a}").text  # no merge form offered
    back = client.post(f"/drafts/{a}/merge", data={"csrf": token, "version": version, "other": b})
    assert back.status_code == 400 and f"it was merged into {b}" in back.text
    assert (site.draft(a).read_bytes(), site.draft(b).read_bytes()) == before
    save_batch([_analysis("f" * 64, "Bridge closed", published=date(2025, 5, 1))], [], settings=site.settings)
    token, version = opened(client, "2025-05-01--bridge-closed")
    assert f'<option value="{a}"' not in client.get("/drafts/2025-05-01--bridge-closed").text  # a merged draft
    again = client.post("/drafts/2025-05-01--bridge-closed/merge", data={"csrf": token, "version": version, "other": a})
    assert again.status_code == 400 and f"{a} cannot be merged again" in again.text
