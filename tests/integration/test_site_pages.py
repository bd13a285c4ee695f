"""The site's own journeys: /contact (with and without a configured
address), the "Leave this site" link on every page, and the text-only
crisis lines on the help page. Both engines, though these pages store
nothing: the server must start and answer the same on each."""
import html
import re
import subprocess

import pytest

from conftest import ENGINES, HEARTH_BIN, _launch
from hearth_client import Client
from specialist_helpers import signed_in

DEFAULT_EXIT = "https://www.bbc.co.uk/weather"



@pytest.fixture(scope="module", params=ENGINES)
def configured(request):
    """A server whose operators have set their contact details and their own
    quick-exit page."""
    srv = _launch(request.param, {
        "HEARTH_CONTACT_EMAIL": "care@hearth.example",
        "HEARTH_CONTACT_REPLY_TIME": "within two working days",
        "HEARTH_QUICK_EXIT_URL": "https://www.example.com/forecast?city=leeds&units=c",
    })
    yield srv
    srv.cleanup()


def exit_links(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<a class="quick-exit__link" href="([^"]*)" rel="noreferrer" '
                                                r'data-quick-exit>Leave this site</a>', page)]


def test_footer_and_privacy_lead_to_a_working_contact_page(server):
    c = Client(server.url)
    home = c.get("/")
    assert '<a href="/contact">Contact</a>' in home.text
    privacy = c.get("/privacy")
    assert re.search(r'<a href="/contact">write to us</a>', html.unescape(privacy.text))
    page = c.get("/contact")
    assert page.status == 200
    assert "text/html" in page.headers.get("Content-Type")
    assert "<title>Contact · Hearth</title>" in page.text
    # The footer marks where the person is.
    assert '<a href="/contact" aria-current="page">Contact</a>' in page.text


def test_contact_without_an_address_says_so_and_points_to_help(server):
    page = Client(server.url).get("/contact").text
    assert "haven't published a contact address yet" in html.unescape(page)
    assert "mailto:" not in page
    assert '<a href="/help">where to get help now</a>' in page
    assert '<a href="/privacy">privacy page</a>' in page


def test_contact_with_an_address_gives_mailto_reply_time_and_deletion_steps(configured):
    page = Client(configured.url).get("/contact")
    assert page.status == 200
    text = page.text
    assert '<a href="mailto:care@hearth.example">care@hearth.example</a>' in text
    assert "We usually answer within two working days." in text
    assert ('<a href="mailto:care@hearth.example?subject=Please%20delete%20my%20Hearth%20account">'
            "write to care@hearth.example</a>") in text
    assert "from the e-mail address you use to log in" in text
    assert "never ask for your password" in text
    assert '<a href="/help">where to get help now</a>' in text
    assert "haven't published" not in html.unescape(text)


def test_contact_is_the_same_for_members(server):
    c, _ = signed_in(server, role="member")
    page = c.get("/contact")
    assert page.status == 200
    assert "Contact the people who run this Hearth" in page.text
    assert 'action="/logout"' in page.text


@pytest.mark.parametrize("path", ["/", "/help", "/contact", "/privacy", "/signup", "/login", "/specialists",
                                  "/free-consultation", "/no-such-page"])
def test_every_page_offers_a_way_to_leave(server, path):
    page = Client(server.url).get(path)
    assert page.status in (200, 404)
    assert exit_links(page.text) == [DEFAULT_EXIT]
    assert '<script src="/static/js/quick-exit.js" defer></script>' in page.text


def test_the_configured_exit_page_is_used_and_escaped(configured):
    page = Client(configured.url).get("/help").text
    assert exit_links(page) == ["https://www.example.com/forecast?city=leeds&units=c"]
    assert 'href="https://www.example.com/forecast?city=leeds&amp;units=c"' in page


def test_the_quick_exit_script_is_served_same_origin(server):
    script = Client(server.url).get("/static/js/quick-exit.js")
    assert script.status == 200
    assert "javascript" in script.headers.get("Content-Type")
    assert "location.replace" in script.text


def test_help_lists_text_only_crisis_lines_beside_the_phone_numbers(server):
    page = html.unescape(Client(server.url).get("/help").text)
    talk = page[page.index('id="talk-title"'):page.index('id="abuse-title"')]
    assert re.search(r'text <span class="keyword">SHOUT</span> to <a href="sms:85258">85258</a> \(Shout\)', talk)
    assert re.search(r'text <span class="keyword">HOME</span> to <a href="sms:741741">741741</a> '
                     r'\(Crisis Text Line\)', talk)
    assert re.search(r'text <span class="keyword">HELLO</span> to <a href="sms:50808">50808</a>', talk)
    assert re.search(r'text <span class="keyword">CONNECT</span> to <a href="sms:686868">686868</a>', talk)
    # The phone lines are still there, in the same section.
    assert '<a href="tel:116123">116 123</a>' in talk
    assert '<a href="tel:988">988</a>' in talk
    # The page explains the quick exit to the people it is for.
    assert "Leave this site" in page[page.index('id="abuse-title"'):]


@pytest.mark.parametrize("name,value", [
    ("HEARTH_CONTACT_EMAIL", "not an address"),
    ("HEARTH_CONTACT_EMAIL", "care@example.org?cc=someone@example.net"),
    ("HEARTH_QUICK_EXIT_URL", "javascript:alert(1)"),
    ("HEARTH_QUICK_EXIT_URL", "/help"),
    ("HEARTH_QUICK_EXIT_URL", 'https://example.com/"><script>'),
])
def test_bad_contact_or_exit_settings_stop_the_start(server, name, value):
    """A mistyped setting stops the server with the key named, rather than
    putting a broken link on every page."""
    env = dict(server.env)
    env[name] = value
    done = subprocess.run([HEARTH_BIN, "migrate"], env=env, cwd=server.data_dir, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0
    assert name in done.stderr + done.stdout
