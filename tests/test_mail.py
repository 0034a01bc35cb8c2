"""The email draft (compose, .eml) and the SMTP settings, without any server."""

from __future__ import annotations

import html.parser
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

from briefing.config import Profile
from briefing.errors import EXIT_USAGE, UsageError
from briefing.mail import MailOptions, compose, deliver, find_draft, read_eml, safe_filename, to_bytes, write_eml
from briefing.mail.compose import format_range, parse_addresses, subject_line
from briefing.mail.settings import PASSWORD_ENV, find_password, load_settings
from briefing.model import Briefing, Coverage, Event, Item, SourceEntry

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def sample_briefing(**changes) -> Briefing:
    """A small briefing shaped like select's output, with hostile text in it."""
    briefing = Briefing(
        title="NATO defence ministers",
        generated="2025-10-15",
        audience="analyst",
        coverage=Coverage(sources=3, outlets=["Reuters", "Defense News"], date_from="2025-10-14",
                          date_to="2025-10-15"),
        key_points=[
            Item(id="k1", kind="statement", sources=[1, 3],
                 text="Allies agreed to raise core defence spending to 3.5% of GDP by 2035."),
            Item(id="k2", kind="quote", sources=[2], speaker="Mark Rutte", role="Secretary General",
                 text="We are <b>not</b> there yet & we know it"),
            Item(id="k3", kind="statement", sources=[3],
                 text="A vendor said <script>alert('x')</script> drones\x0b were \x00delivered."),
        ],
        events=[Event(id="e1", label="Defence ministers' meeting", date="2025-10-15", sources=[1, 2, 3],
                      main=True)],
        notes=["One source reports an earlier meeting in June."],
        sources=[
            SourceEntry(number=1, id="a", file="a.txt", outlet="Reuters", title="Allies agree", date="2025-10-15",
                        url="https://example.org/a?x=1&y=2"),
            SourceEntry(number=2, id="b", file="b.txt", outlet="Defense News", title="Rutte: \"not there\"",
                        date="2025-10-14", url="javascript:alert(1)"),
            SourceEntry(number=3, id="c", file="c.txt"),
        ],
        marking="OFFICIAL",
    )
    for key, value in changes.items():
        setattr(briefing, key, value)
    return briefing


PROFILE = Profile(name="analyst", label="Analyst briefing", marking="OFFICIAL")


def make_files(folder: Path) -> list[Path]:
    """A real DOCX and PDF (what render makes), plus JSON and Markdown."""
    import docx
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    folder.mkdir(parents=True, exist_ok=True)
    word = docx.Document()
    word.add_heading("NATO defence ministers", 1)
    word.add_paragraph("Allies agreed to raise core defence spending. [1][3]")
    word.save(folder / "nato-2025-10-15-analyst.docx")
    pdf = canvas.Canvas(str(folder / "nato-2025-10-15-analyst.pdf"), pagesize=A4, invariant=1)
    pdf.drawString(72, 760, "NATO defence ministers: key points")
    pdf.save()
    (folder / "nato-2025-10-15-analyst.json").write_text('{"title": "NATO"}\n', encoding="utf-8")
    (folder / "Brèves – réunion.md").write_text("# Brèves\n\n- point\n", encoding="utf-8")
    return sorted(p for p in folder.iterdir() if p.suffix != ".eml")


def parse(data: bytes):
    return BytesParser(policy=policy.default).parsebytes(data)


# ------------------------------------------------------------------- subject


def test_subject_has_marking_title_label_and_main_event_date():
    assert subject_line(sample_briefing(), PROFILE) == "[OFFICIAL] NATO defence ministers: Analyst briefing, 15 Oct 2025"


def test_subject_falls_back_to_coverage_range_then_leaves_the_date_out():
    no_event = sample_briefing(events=[])
    assert subject_line(no_event, PROFILE).endswith("Analyst briefing, 14-15 Oct 2025")
    undated = sample_briefing(events=[], coverage=Coverage(sources=2, outlets=[], date_from=None, date_to=None))
    assert subject_line(undated, PROFILE) == "[OFFICIAL] NATO defence ministers: Analyst briefing"
    assert subject_line(undated, Profile(name="x", label="")) == "[OFFICIAL] NATO defence ministers: briefing"
    unmarked = sample_briefing(marking=None)
    assert subject_line(unmarked, Profile(name="x", label="Press quotes sheet")).startswith("NATO defence")


