"""Hostile input, hostile caches and hard stops: each case an attacker (or bad luck) can bring.

Planted cache folders, FIFOs and devices, SIGTERM and kill -9, run-away
templates, a move that fails half-way, scripts the PDF font cannot draw,
file names that are not UTF-8, bidi controls, stray bytes, smuggled
addresses, trickling and echoing SMTP servers, and the small ones (umask,
closed stdout, full disks, option values). Servers run on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import pickle
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, run_cli

from briefing import corpus_cache, pipeline, signing
from briefing.errors import EXIT_OUTPUT, EXIT_USAGE, OutputError, SourceError, UsageError
from briefing.ingest import readers
from briefing.ingest.normalize import BIDI_CONTROLS, decode_report
from briefing.mail import MailOptions, SendError, SmtpSettings, compose, send
from briefing.render import templates as tpl

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import write_corpus  # noqa: E402 - the benchmarks' synthetic articles

ARTICLE = ("Defence ministers met in Brussels on Tuesday to agree a new plan for air defence.\n\n"
           "\u201cWe will spend more, and faster,\u201d Secretary General Mark Rutte told reporters after the "
           "meeting.\n\nThe ministers said spending would rise by 5% of GDP by 2035, officials said.\n")


def seeds_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "sources"
    shutil.copytree(SEEDS, folder)
    return folder


def build_args(sources, out: Path, *more: str) -> list[str]:
    return ["build", *map(str, sources if isinstance(sources, list) else [sources]), "-f", "json", "-o", str(out),
            "-q", *more]


# ------------------------------------------------------------ 1. planted caches


class _Planted:
    """Unpickling this creates a file: proof that a planted entry ran."""

    def __init__(self, target: Path):
        self.target = target

    def __reduce__(self):
        return (Path.touch, (self.target,))


def _plant(folder: Path, planted: Path, key: str) -> None:
    """A cache folder as an attacker would prepare it: its own key, and entries signed with it."""
    folder.mkdir(parents=True, exist_ok=True)
    secret = b"s" * 32
    (folder / "corpus-key").write_bytes(secret)  # where the old format kept its key
    (folder / "corpus-key").chmod(0o600)
    payload = pickle.dumps(_Planted(planted))
    for version in (corpus_cache.version_folder(), "corpus-v1-000000000000"):
        (folder / version).mkdir(exist_ok=True)
        (folder / version / f"{key}.pickle").write_bytes(b"briefing-corpus\n" + signing.sign(secret, key, payload)
                                                         + payload)
        (folder / version / f"{key}{corpus_cache.SUFFIX}").write_bytes(
            signing.seal(secret, key, corpus_cache.MAGIC, payload))


@pytest.mark.parametrize("how", ["--cache", "BRIEFING_CACHE_DIR"])
def test_a_planted_cache_folder_never_runs_its_code(tmp_path, how):
    corpus = seeds_copy(tmp_path)
    settings = corpus_cache.settings_of(pipeline.BuildOptions(sources=[str(corpus)]), pipeline.load_topics(None))
    files, _ = pipeline.ingest.expand_paths([str(corpus)])
    key = corpus_cache.corpus_key(files, [corpus], settings)
    planted, folder = tmp_path / "planted", tmp_path / "their-cache"
    _plant(folder, planted, key)
    env = {"BRIEFING_CACHE_DIR": str(folder)} if how == "BRIEFING_CACHE_DIR" else {}
    extra = ("--cache", str(folder)) if how == "--cache" else ()
    done = run_cli(*build_args(corpus, tmp_path / "out", *extra), env=env)
    assert done.returncode == 0, done.stderr
    assert not planted.exists()
    assert not list(folder.rglob("*.pickle")) or all(p.read_bytes().startswith(b"briefing-corpus\n")
                                                     for p in folder.rglob("*.pickle"))  # left alone, never read


# --------------------------------------------------- 2. FIFOs, devices, pipes


def test_a_fifo_with_no_writer_times_out_instead_of_hanging(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "READ_TIMEOUT", 0.5)
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(SourceError, match="no data arrived within 0.5 s"):
        readers.read_source(fifo, 1_000_000)
    assert time.monotonic() - start < 5


def test_a_fifo_named_on_the_command_line_is_read_once(tmp_path):
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)

    def writer() -> None:
        with open(fifo, "w", encoding="utf-8") as handle:  # blocks until the build opens it
            handle.write(ARTICLE)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    done = run_cli(*build_args(fifo, tmp_path / "out"), env={"BRIEFING_CACHE_DIR": str(tmp_path / "c")})
    thread.join(5)
    assert done.returncode == 0, done.stderr
    (out,) = (tmp_path / "out").glob("*.json")
    assert "Rutte" in out.read_text(encoding="utf-8")
    assert not list((tmp_path / "c").glob("corpus-v*/*"))  # a pipe can be read once: no corpus kept


def test_dev_zero_is_refused_at_the_byte_limit_not_after_filling_memory():
    start = time.monotonic()
    with pytest.raises(SourceError, match="too large"):
        readers.read_source("/dev/zero", 2_000_000)
    assert time.monotonic() - start < 5


def test_a_process_substitution_pipe_is_read_not_drained_by_the_cache(tmp_path):
    """`briefing build <(cmd)`: the cache key must not consume what the reader needs."""
    read_end, write_end = os.pipe()
    os.write(write_end, ARTICLE.encode("utf-8"))
    os.close(write_end)
    try:
        done = subprocess.run([sys.executable, "-m", "briefing", *build_args(f"/dev/fd/{read_end}", tmp_path / "out")],
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                              pass_fds=(read_end,), timeout=300)
    finally:
        os.close(read_end)
    assert done.returncode == 0, done.stderr
    assert "Rutte" in next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8")


def test_a_file_changed_between_key_and_read_is_not_cached_under_the_old_key(tmp_path, monkeypatch):
    corpus = seeds_copy(tmp_path)
    victim = sorted(corpus.glob("*.txt"))[0]
    real = corpus_cache.file_digests

    def then_edit(files):
        digests = real(files)  # the key sees the old bytes; the reader will get new ones
        victim.write_text(victim.read_text(encoding="utf-8") + "\nA line added meanwhile.\n", encoding="utf-8")
        return digests

    monkeypatch.setattr(corpus_cache, "file_digests", then_edit)
    cache = tmp_path / "cache"
    pipeline.make_briefing(pipeline.BuildOptions(sources=[str(corpus)], cache_dir=cache, n_process=1))
    assert not list(cache.glob(f"corpus-v*/*{corpus_cache.SUFFIX}"))
    monkeypatch.setattr(corpus_cache, "file_digests", real)
    pipeline.make_briefing(pipeline.BuildOptions(sources=[str(corpus)], cache_dir=cache, n_process=1))
    assert len(list(cache.glob(f"corpus-v*/*{corpus_cache.SUFFIX}"))) == 1  # read as hashed: kept


def test_folders_give_only_regular_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(folder / "b.txt")
    (folder / "c.txt").symlink_to("/dev/zero")
    files, _ = pipeline.ingest.expand_paths([folder])
    assert files == [str(folder / "a.txt")]


# ------------------------------------------------------ 3. SIGTERM and kill -9


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found |= {int(x) for x in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("big") / "corpus"
    write_corpus(folder, 120)
    return folder


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_stopping_a_build_leaves_no_worker_behind(tmp_path, big_corpus, sig):
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "briefing", *build_args(big_corpus, out, "--no-cache", "-j", "2")],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        time.sleep(0.1)
        workers |= _children(proc.pid)
    assert len(workers) >= 2, "the build never started its workers"
    time.sleep(0.5)
    workers |= _children(proc.pid)
    proc.send_signal(sig)
    proc.wait(60)
    stderr = proc.stderr.read()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "workers outlived the build"
    if sig == signal.SIGTERM:
        assert proc.returncode == 128 + signal.SIGTERM and stderr.strip() == "error: stopped by SIGTERM"
        assert not list(out.glob(".briefing-*"))  # the staging folder went too


def test_leftovers_of_killed_builds_are_removed_after_a_day(tmp_path):
    corpus, cache, out = seeds_copy(tmp_path), tmp_path / "cache", tmp_path / "out"
    assert run_cli(*build_args(corpus, out, "--cache", str(cache))).returncode == 0
    entry_folder = next(cache.glob("corpus-v*"))
    analysis_folder = next(p for p in cache.glob("analysis-v*/*/*") if p.is_dir())
    old = time.time() - 2 * 86400
    leftovers = [entry_folder / ".x.entry.abc.tmp", analysis_folder / ".y.json.abc.tmp", out / ".briefing-abc"]
    fresh = [entry_folder / ".z.entry.def.tmp", out / ".briefing-def"]
    for path in leftovers + fresh:
        path.mkdir() if path.name.startswith(".briefing") else path.write_bytes(b"half")
    for path in leftovers:
        os.utime(path, (old, old))
    assert run_cli(*build_args(corpus, out, "--cache", str(cache), "-a", "executive")).returncode == 0
    assert not [p for p in leftovers if p.exists()] and all(p.exists() for p in fresh)


# ---------------------------------------------------------- 4. run-away templates


RUNAWAY = {
    "nested ranges": "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "center": "{{ 'x'|center(1000000000) }}",
    "tilde doubling": "{% set ns = namespace(s='x' * 1000) %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
                      "{% endfor %}",
    "plus doubling": "{% set ns = namespace(s='x' * 1000) %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
                     "{% endfor %}",
    "join": "{{ (['x' * 100000] * 9)|join('y' * 200000) }}",
    "replace": "{{ ('x' * 100000)|replace('x', 'y' * 20) }}",
    "format width": "{{ '%900000000s'|format('a') }}",
    "percent width": "{{ '%900000000s' % 'a' }}",
    "indent": "{{ ('x\\n' * 400000)|indent(100) }}",
    "output": "{% for i in range(100000) %}{{ 'x' * 999999 }}{% endfor %}",
}


@pytest.mark.parametrize("case", RUNAWAY, ids=list(RUNAWAY))
def test_a_runaway_template_is_stopped(tmp_path, monkeypatch, case):
    monkeypatch.setattr(tpl, "TIME_LIMIT", 1.0)
    (tmp_path / "t.j2").write_text(RUNAWAY[case], encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(UsageError, match="template refused: template (ran longer|builds a value|writes more)"):
        tpl.render_template("t.j2", {}, tmp_path, autoescape=True)
    assert time.monotonic() - start < 5


def test_templates_check_stops_a_runaway_template_too(tmp_path, monkeypatch):
    monkeypatch.setattr(tpl, "TIME_LIMIT", 1.0)
    tpl.init_templates(tmp_path / "t")
    html = tmp_path / "t" / "briefing.html.j2"
    html.write_text(RUNAWAY["nested ranges"] + html.read_text(encoding="utf-8"), encoding="utf-8")
    start = time.monotonic()
    problems = tpl.check_templates(tmp_path / "t")
    assert any("ran longer than 1 s" in p for p in problems) and time.monotonic() - start < 20


def test_an_include_outside_the_templates_folder_is_named(tmp_path):
    (tmp_path / "t.j2").write_text("{% include '/etc/passwd' %}", encoding="utf-8")
    with pytest.raises(UsageError, match="includes '/etc/passwd', which is not a template in"):
        tpl.render_template("t.j2", {}, tmp_path, autoescape=True)


def test_ordinary_templates_still_render(tmp_path):
    (tmp_path / "t.j2").write_text("{{ 1 + 2 }} {{ 'a' ~ 'b' }} {{ [1, 2]|join(',') }} {{ 'ab'|center(6) }} "
                                   "{{ '%5s'|format('x') }} {% for i in range(3) %}{{ i }}{% endfor %}",
                                   encoding="utf-8")
    assert tpl.render_template("t.j2", {}, tmp_path, autoescape=True) == "3 ab 1,2   ab       x 012"


# --------------------------------------------------------- 5. all-or-nothing moves


@pytest.fixture(scope="module")
def seeds_briefing():
    briefing, _ = pipeline.make_briefing(pipeline.BuildOptions(sources=[str(SEEDS)], n_process=1))
    return briefing


def test_a_folder_in_the_way_changes_no_output(tmp_path, seeds_briefing):
    out = tmp_path / "out"
    options = pipeline.BuildOptions(sources=[str(SEEDS)], formats=["json", "md"], out=out)
    first = pipeline.write_outputs(seeds_briefing, options)
    before = {p: p.read_bytes() for p in first}
    first[1].unlink()
    first[1].mkdir()  # a folder where the .md goes
    (first[0]).write_bytes(b"previous json")
    with pytest.raises(OutputError) as caught:
        pipeline.write_outputs(seeds_briefing, options)
    assert str(caught.value).startswith(f"{first[1]}: cannot replace it") and caught.value.exit_code == EXIT_OUTPUT
    assert first[0].read_bytes() == b"previous json" and before  # untouched
    assert not list(out.glob(".briefing-*"))


def test_a_move_that_fails_half_way_is_rolled_back(tmp_path, seeds_briefing, monkeypatch):
    out = tmp_path / "out"
    options = pipeline.BuildOptions(sources=[str(SEEDS)], formats=["json", "md", "html"], out=out)
    paths = pipeline.write_outputs(seeds_briefing, options)
    for path in paths:
        path.write_bytes(b"old " + path.suffix.encode())
    real = os.replace

    def failing(src, dst):
        if Path(dst) == paths[2] and Path(src).parent.name.startswith(".briefing-"):  # the new file's move
            raise OSError(errno.EACCES, "Permission denied")  # as Windows says of a file open in Word
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OutputError) as caught:
        pipeline.write_outputs(seeds_briefing, options)
    assert str(caught.value).startswith(f"{paths[2]}: cannot replace it (Permission denied)")
    assert [p.read_bytes() for p in paths] == [b"old .json", b"old .md", b"old .html"]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)


# ------------------------------------------- 6. scripts the font cannot draw, names


def test_an_arabic_outlet_and_an_emoji_title_do_not_sink_the_build(tmp_path):
    corpus = seeds_copy(tmp_path)
    manifest = corpus / "sources.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('outlet = "UK Defence Journal"',
                                                                     'outlet = "الجزيرة"'), encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli(*build_args(corpus, out, "--title", "Ministers meet \U0001F680"), "-f", "json,pdf,docx,html,md")
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:") and "U+" in line]
    assert len(warnings) == 1 and "U+0627" in warnings[0] and "U+1F680" in warnings[0] and str(out) in warnings[0]
    assert ".briefing-" not in done.stderr
    data = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert any(s["outlet"] == "الجزيرة" for s in data["sources"])  # the other formats keep the text
    strict = run_cli(*build_args(corpus, tmp_path / "strict", "--title", "Ministers meet \U0001F680", "--strict"),
                     "-f", "pdf")
    assert strict.returncode == EXIT_OUTPUT and ".briefing-" not in strict.stderr
    assert strict.stderr.startswith(f"error: {tmp_path / 'strict'}/") and "U+1F680" in strict.stderr


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9-report.txt")
    (folder / name).write_text(ARTICLE, encoding="utf-8")
    (folder / "ok\x1b[31m.txt").write_text("", encoding="utf-8")  # empty: skipped, with its name in the warning
    out = tmp_path / "out"
    done = run_cli(*build_args(folder, out, "--email"), "-f", "json,md")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stderr and "ok\\x1b[31m.txt" in done.stderr
    text = next(out.glob("*.json")).read_text(encoding="utf-8")
    assert "caf\\\\xe9-report.txt" in text  # the escape, as JSON writes a backslash
    assert next(out.glob("*.eml")).stat().st_size > 0


# ------------------------------------------------------------------ 7. bidi


def test_bidi_controls_reach_no_output(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    sneaky = ARTICLE.replace("5% of GDP", "\u202e%5\u202c of GDP").replace("Mark Rutte", "Mark \u2067Rutte\u2069")
    (folder / "a.txt").write_text(sneaky, encoding="utf-8")
    (folder / "sources.toml").write_text('[[source]]\nfile = "a.txt"\noutlet = "The \u202eDaily\u202c"\n',
                                         encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli(*build_args(folder, out, "--explain", "--email"), "-f", "json,html,md,docx,pdf")
    assert done.returncode == 0, done.stderr
    shown = [done.stdout, done.stderr] + [p.read_bytes().decode("utf-8", "replace") for p in out.glob("*")
                                          if p.suffix in (".json", ".html", ".md", ".eml")]
    for text in shown:
        assert not set(BIDI_CONTROLS) & set(text)
        assert "=E2=80=AE" not in text and "\u202e".encode("utf-8").hex() not in text
    assert "%5 of GDP" in next(out.glob("*.json")).read_text(encoding="utf-8")  # logical order, as typed


# ---------------------------------------------------------------- 8. decoding


def test_one_stray_latin1_byte_costs_a_character_not_the_article():
    data = ("Le ministre a dit \u00ab non \u00bb \u2014 caf\u00e9 \u00e0 5 \u20ac. ").encode("utf-8") * 20 + b"na\xefve."
    text, encoding, warning = decode_report(data)
    assert encoding == "utf-8" and text.endswith("na\ufffdve.") and "caf\u00e9" in text
    assert warning == "1 byte sequence is not valid UTF-8; shown as \ufffd (U+FFFD)"


def test_the_warning_reaches_the_user(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(ARTICLE.encode("utf-8") + b"Caf\xe9 talks went on.\n")
    done = run_cli(*build_args(folder, tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert f"warning: {folder / 'a.txt'}: 1 byte sequence is not valid UTF-8" in done.stderr


def test_utf16_without_bom_is_read():
    text, encoding, warning = decode_report(ARTICLE.encode("utf-16-le"))
    assert (text, encoding, warning) == (ARTICLE, "utf-16-le", None)
    assert decode_report(ARTICLE.encode("utf-16-be"))[0] == ARTICLE


def test_cp1252_stays_cp1252():
    text, encoding, warning = decode_report("The \u2019quoted\u2019 caf\u00e9 costs 5\u20ac.".encode("cp1252"))
    assert text == "The \u2019quoted\u2019 caf\u00e9 costs 5\u20ac." and warning is None


# ------------------------------------------------------------------- 9. email


@pytest.mark.parametrize("address", ["x@y.com <evil@z.com>", '"x@y.com" <evil@z.com>',
                                     "=?utf-8?q?evil=40z.com?= <ops@example.org>"])
def test_a_smuggled_recipient_is_refused_before_the_build(tmp_path, address):
    start = time.monotonic()
    done = run_cli(*build_args(SEEDS, tmp_path / "out", "--send-to", address, "--dry-run"))
    assert done.returncode == EXIT_USAGE and "--send-to" in done.stderr
    assert not (tmp_path / "out").exists() and time.monotonic() - start < 60


def test_lists_of_plain_addresses_still_work():
    MailOptions(to=["A <a@example.org>, b@example.org", '"Doe, J" <j@example.org>']).check()


def _serve(handler) -> tuple[socket.socket, threading.Thread]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(10)

    def run() -> None:
        with contextlib.suppress(OSError):
            conn, _ = listener.accept()
            with conn:
                handler(conn)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return listener, thread


def _message():
    from test_mail import PROFILE, sample_briefing

    return compose(sample_briefing(), [], PROFILE, sender="a@example.org", to=["ops@example.org"])


def test_a_trickling_server_meets_the_overall_deadline():
    def trickle(conn: socket.socket) -> None:
        for byte in b"220 mail.test ESMTP slowly but surely\r\n" * 10:  # bounded: ~12 s at most
            conn.sendall(bytes([byte]))
            time.sleep(0.03)

    listener, thread = _serve(trickle)
    with listener:
        settings = SmtpSettings(host="127.0.0.1", port=listener.getsockname()[1], security="none",
                                sender="a@example.org", timeout=0.25)
        message = _message()
        start = time.monotonic()
        with pytest.raises(SendError, match="did not finish within 1 s"):
            send(message, settings)
        assert time.monotonic() - start < 3


def test_a_server_echoing_the_auth_line_does_not_print_the_credentials():
    def echo(conn: socket.socket) -> None:
        conn.sendall(b"220 mail.test ESMTP\r\n")
        reader = conn.makefile("rb")
        for line in reader:
            if line.upper().startswith((b"EHLO", b"HELO")):
                conn.sendall(b"250-mail.test\r\n250 AUTH PLAIN LOGIN\r\n")
            elif line.upper().startswith(b"AUTH"):
                conn.sendall(b"535 5.7.8 Bad credentials: " + line.strip() + b"\r\n")
            elif line.upper().startswith(b"QUIT"):
                conn.sendall(b"221 bye\r\n")
                return
            else:
                conn.sendall(b"502 what\r\n")

    listener, thread = _serve(echo)
    with listener:
        settings = SmtpSettings(host="127.0.0.1", port=listener.getsockname()[1], security="none",
                                sender="a@example.org", user="analyst", password="correct horse battery", timeout=5)
        with pytest.raises(SendError) as caught:
            send(_message(), settings)
    import base64

    message = str(caught.value)
    assert "Bad credentials" in message and "[removed]" in message
    for secret in (base64.b64encode(b"\0analyst\0correct horse battery").decode(), "correct horse"):
        assert secret not in message


# ------------------------------------------------------------- 10. small ones


@pytest.mark.parametrize("mask, output_mode, cache_mode", [(0o077, 0o600, 0o600), (0o022, 0o644, 0o600)])
def test_outputs_and_cache_entries_follow_the_umask(tmp_path, mask, output_mode, cache_mode):
    cache, out = tmp_path / "cache", tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "briefing", *build_args(SEEDS, out, "--cache", str(cache))],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          preexec_fn=lambda: os.umask(mask), timeout=300)
    assert done.returncode == 0, done.stderr
    assert {stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()} == {output_mode}
    entries = [p for p in cache.rglob("*") if p.is_file()]
    assert entries and {stat.S_IMODE(p.stat().st_mode) for p in entries} == {cache_mode}
    assert {stat.S_IMODE(p.stat().st_mode) for p in cache.rglob("*") if p.is_dir()} == {0o700}


def test_a_closed_or_full_stdout_is_not_an_internal_error(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "briefing", *build_args(SEEDS, tmp_path / "out")]
    with open("/dev/full", "w") as full:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=full, stderr=subprocess.PIPE, text=True, timeout=300)
    assert done.returncode == EXIT_OUTPUT
    assert done.stderr.strip() == "error: cannot write to standard output (No space left on device)"
    piped = subprocess.run(f"{' '.join(map(str, command))} | head -c 0; exit ${{PIPESTATUS[0]}}", shell=True,
                           executable="/bin/bash", cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert piped.returncode in (0, 141) and "internal error" not in piped.stderr and "Traceback" not in piped.stderr


def test_templates_init_on_a_full_disk_leaves_nothing_half_made(tmp_path, monkeypatch):
    real = tpl.write_atomic
    calls = []

    def filling(path, data, *args):
        calls.append(path)
        if len(calls) == 3:
            raise OutputError(f"{path}: cannot write (No space left on device)")
        return real(path, data, *args)

    monkeypatch.setattr(tpl, "write_atomic", filling)
    target = tmp_path / "deep" / "templates"
    with pytest.raises(OutputError) as caught:
        tpl.init_templates(target)
    assert str(caught.value) == f"{target}: cannot copy templates (No space left on device); nothing was left half-copied"
    assert not (tmp_path / "deep").exists()


def test_a_damaged_pdf_is_one_line_without_pypdf_chatter(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    good = tmp_path / "in" / "a.pdf"
    good.parent.mkdir()
    canvas = Canvas(str(good))
    canvas.drawString(72, 720, "Defence ministers met in Brussels on Tuesday, officials said.")
    canvas.save()
    data = good.read_bytes()
    good.write_bytes(data[: data.rindex(b"xref")] + b"xref\n0 1\nbroken\ntrailer\n<<>>\n%%EOF\n")
    (tmp_path / "in" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    done = run_cli(*build_args(tmp_path / "in", tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    topics = "matched nothing in the sources"  # the default topics do not fit this small article: said, not an error
    assert [line for line in done.stderr.splitlines() if "a.pdf" not in line and topics not in line] == []


@pytest.mark.parametrize("args, message", [
    (("--max-mb", "-1"), "--max-mb must be more than 0"),
    (("--max-mb", "nan"), "--max-mb must be more than 0"),
    (("--max-mb", "inf"), "--max-mb must be more than 0"),
    (("--max-mb", "1e12"), "--max-mb must be more than 0"),
    (("--jobs", "-1"), "--jobs must be between 0"),
    (("--jobs", "99999"), "--jobs must be between 0"),
    (("-a", "../../../tmp/x"), "is not a profile name"),
])
def test_bad_option_values_are_usage_errors(tmp_path, args, message):
    done = run_cli(*build_args(SEEDS, tmp_path / "out", *args))
    assert done.returncode == EXIT_USAGE and message in done.stderr and len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_inspect_refuses_a_negative_size_too():
    done = run_cli("inspect", str(SEEDS), "--max-mb", "-5")
    assert done.returncode == EXIT_USAGE and "--max-mb" in done.stderr


def test_a_nan_smtp_timeout_is_refused(tmp_path):
    from briefing.mail.settings import load_settings

    config = tmp_path / "smtp.toml"
    config.write_text('host = "127.0.0.1"\ntimeout = nan\n', encoding="utf-8")
    with pytest.raises(UsageError, match="timeout must be more than 0"):
        load_settings(config)
