"""Sending through a real SMTP server (aiosmtpd) on 127.0.0.1, with TLS made here.

Every server stops at the end of its `with` block and every client call has a
short timeout, so a hung test cannot outlive a few seconds.
"""

from __future__ import annotations

import contextlib
import select
import socket
import ssl
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from briefing.errors import EXIT_SEND, EXIT_USAGE, BriefingError, UsageError
from briefing.mail import MailOptions, SendError, SmtpSettings, compose, deliver, human_size, send, send_draft, to_bytes
from briefing.mail.smtp import prepare
from test_mail import PROFILE, make_files, sample_briefing

USER, PASSWORD = "analyst@example.org", "correct horse"


# -------------------------------------------------------------------- servers


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def server_tls(ca) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture(scope="module")
def ca_file(ca, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


class Mailbox:
    """Records what arrives; can refuse recipients or the message."""

    def __init__(self, refuse=(), data_reply: str | None = None):
        self.refuse = set(refuse)
        self.data_reply = data_reply
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted for delivery"


def only(login: bytes, password: bytes):
    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (login, password)
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535

    return authenticator


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def smtp_server(handler, **options):
    """aiosmtpd on 127.0.0.1; options go to aiosmtpd.smtp.SMTP (tls_context=... for STARTTLS)."""
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), ready_timeout=5,
                            server_hostname="mail.test", **options)
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