def test_date_ranges_read_as_people_write_them():
    assert format_range("2025-09-30", "2025-10-02") == "30 Sep - 2 Oct 2025"
    assert format_range("2024-12-30", "2025-01-02") == "30 Dec 2024 - 2 Jan 2025"
    assert format_range("2025-10-15", "2025-10-15") == "15 Oct 2025"
    assert format_range("2025-10", None) is None


def test_a_title_cannot_inject_headers():
    message = compose(sample_briefing(title="Hello\r\nBcc: spy@evil.example\r\n\r\nbody"), [], PROFILE)
    raw = to_bytes(message)
    parsed = parse(raw)
    assert parsed["Bcc"] is None and b"\r\nBcc:" not in raw
    assert parsed["Subject"].strip().startswith("[OFFICIAL] Hello Bcc: spy@evil.example body")


# --------------------------------------------------------------------- bodies


def test_message_has_both_bodies_with_key_points_citations_and_sources(tmp_path):
    files = make_files(tmp_path / "out")
    message = compose(sample_briefing(), files, PROFILE, sender="Analyst <analyst@example.org>",
                      to=["ops@example.org, Chief <chief@example.org>"], cc=["desk@example.org"],
                      reply_to="team@example.org")
    parsed = parse(to_bytes(message))
    assert parsed["X-Unsent"] == "1"
    assert [a.addr_spec for a in parsed["To"].addresses] == ["ops@example.org", "chief@example.org"]
    assert parsed["Cc"] == "desk@example.org" and parsed["Reply-To"] == "team@example.org"
    text = parsed.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith("OFFICIAL\n") and text.rstrip().endswith("OFFICIAL")
    assert "1. Allies agreed to raise core defence spending to 3.5% of GDP by 2035. [1][3]" in text
    assert "\u201cWe are <b>not</b> there yet & we know it\u201d \u2014 Mark Rutte, Secretary General [2]" in text
    assert "Sources: 3 articles from Reuters, Defense News, 14-15 Oct 2025." in text
    assert "[1] Reuters, 15 Oct 2025: Allies agree <https://example.org/a?x=1&y=2>" in text
    assert "Main event: 15 Oct 2025 (sources 1, 2, 3)." in text  # one date line; the reasoning stays in the files
    assert "One source reports an earlier meeting in June." not in text
    assert "javascript:" not in text and "\x0b" not in text and "\x00" not in text
    markup = parsed.get_body(("html",)).get_content()
    assert "<li>Allies agreed to raise core defence spending to 3.5% of GDP by 2035. <sup>[1][3]</sup></li>" in markup
    assert "Sources: 3 articles from Reuters, Defense News, 14-15 Oct 2025." in markup


def test_html_body_escapes_all_source_text():
    markup = parse(to_bytes(compose(sample_briefing(), [], PROFILE))).get_body(("html",)).get_content()

    class Tags(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags, self.hrefs = [], []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)
            self.hrefs += [v for k, v in attrs if k == "href"]

    parser = Tags()
    parser.feed(markup)
    assert "script" not in parser.tags and "b" not in parser.tags
    assert parser.hrefs == ["https://example.org/a?x=1&y=2"]  # javascript: is not a link
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in markup
    assert "We are &lt;b&gt;not&lt;/b&gt; there yet &amp; we know it" in markup
    assert "Rutte: &quot;not there&quot;" in markup


# ---------------------------------------------------------------- attachments


def test_attachments_have_right_types_names_and_identical_bytes(tmp_path):
    files = make_files(tmp_path / "out")
    parsed = parse(to_bytes(compose(sample_briefing(), files, PROFILE)))
    got = {part.get_filename(): part for part in parsed.iter_attachments()}
    assert sorted(got) == sorted(p.name for p in files)
    types = {name: part.get_content_type() for name, part in got.items()}
    assert types["nato-2025-10-15-analyst.docx"] == DOCX
    assert types["nato-2025-10-15-analyst.pdf"] == "application/pdf"
    assert types["nato-2025-10-15-analyst.json"] == "application/json"
    assert types["Brèves – réunion.md"] == "text/markdown"
    for path in files:
        assert got[path.name].get_payload(decode=True) == path.read_bytes()
        assert got[path.name].get_content_disposition() == "attachment"


def test_non_ascii_file_names_use_rfc_2231(tmp_path):
    files = make_files(tmp_path / "out")
    raw = to_bytes(compose(sample_briefing(), files, PROFILE))
    assert b"filename*=utf-8''Br%C3%A8ves%20%E2%80%93%20r%C3%A9union.md" in raw
    assert all(b < 128 for b in raw)  # the whole message is 7-bit clean


