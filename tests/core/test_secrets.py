"""bench.core.secrets: a registered secret is masked in every form a bot can echo it back in."""

from __future__ import annotations

import base64
import html
import json
import re
import time
from urllib.parse import quote, quote_plus

import httpx
import pytest

from bench.core import secrets

SECRET = "sbtok-7f3a/9c2e+very secret&key"


@pytest.fixture(autouse=True)
def registered():
    secrets.clear()
    secrets.register(SECRET)
    yield
    secrets.clear()


def masked(form: str) -> bool:
    out = secrets.redact(f"the bot said [{form}] and more")
    return form not in out and out.startswith("the bot said [") and out.endswith("] and more")


def test_the_raw_secret_is_masked():
    assert secrets.redact(f"token {SECRET}.") == "token ***."


@pytest.mark.parametrize("encode", [quote, quote_plus, lambda s: quote(s, safe="")], ids=["quote", "plus", "safe"])
def test_a_url_encoded_secret_is_masked(encode):
    assert masked(encode(SECRET))


def test_a_url_encoded_secret_with_lower_case_hex_is_masked():
    assert masked(re.sub("%[0-9A-F]{2}", lambda m: m[0].lower(), quote(SECRET, safe="")))


def test_a_secret_half_encoded_in_a_query_string_as_httpx_sends_it_is_masked():
    path = httpx.URL("http://127.0.0.1/chat?key=" + SECRET).raw_path.decode()
    assert path != "/chat?key=" + SECRET
    assert secrets.redact(path) == "/chat?key=***"


@pytest.mark.parametrize("padded", [True, False])
@pytest.mark.parametrize("encode", [base64.b64encode, base64.urlsafe_b64encode], ids=["std", "url"])
def test_a_base64_secret_is_masked_with_or_without_padding(encode, padded):
    form = encode(SECRET.encode()).decode()
    assert masked(form if padded else form.rstrip("="))


@pytest.mark.parametrize("user", ["u", "us", "use", "api-user"])
def test_basic_auth_of_user_and_secret_is_masked_as_a_whole(user):
    token = base64.b64encode(f"{user}:{SECRET}".encode()).decode()
    assert secrets.redact(f"Authorization: Basic {token}") == "Authorization: Basic ***"


@pytest.mark.parametrize("shift", [0, 1, 2])
def test_the_base64_of_the_secret_inside_longer_data_is_masked_at_each_alignment(shift):
    token = base64.b64encode(b"x" * shift + SECRET.encode() + b"tail").decode()
    assert secrets.redact(f"blob {token} end") == "blob *** end"


def test_a_json_escaped_secret_is_masked_once_or_twice_escaped():
    once = json.dumps(SECRET)[1:-1]
    assert masked(once)
    assert masked(json.dumps(once)[1:-1])


def test_a_json_record_stays_json_when_a_mask_meets_an_escape():
    secrets.register('abc"defghijk')
    record = json.dumps({"text": 'he said abc"defg and left'})
    assert json.loads(secrets.redact(record)) == {"text": "he said *** and left"}


def test_an_html_escaped_secret_is_masked_named_or_numeric():
    assert masked(html.escape(SECRET))
    assert masked(SECRET.replace("&", "&#38;").replace(" ", "&#x20;"))


@pytest.mark.parametrize("part", [SECRET[:8], SECRET[:20], SECRET[5:14], SECRET[-9:]])
def test_any_part_of_eight_characters_or_more_is_masked(part):
    assert secrets.redact(f"[{part}]") == "[***]"


def test_a_part_shorter_than_eight_characters_is_left():
    assert secrets.redact(f"[{SECRET[:7]}]") == f"[{SECRET[:7]}]"


def test_a_short_secret_is_masked_raw_and_encoded_but_not_in_parts():
    secrets.register("k3y!z")
    assert secrets.redact("k3y!z k3y%21z azN5IXo=") == "*** *** ***"
    assert secrets.redact("k3y!") == "k3y!"


def test_values_under_four_characters_are_never_registered():
    secrets.clear()
    secrets.register("abc")
    assert not secrets.registered() and secrets.redact("abc") == "abc"


def test_text_without_secrets_is_returned_unchanged():
    text = "Your parcel arrives on Thursday. Basic dXNlcjpwYXNz " + "x" * 100
    assert secrets.redact(text) is text


def test_one_megabyte_is_redacted_in_well_under_a_second():
    line = json.dumps({"role": "bot", "text": "Your parcel is on its way and arrives on Thursday. " * 4})
    text = "\n".join([line] * (1_000_000 // len(line))) + SECRET[:12]
    start = time.perf_counter()
    out = secrets.redact(text)
    assert time.perf_counter() - start < 1.0
    assert out.endswith("***") and out.count("***") == 1


def test_xml_stays_well_formed_when_a_mask_meets_an_entity():
    from xml.etree import ElementTree as ET

    secrets.register('abcd"efghijkl')
    element = ET.Element("failure", message='he said abcd"ef and left')
    out = secrets.redact(ET.tostring(element, encoding="unicode"))
    assert ET.fromstring(out).get("message") == "he said *** and left"


def test_a_masked_json_document_stays_json_when_the_secret_ends_with_a_quote():
    secrets.register('00000123":')
    document = {"reason": "I received 00000123", "via": "reply", "said": 'token 00000123":'}
    text = secrets.redact_json(document, ensure_ascii=False)
    back = json.loads(text)
    assert back["via"] == "reply"
    assert "00000123" not in text
