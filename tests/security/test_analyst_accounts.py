"""`newsevents analyst add|list|remove` and the accounts file: passwords only as salted scrypt
hashes with their parameters, a file only its owner reads, names that cannot forge a log line;
and `review --serve` does not start a page nobody can log in to."""

from __future__ import annotations

import json
import stat

import pytest
from typer.testing import CliRunner

from pipeline import accounts
from pipeline.cli.app import app

runner = CliRunner()
PASSWORD = "correct horse battery"


@pytest.fixture
def state(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_PATHS__EXTRACTED", str(tmp_path / "extracted"))
    monkeypatch.setenv("NEWSEVENTS_PATHS__STATE", str(tmp_path / "state"))
    return tmp_path / "state"


def add(*args: str, password: str = PASSWORD):
    return runner.invoke(app, ["analyst", "add", *args, "--password-stdin"], input=password + "\n")


def test_an_analyst_is_stored_as_a_salted_scrypt_hash_in_a_file_only_its_owner_reads(state):
    assert add("ana").exit_code == 0
    assert add("bob").exit_code == 0
    path = state / "analysts.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert PASSWORD not in text
    stored = json.loads(text)["analysts"]
    ana, bob = stored["ana"], stored["bob"]
    assert (ana["scheme"], ana["n"], ana["r"], ana["p"]) == ("scrypt", 2**14, 8, 1)  # kept to change later
    assert ana["salt"] != bob["salt"] and ana["hash"] != bob["hash"]  # the same password, salted apart
    assert accounts.authenticate(stored, "ana", PASSWORD) == "ana"
    assert accounts.authenticate(stored, "ana", PASSWORD + " ") is None
    listed = runner.invoke(app, ["analyst", "list"])
    assert listed.exit_code == 0 and "ana" in listed.output and "bob" in listed.output
    assert ana["hash"] not in listed.output


def test_the_password_is_read_from_the_terminal_twice(state):
    typed = runner.invoke(app, ["analyst", "add", "ana"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert typed.exit_code == 0, typed.output
    assert PASSWORD not in typed.output  # not echoed
    stored = accounts.load_accounts(state / "analysts.json")
    assert accounts.authenticate(stored, "ana", PASSWORD) == "ana"


def test_an_existing_name_needs_replace_and_a_new_password_replaces_the_hash(state):
    assert add("ana").exit_code == 0
    before = accounts.load_accounts(state / "analysts.json")["ana"]
    again = add("ana", password="another password")
    assert again.exit_code == 1 and "already" in again.output
    assert accounts.load_accounts(state / "analysts.json")["ana"] == before
    assert add("ana", "--replace", password="another password").exit_code == 0
    stored = accounts.load_accounts(state / "analysts.json")
    assert accounts.authenticate(stored, "ana", "another password") == "ana"
    assert accounts.authenticate(stored, "ana", PASSWORD) is None


@pytest.mark.parametrize(("name", "password"), [
    ("ana", ""), ("ana", "short"), ("", PASSWORD), (" ana", PASSWORD), ("ana\nby: admin", PASSWORD),
    ("ana\x00", PASSWORD), ("a\u202eb", PASSWORD), ("x" * 65, PASSWORD),
], ids=["empty password", "short password", "empty name", "leading space", "newline", "NUL",
        "right-to-left override", "65 characters"])
def test_bad_names_and_passwords_are_refused(state, name, password):
    done = add(name, password=password)
    assert done.exit_code == 1 and "not added" in done.output
    assert accounts.load_accounts(state / "analysts.json") == {}


def test_remove_takes_the_account_away(state):
    assert add("ana").exit_code == 0 and add("bob").exit_code == 0
    assert runner.invoke(app, ["analyst", "remove", "ana"]).exit_code == 0
    assert sorted(accounts.load_accounts(state / "analysts.json")) == ["bob"]
    missing = runner.invoke(app, ["analyst", "remove", "ana"])
    assert missing.exit_code == 1 and "no analyst" in missing.output


def test_review_serve_with_no_accounts_refuses_to_start_and_says_how_to_add_one(state):
    import socket

    with socket.socket() as taken:  # had it started, it would stop at once: its port is taken
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = runner.invoke(app, ["review", "--serve", "--host", "127.0.0.1", "--port", str(taken.getsockname()[1])])
    assert done.exit_code == 2
    assert "newsevents analyst add NAME" in done.output.replace("\n", " ")