@pytest.mark.parametrize(("name", "safe"), [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\me\\brief.docx", "brief.docx"),
    ('a"b;c<d>.pdf', "a_b_c_d_.pdf"),
    ("tab\there\r\n.pdf", "tab_here_.pdf"),
    (".hidden", "hidden"),
    ("", "attachment"),
    ("x" * 300 + ".docx", "x" * 115 + ".docx"),
])
def test_safe_filename(name, safe):
    assert safe_filename(name) == safe


def test_bad_addresses_are_refused_with_the_offending_text():
    with pytest.raises(UsageError, match="To 'bob' is not an email address"):
        compose(sample_briefing(), [], PROFILE, to=["bob"])
    with pytest.raises(UsageError, match="'zoë@example.org' has non-ASCII characters"):
        parse_addresses("zoë@example.org", "Cc")
    with pytest.raises(UsageError, match="line break"):
        parse_addresses(["a@example.org\r\nBcc: x@y.org"])
    assert [str(a) for a in parse_addresses(["Zoë <zoe@example.org>; x@y.org"])][0] == "Zoë <zoe@example.org>"


# -------------------------------------------------------------- reproducible


def test_eml_is_byte_identical_under_source_date_epoch(tmp_path, monkeypatch):
    files = make_files(tmp_path / "out")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760486400")  # 2025-10-15 00:00 UTC
    first = write_eml(compose(sample_briefing(), files, PROFILE, sender="a@example.org"), tmp_path / "1.eml")
    second = write_eml(compose(sample_briefing(), files, PROFILE, sender="a@example.org"), tmp_path / "2.eml")
    assert first.read_bytes() == second.read_bytes()
    parsed = parse(first.read_bytes())
    assert parsed["Date"] == "Wed, 15 Oct 2025 00:00:00 +0000"
    assert parsed["Message-ID"].endswith("@example.org>")
    assert b"\r\n" in first.read_bytes() and b"\n" not in first.read_bytes().replace(b"\r\n", b"")

    files[0].write_bytes(files[0].read_bytes() + b"changed")
    third = to_bytes(compose(sample_briefing(), files, PROFILE, sender="a@example.org"))
    assert parse(third)["Message-ID"] != parsed["Message-ID"]


def test_without_source_date_epoch_message_ids_are_unique(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    ids = {compose(sample_briefing(), [], PROFILE)["Message-ID"] for _ in range(3)}
    assert len(ids) == 3


def test_eml_round_trips_through_read_eml(tmp_path):
    path = write_eml(compose(sample_briefing(), make_files(tmp_path / "o"), PROFILE), tmp_path / "d.eml")
    again = read_eml(path)
    assert again["Subject"] == subject_line(sample_briefing(), PROFILE)
    assert len(list(again.iter_attachments())) == 4
    (tmp_path / "junk.eml").write_bytes(b"just some text\n")
    with pytest.raises(UsageError, match="not an email message"):
        read_eml(tmp_path / "junk.eml")


# -------------------------------------------------------------------- deliver


def test_deliver_writes_the_draft_beside_the_outputs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "noconfig"))
    monkeypatch.setenv("BRIEFING_SMTP_FROM", "Desk <desk@example.org>")
    files = make_files(tmp_path / "out")
    files = [p for p in files if p.suffix in (".docx", ".pdf")]
    delivery = deliver(sample_briefing(), files, PROFILE, tmp_path / "out", MailOptions(email=True))
    assert delivery.eml == tmp_path / "out" / "nato-2025-10-15-analyst.eml" and delivery.report is None
    parsed = parse(delivery.eml.read_bytes())
    assert parsed["From"] == "Desk <desk@example.org>" and parsed["To"] is None
    assert find_draft(tmp_path / "out") == delivery.eml
    deliver(sample_briefing(), files[:1], PROFILE, tmp_path / "out", MailOptions(email=True), stem="other")
    with pytest.raises(UsageError, match="2 drafts .* name the one to send"):
        find_draft(tmp_path / "out")
    with pytest.raises(UsageError, match="no .eml draft here; build with --email first"):
        find_draft(tmp_path)