@contextlib.contextmanager
def silent_listener():
    """A port that accepts connections (kernel backlog) and never says a word."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(4)
        yield sock


def nobody_connected(sock: socket.socket) -> bool:
    readable, _, _ = select.select([sock], [], [], 0.2)
    return not readable


def settings_for(port: int, **changes) -> SmtpSettings:
    base = dict(host="127.0.0.1", port=port, security="starttls", sender="Analyst <analyst@example.org>",
                timeout=5, helo="client.test")
    return SmtpSettings(**{**base, **changes})


@pytest.fixture
def message(tmp_path):
    files = make_files(tmp_path / "out")
    return compose(sample_briefing(), files, PROFILE, sender="Analyst <analyst@example.org>",
                   to=["ops@example.org"], cc=["desk@example.org"]), files


def parse(data: bytes):
    return BytesParser(policy=policy.default).parsebytes(data)


# ----------------------------------------------------------------- happy path


def test_send_over_starttls_with_login_delivers_an_identical_briefing(message, server_tls, ca_file):
    draft, files = message
    box = Mailbox()
    with smtp_server(box, tls_context=server_tls, require_starttls=True,
                     authenticator=only(USER.encode(), PASSWORD.encode()), auth_require_tls=True) as port:
        report = send(draft, settings_for(port, user=USER, password=PASSWORD, ca_file=str(ca_file)),
                      bcc=["hidden@example.org"])
    assert report.security == "STARTTLS, certificate verified" and report.password_from == "BRIEFING_SMTP_PASSWORD"
    [(mail_from, rcpts, data)] = box.received
    assert mail_from == "analyst@example.org"
    assert rcpts == ["ops@example.org", "desk@example.org", "hidden@example.org"]
    received = parse(data)
    assert received["Subject"] == "[OFFICIAL] NATO defence ministers: Analyst briefing, 15 Oct 2025"
    assert received["To"] == "ops@example.org" and received["Cc"] == "desk@example.org"
    assert received["X-Unsent"] is None and received["Message-ID"] == draft["Message-ID"]
    assert "Key points" in received.get_body(("plain",)).get_content()
    assert "<h3>Key points</h3>" in received.get_body(("html",)).get_content()
    attached = {part.get_filename(): part.get_payload(decode=True) for part in received.iter_attachments()}
    assert attached == {path.name: path.read_bytes() for path in files}
    # Bcc reaches the envelope only: nowhere in the headers.
    assert b"hidden@example.org" not in data
    assert not any(line.lower().startswith(b"bcc:") for line in data.split(b"\r\n"))
    assert report.size == len(data)


def test_implicit_tls_works_too(message, server_tls, ca_file):
    draft, _ = message
    box = Mailbox()
    with smtp_server(box, ssl_context=server_tls) as port:
        report = send(draft, settings_for(port, security="tls", ca_file=str(ca_file)), to=["chief@example.org"])
    assert report.security == "TLS, certificate verified"
    assert box.received[0][1] == ["chief@example.org", "desk@example.org"]  # To replaced, Cc kept


def test_untrusted_certificate_is_refused_unless_allowed(message, server_tls):
    draft, _ = message
    box = Mailbox()
    with smtp_server(box, tls_context=server_tls, require_starttls=True) as port:
        with pytest.raises(SendError) as caught:
            send(draft, settings_for(port))
        assert box.received == []
        report = send(draft, settings_for(port), allow_untrusted=True)
    assert str(caught.value) == (
        f"cannot trust the certificate of 127.0.0.1:{port} (unable to get local issuer certificate); "
        "set ca_file to your organisation's CA bundle, or pass --allow-untrusted-cert if you are sure "
        "this is the right server")
    assert caught.value.exit_code == EXIT_SEND
    assert report.security == "STARTTLS, certificate NOT verified" and len(box.received) == 1


def test_a_server_without_starttls_gets_nothing_in_clear_text(message):
    draft, _ = message
    box = Mailbox()
    with smtp_server(box) as port:
        with pytest.raises(SendError) as caught:
            send(draft, settings_for(port))
    assert str(caught.value) == (f"127.0.0.1:{port} does not offer STARTTLS, so nothing was sent unencrypted; "
                                 "use the server's TLS port with security = \"tls\" (usually 465)")
    assert box.received == []


# ------------------------------------------------------------------- failures


def test_connection_refused(message):
    port = free_port()
    with pytest.raises(SendError) as caught:
        send(message[0], settings_for(port))
    assert str(caught.value) == (
        f"cannot connect to 127.0.0.1:{port}: connection refused; check host and port "
        "(smtp.toml or BRIEFING_SMTP_HOST/BRIEFING_SMTP_PORT) and that the server is running")


def test_timeout(message):
    with silent_listener() as sock:
        port = sock.getsockname()[1]
        with pytest.raises(SendError) as caught:
            send(message[0], settings_for(port), timeout=0.3)
    assert str(caught.value) == (
        f"127.0.0.1:{port} did not answer within 0.3 s; check host and port (a port 465 server needs "
        "security = \"tls\") and your network, or raise timeout in smtp.toml")


def test_authentication_failure(message, server_tls, ca_file):
    box = Mailbox()
    with smtp_server(box, tls_context=server_tls, authenticator=only(b"x", b"y"), auth_require_tls=True) as port:
        with pytest.raises(SendError) as caught:
            send(message[0], settings_for(port, user=USER, password="wrong", ca_file=str(ca_file)))
    assert str(caught.value) == (
        f"127.0.0.1:{port} rejected the login for user '{USER}' (535 5.7.8 Authentication credentials "
        "invalid); check the user and the password (BRIEFING_SMTP_PASSWORD or the keyring)")
    assert box.received == []


def test_a_server_that_wants_a_login_says_so(message, server_tls, ca_file):
    box = Mailbox()
    with smtp_server(box, tls_context=server_tls, authenticator=only(b"x", b"y"), auth_required=True) as port:
        with pytest.raises(SendError) as caught:
            send(message[0], settings_for(port, ca_file=str(ca_file)))
    assert str(caught.value) == (
        f"127.0.0.1:{port} requires a login (530 5.7.0 Authentication required); set 'user' in smtp.toml or "
        "BRIEFING_SMTP_USER, and the password in BRIEFING_SMTP_PASSWORD or the keyring")


@pytest.mark.parametrize("where", ["data", "size"])
def test_message_too_large_552(message, server_tls, ca_file, where):
    """552 either after DATA or at MAIL FROM when the server advertises SIZE."""
    if where == "data":
        box, options = Mailbox(data_reply="552 5.3.4 Message size exceeds fixed limit"), {}
    else:
        box, options = Mailbox(), {"data_size_limit": 10_000}
    with smtp_server(box, tls_context=server_tls, **options) as port:
        with pytest.raises(SendError) as caught:
            send(message[0], settings_for(port, ca_file=str(ca_file)))
    reply = ("552 5.3.4 Message size exceeds fixed limit" if where == "data"
             else "552 Error: message size exceeds fixed maximum message size")
    assert str(caught.value) == (
        f"127.0.0.1:{port} refused the message as too large ({reply}); send fewer or smaller attachments "
        "(e.g. PDF only); setting max_bytes in smtp.toml to the server's limit catches this before sending")


def test_recipient_refused(message, server_tls, ca_file):
    box = Mailbox(refuse={"nobody@example.org"})
    with smtp_server(box, tls_context=server_tls) as port:
        settings = settings_for(port, ca_file=str(ca_file))
        with pytest.raises(SendError) as caught:
            send(message[0], settings, to=["nobody@example.org"], cc=["nobody@example.org"])
        assert str(caught.value) == (
            f"127.0.0.1:{port} refused recipient nobody@example.org (550 5.1.1 <nobody@example.org>: Recipient "
            "address rejected: User unknown); nothing was sent: check the address")
        with pytest.raises(SendError) as partly:
            send(message[0], settings, to=["ops@example.org", "nobody@example.org"], cc=["x@example.org"])
    assert str(partly.value) == (
        f"127.0.0.1:{port} refused recipient nobody@example.org (550 5.1.1 <nobody@example.org>: Recipient "
        "address rejected: User unknown); the message went to the other 2 recipients: check the refused "
        "address")
    assert box.received[0][1] == ["ops@example.org", "x@example.org"]
    assert partly.value.report.refused


def test_size_limit_is_checked_before_connecting(message):
    draft, _ = message
    with silent_listener() as sock:
        settings = settings_for(sock.getsockname()[1])
        size = len(to_bytes(prepare(draft, settings)[0]))
        with pytest.raises(SendError) as caught:
            send(draft, settings, max_bytes=10_000)
        assert nobody_connected(sock)
    assert size > 10_000
    assert str(caught.value) == (
        f"message is {human_size(size)} ({size:,} bytes), above the 10 KB limit (10,000 bytes); not sent: "
        "attach fewer or smaller files (e.g. PDF only) or raise max_bytes in smtp.toml")


def test_dry_run_connects_to_nothing_and_says_what_would_go(message):
    draft, _ = message
    with silent_listener() as sock:
        port = sock.getsockname()[1]
        report = send(draft, settings_for(port, user=USER, password=PASSWORD), bcc=["hidden@example.org"],
                      dry_run=True)
        assert nobody_connected(sock)
    lines = report.describe()
    assert lines[0].startswith(f"would send '[OFFICIAL] NATO defence ministers: Analyst briefing, 15 Oct 2025' (")
    assert lines[0].endswith(f"via 127.0.0.1:{port} (STARTTLS, certificate verified)")
    assert "  bcc: hidden@example.org" in lines and "  password: from BRIEFING_SMTP_PASSWORD" in lines


def test_missing_pieces_are_usage_errors_before_connecting(message):
    draft, _ = message
    with pytest.raises(UsageError, match="no SMTP server: set 'host'"):
        send(draft, SmtpSettings(sender="a@example.org"))
    with pytest.raises(UsageError, match="no recipients: give --send-to"):
        send(compose(sample_briefing(), [], PROFILE), SmtpSettings(host="h", sender="a@example.org"))
    with pytest.raises(UsageError, match="no sender address"):
        send(compose(sample_briefing(), [], PROFILE, to=["a@example.org"]), SmtpSettings(host="h"))
    with pytest.raises(UsageError, match="refusing to send the password for 'u' unencrypted to smtp.example.org:25"):
        send(draft, SmtpSettings(host="smtp.example.org", security="none", user="u", password="p"))


# ------------------------------------------------- draft first, then the send


def test_deliver_keeps_the_draft_when_sending_fails(tmp_path, monkeypatch):
    monkeypatch.delenv("BRIEFING_SMTP_PASSWORD", raising=False)
    files = make_files(tmp_path / "out")
    port = free_port()
    options = MailOptions(to=["ops@example.org"], bcc=["hidden@example.org"])
    with pytest.raises(SendError) as caught:
        deliver(sample_briefing(), files, PROFILE, tmp_path / "out", options, settings_for(port), stem="brief")
    eml = tmp_path / "out" / "brief.eml"
    assert str(caught.value).endswith(f"is running; the draft is saved as {eml}")
    draft = parse(eml.read_bytes())
    assert draft["To"] == "ops@example.org" and draft["Bcc"] is None and b"hidden" not in eml.read_bytes()
    assert len(list(draft.iter_attachments())) == len(files)


def test_send_draft_sends_a_saved_eml(tmp_path, server_tls, ca_file):
    files = make_files(tmp_path / "out")
    delivered = deliver(sample_briefing(), files, PROFILE, tmp_path / "out", MailOptions(email=True),
                        settings_for(1), stem="brief")
    box = Mailbox()
    with smtp_server(box, tls_context=server_tls) as port:
        report = send_draft(tmp_path / "out", MailOptions(to=["chief@example.org"], bcc=["b@example.org"],
                                                          reply_to="press@example.org"),
                            settings_for(port, ca_file=str(ca_file)))
    [(_, rcpts, data)] = box.received
    assert rcpts == ["chief@example.org", "b@example.org"] and report.to == ["chief@example.org"]
    received = parse(data)
    assert received["Reply-To"] == "press@example.org" and received["To"] == "chief@example.org"
    assert {p.get_filename(): p.get_payload(decode=True) for p in received.iter_attachments()} == {
        p.name: p.read_bytes() for p in files}
    assert delivered.eml.exists()


def test_every_failure_is_one_line_with_the_send_exit_code(message):
    port = free_port()
    with pytest.raises(BriefingError) as caught:
        send(message[0], settings_for(port))
    assert "\n" not in str(caught.value) and caught.value.exit_code == EXIT_SEND != EXIT_USAGE
