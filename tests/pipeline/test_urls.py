"""urls.py: only http(s) URLs, whole and without control characters, are kept (issue 14, bug 1)."""

from __future__ import annotations

import pytest

from pipeline.urls import MAX_URL_CHARS, checked_url, safe_url


@pytest.mark.parametrize("url", [
    "javascript:alert(document.domain)//",
    "  JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "\njavascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "//evil.example/x",
    "http://",
    "https://example.org/a\x07b",
    "https://example.org/a\nb",
    "https://example.org/\x85",
    "https://example.org/" + "a" * MAX_URL_CHARS,
])
def test_only_http_urls_without_control_characters_are_kept(url):
    assert safe_url(url) is None


@pytest.mark.parametrize(("url", "kept"), [
    ("https://example.org/a", "https://example.org/a"),
    ("  HTTP://Example.org/a?b=1#c \n", "HTTP://Example.org/a?b=1#c"),
    ("https://example.org/a b", "https://example.org/a%20b"),
])
def test_http_urls_are_kept(url, kept):
    assert checked_url(url) == kept