def test_a_broken_smtp_config_still_leaves_the_draft(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    config = tmp_path / "smtp.toml"
    config.write_text('host = "smtp.example.org"\npassword = "hunter2"\n', encoding="utf-8")
    options = MailOptions(to=["a@example.org"], smtp_config=config)
    with pytest.raises(UsageError) as caught:
        deliver(sample_briefing(), [], PROFILE, tmp_path / "out", options, stem="b")
    assert "refusing 'password' in the config file" in str(caught.value)
    assert f"the draft is saved as {tmp_path / 'out' / 'b.eml'}" in str(caught.value)
    assert parse((tmp_path / "out" / "b.eml").read_bytes())["To"] == "a@example.org"


# ------------------------------------------------------------------- settings


def test_settings_from_file_then_environment(tmp_path):
    (tmp_path / "corp-ca.pem").write_text("-----BEGIN CERTIFICATE-----\n", encoding="utf-8")
    config = tmp_path / "smtp.toml"
    config.write_text('host = "smtp.example.org"\nsecurity = "tls"\nuser = "me@example.org"\n'
                      'from = "Me <me@example.org>"\nca_file = "corp-ca.pem"\nmax_bytes = 10_000_000\n',
                      encoding="utf-8")
    settings = load_settings(config, env={})
    assert (settings.host, settings.effective_port, settings.security) == ("smtp.example.org", 465, "tls")
    assert settings.ca_file == str(tmp_path / "corp-ca.pem") and settings.max_bytes == 10_000_000
    env = {"BRIEFING_SMTP_HOST": "relay.example.org", "BRIEFING_SMTP_PORT": "2525",
           "BRIEFING_SMTP_SECURITY": "STARTTLS", PASSWORD_ENV: "s3cret"}
    settings = load_settings(config, env=env)
    assert (settings.server, settings.security, settings.sender) == ("relay.example.org:2525", "starttls",
                                                                     "Me <me@example.org>")
    assert find_password(settings) == ("s3cret", PASSWORD_ENV)
    assert "s3cret" not in repr(settings)


@pytest.mark.parametrize(("text", "env", "message"), [
    ('host = "h"\npassword = "x"\n', {}, "refusing 'password' in the config file (it would sit in plain text); "
                                           f"remove it and set {PASSWORD_ENV} or store it with "
                                           "`keyring set briefing-smtp USER`"),
    ('host = "h"\nhots = "x"\n', {}, "unknown setting(s) hots"),
    ('host = "h"\nport = "smtp"\n', {}, "port must be a whole number, not 'smtp'"),
    ('host = "h"\nsecurity = "ssl"\n', {}, "security must be one of starttls, tls, none, not 'ssl'"),
    ('host = "h"\nca_file = "missing.pem"\n', {}, "missing.pem not found"),
    ('host = [\n', {}, "not valid TOML"),
    ('host = "h"\n', {"BRIEFING_SMTP_PORT": "99999"}, "port must be between 1 and 65535, not 99999"),
])
def test_bad_settings_give_one_clear_line(tmp_path, text, env, message):
    config = tmp_path / "smtp.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_settings(config, env=env)
    assert message in str(caught.value) and caught.value.exit_code == EXIT_USAGE
    assert "\n" not in str(caught.value)


def test_named_config_must_exist_but_the_default_is_optional(tmp_path, monkeypatch):
    with pytest.raises(UsageError, match="SMTP config file not found"):
        load_settings(tmp_path / "nope.toml", env={})
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert load_settings(env={}).host is None
    (tmp_path / "briefing").mkdir()
    (tmp_path / "briefing" / "smtp.toml").write_text('[smtp]\nhost = "mail.example.org"\n', encoding="utf-8")
    assert load_settings(env={}).host == "mail.example.org"


def test_password_from_the_system_keyring(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1
        store = {("briefing-smtp", "me@example.org"): "from-keyring"}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        settings = load_settings(None, env={"BRIEFING_SMTP_HOST": "h.example.org",
                                            "BRIEFING_SMTP_USER": "me@example.org"})
        assert find_password(settings) == ("from-keyring", "keyring (briefing-smtp)")
        settings.user = "other@example.org"
        with pytest.raises(UsageError) as caught:
            find_password(settings)
        assert str(caught.value) == (
            "no password for SMTP user 'other@example.org' on h.example.org:587: set BRIEFING_SMTP_PASSWORD "
            "or run `keyring set briefing-smtp other@example.org`")
    finally:
        keyring.set_keyring(previous)


def test_bodies_say_when_sources_cover_different_events():
    from dataclasses import replace

    briefing = replace(sample_briefing(), event_summary="The sources report on 2 different events: <b>x</b>")
    message = compose(briefing, [], PROFILE)
    plain = message.get_body(("plain",)).get_content()
    html_part = message.get_body(("html",)).get_content()
    assert "The sources report on 2 different events" in plain
    assert "2 different events: &lt;b&gt;x&lt;/b&gt;" in html_part
