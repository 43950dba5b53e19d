"""Tests for the reading stage (strikewatch.read) on small files written here."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
from _shared import CORPUS, missing

from strikewatch.model import Article
from strikewatch.read import (
    MAX_BYTES,
    ReadError,
    article_from_html,
    count_paths,
    find_published,
    parse_date,
    published_from_html,
    read_paths,
)
from strikewatch.read import files as files_module

BODY = (
    "About 300 bus drivers in Springfield walked off the job on Thursday after talks with "
    "the transit authority broke down over wages and schedules."
)

PAGE = """<!DOCTYPE html>
<html><head><title>Bus drivers strike in Springfield | Example News</title>
<meta property="og:site_name" content="Example News">
<link rel="canonical" href="https://example.com/news/bus-drivers-strike">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Bus drivers strike in Springfield", "datePublished": "2024-05-02T08:30:00-05:00"}
</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Bus drivers strike in Springfield</h1>
<p>About 300 bus drivers in Springfield walked off the job on Thursday after contract talks
with the city transit authority broke down over wages and schedules.</p>
<p>The drivers, members of a transit workers union local, want a raise of 5 percent a year.
The authority has offered 2 percent, a union spokesperson said at the picket line.</p>
<p>Service on most routes was suspended and the authority said it would post updates on its
website as talks continue next week.</p>
</article>
<footer>Copyright Example News</footer>
</body></html>
"""


def art(id: str = "a1", text: str = BODY, **kw: object) -> dict[str, object]:
    return {"id": id, "url": None, "source": None, "title": None, "published": None, "text": text, **kw}


def read_all(*paths: str | Path) -> list[Article | ReadError]:
    return list(read_paths(paths))


def articles(items: list[Article | ReadError]) -> list[Article]:
    return [x for x in items if isinstance(x, Article)]


def errors(items: list[Article | ReadError]) -> list[ReadError]:
    return [x for x in items if isinstance(x, ReadError)]


def only_error(path: Path) -> ReadError:
    items = read_all(path)
    assert len(items) == 1 and isinstance(items[0], ReadError), items
    return items[0]


# --- find_published ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "span"),
    [
        (" date 2023-03-23 Classes will resume on Friday.", "2023-03-23", "2023-03-23"),
        ("Date: March 23, 2023\n\nWorkers rallied.", "2023-03-23", "March 23, 2023"),
        (
            "Staff hold rally\n\nJane Roe, Sam Poe 19 December 2025\n\nOn Monday, workers rallied.",
            "2025-12-19",
            "19 December 2025",
        ),
        ("Strike ends\nPublished Oct. 4, 2023\nNurses returned to work.", "2023-10-04", "Oct. 4, 2023"),
        (
            "Nurses strike\nUpdated: 3:15 PM EDT March 13, 2023\nNurses struck.",
            "2023-03-13",
            "March 13, 2023",
        ),
        (
            "Headline\nPublished: Dec. 11, 2023 at 6:32 PM EST|Updated: Dec. 12, 2023 at 9:00 AM EST\n",
            "2023-12-11",
            "Dec. 11, 2023",
        ),
        (
            "Posted 9:05 AM, June 26, 2019, by , Updated at 10:24AM, June 27, 2019\n",
            "2019-06-26",
            "June 26, 2019",
        ),
        (
            "Lockout begins\n\nDan Roe Tuesday, June 26, 2018\n\nThe company locked out",
            "2018-06-26",
            "June 26, 2018",
        ),
        ("Walkout\n\nBy A. B. Writer — April 19, 2018 7 min read\nStudents", "2018-04-19", "April 19, 2018"),
        (
            "- Associated Press - Friday, August 14, 2015\n\nTOWN, Pa. (AP) - A lockout",
            "2015-08-14",
            "August 14, 2015",
        ),
        ("Militants killed\n\n 12 Mar 2017 - 21:07\n\nKabul: ...", "2017-03-12", "12 Mar 2017"),
        ("SPRINGFIELD, Ill., March 3, 2023 (AP) — Bus drivers struck.", "2023-03-03", "March 3, 2023"),
    ],
)
def test_find_published_finds_stated_dates(text: str, expected: str, span: str) -> None:
    date, ev = find_published(text)
    assert date == expected
    assert ev is not None and ev.text == span and text[ev.start : ev.end] == span


@pytest.mark.parametrize(
    "text",
    [
        # body narrative dates are not publication dates
        "Teachers rallied for a contract.\n\nThe union said that on March 21, 2023 workers struck.",
        "Nurses plan strike\nThe union plans to go on strike starting April 25, 2022, it said.\n",
        "Workers struck last week.\n" * 10 + "On March 21, 2023 workers struck at the plant.",
        # a headline with a date is not a byline
        "Teachers Strike Set For March 21, 2023\n\nThe union voted.",
        "Big March 5 2024 Rally\n\nThousands came.",
        # no year, ambiguous, impossible or future dates
        "Strike\nPublished March 21\nWorkers struck.",
        # 03/04/2023 in a text that writes numeric dates both ways (25/03/2023 and 03/25/2023)
        "Strike\n03/04/2023\nPay rose on 25/03/2023 and again on 03/25/2023.",
        "Strike\nSeptember 31, 2023\nWorkers struck.",
        "Strike\nMarch 3, 2999\nWorkers struck.",
        # lower-case "published" in a sentence
        "The report, published March 3, 2023, found pay fell.",
        "",
    ],
)
def test_find_published_refuses_other_dates(text: str) -> None:
    assert find_published(text) == (None, None)


def test_parse_date() -> None:
    assert parse_date("2023-03-23T10:00:00Z") == "2023-03-23"
    assert parse_date("2023-03-23 22:15:00-05:00") == "2023-03-23"
    assert parse_date("Thu, 23 Mar 2023 10:00:00 GMT") == "2023-03-23"
    assert parse_date("March 23, 2023") == "2023-03-23"
    assert parse_date("2023-02-30") is None
    assert parse_date("2023-03") is None
    assert parse_date("no date here") is None


# --- HTML ---------------------------------------------------------------------------------------


def test_article_from_html() -> None:
    a = article_from_html(PAGE, "/some/dir/bus-strike.html")
    assert a.id == "bus-strike"
    assert a.title == "Bus drivers strike in Springfield"
    assert "300 bus drivers" in a.text and "Copyright" not in a.text and "Home" not in a.text
    assert a.published == "2024-05-02" and a.published_from == "html"
    assert a.url == "https://example.com/news/bus-drivers-strike"
    assert a.source == "Example News"


def test_published_from_html_meta_tags() -> None:
    no_ld = PAGE.split('<script type="application/ld+json">')[0] + PAGE.split("</script>")[1]
    assert published_from_html(no_ld) is None
    with_meta = no_ld.replace(
        "<head>", '<head><meta property="article:published_time" content="2023-03-04T01:00:00Z">'
    )
    assert published_from_html(with_meta) == "2023-03-04"
    assert published_from_html("") is None


def test_html_date_from_text_when_no_metadata(tmp_path: Path) -> None:
    no_ld = PAGE.split('<script type="application/ld+json">')[0] + PAGE.split("</script>")[1]
    page = no_ld.replace("<article><h1>", "<article><p>Published March 5, 2024</p><h1>")
    f = tmp_path / "dated.htm"
    f.write_text(page)
    [a] = read_all(f)
    assert isinstance(a, Article)
    assert (a.id, a.published, a.published_from) == ("dated", "2024-03-05", "text")


def test_html_without_text(tmp_path: Path) -> None:
    f = tmp_path / "empty.html"
    f.write_text("<html><head><title>x</title></head><body></body></html>")
    assert "no article text" in only_error(f).reason


# --- JSON, JSON Lines, gzip ---------------------------------------------------------------------


def test_json_article(tmp_path: Path) -> None:
    f = tmp_path / "one.json"
    f.write_text(json.dumps(art(published="2023-03-23T08:00:00-07:00", gold={"ignored": True})))
    [a] = read_all(f)
    assert isinstance(a, Article)
    assert (a.id, a.published, a.published_from, a.path) == ("a1", "2023-03-23", "given", str(f))


def test_json_missing_id_and_published_from_text(tmp_path: Path) -> None:
    f = tmp_path / "story-7.json"
    f.write_text(json.dumps({"text": " date 2024-01-23 " + BODY}))
    [a] = read_all(f)
    assert isinstance(a, Article)
    assert (a.id, a.published, a.published_from) == ("story-7", "2024-01-23", "text")


def test_json_list(tmp_path: Path) -> None:
    f = tmp_path / "many.json"
    f.write_text(json.dumps([art("x"), {"text": BODY}, 5]))
    items = read_all(f)
    assert [a.id for a in articles(items)] == ["x", "many:2"]
    [err] = errors(items)
    assert err.path == f"{f}[3]" and "got a number" in err.reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[1, 2, 3]", "expected a JSON object"),
        ('{"id": "a", "text": 42}', "JSON object has no 'text' string"),
        ('{"id": "a"}', "JSON object has no 'text' string"),
        ('{"id": "a", "text": "   "}', "article text is empty"),
        ('"just a string"', "expected a JSON object or a list of objects, got a string"),
        ("[]", "JSON list is empty"),
        ('{\n"id": "a",\n"text": "x" "y"\n}', "line 3: not JSON: Expecting ',' delimiter"),
    ],
)
def test_json_wrong_shape(tmp_path: Path, content: str, reason: str) -> None:
    f = tmp_path / "bad.json"
    f.write_text(content)
    items = read_all(f)
    assert not articles(items)
    assert any(reason in e.reason for e in errors(items)), items


def test_jsonl_with_bad_line(tmp_path: Path) -> None:
    f = tmp_path / "batch.jsonl"
    lines = [json.dumps(art("first")), "{not json", "", json.dumps([1]), json.dumps({"text": BODY})]
    f.write_text("\n".join(lines) + "\n")
    items = read_all(f)
    assert [a.id for a in articles(items)] == ["first", "batch:5"]
    errs = errors(items)
    assert [e.path for e in errs] == [f"{f}:2", f"{f}:4"]
    assert errs[0].reason.startswith("not JSON:")
    assert "got a list" in errs[1].reason


def test_gzip(tmp_path: Path) -> None:
    f = tmp_path / "packed.jsonl.gz"
    f.write_bytes(gzip.compress((json.dumps(art("g1")) + "\n" + json.dumps(art("g2")) + "\n").encode()))
    g = tmp_path / "single.json.gz"
    g.write_bytes(gzip.compress(json.dumps({"text": BODY}).encode()))
    items = read_all(f, g)
    assert [a.id for a in articles(items)] == ["g1", "g2", "single"]


def test_bad_gzip(tmp_path: Path) -> None:
    f = tmp_path / "broken.json.gz"
    f.write_bytes(b"this is not gzip data at all")
    assert "not a valid gzip file" in only_error(f).reason


# --- plain text ---------------------------------------------------------------------------------


def test_txt_with_headers(tmp_path: Path) -> None:
    f = tmp_path / "note.txt"
    f.write_text(
        "Title: Bus drivers strike\nDate: 2023-03-23\nURL: https://example.com/a\n"
        "Source: Example News\n\n" + BODY + "\n"
    )
    [a] = read_all(f)
    assert isinstance(a, Article)
    assert a.title == "Bus drivers strike" and a.url == "https://example.com/a"
    assert a.source == "Example News" and a.id == "note"
    assert (a.published, a.published_from) == ("2023-03-23", "given")
    assert a.text == BODY


def test_txt_published_header_in_words(tmp_path: Path) -> None:
    f = tmp_path / "worded.txt"
    f.write_text("Published: March 23, 2023\n\n" + BODY)
    [a] = read_all(f)
    assert isinstance(a, Article) and a.published == "2023-03-23" and a.text == BODY


def test_txt_without_headers(tmp_path: Path) -> None:
    f = tmp_path / "plain.txt"
    text = "Bus drivers strike\n\nJane Roe 5 May 2024\n\n" + BODY
    f.write_text(text)
    [a] = read_all(f)
    assert isinstance(a, Article)
    assert a.id == "plain" and a.title is None and a.text == text
    assert (a.published, a.published_from) == ("2024-05-05", "text")


def test_txt_header_like_first_line_without_blank_is_body(tmp_path: Path) -> None:
    f = tmp_path / "colon.txt"
    f.write_text("Source: the union said the strike would go on.\n" + BODY)
    [a] = read_all(f)
    assert isinstance(a, Article) and a.source is None and a.text.startswith("Source:")


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    j = tmp_path / "article.dat"
    j.write_text(json.dumps(art("sniffed")))
    t = tmp_path / "notes.md"
    t.write_text(BODY)
    items = read_all(j, t)
    assert [a.id for a in articles(items)] == ["sniffed", "notes"]


# --- directories --------------------------------------------------------------------------------


def test_directory_recursion(tmp_path: Path) -> None:
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / "a.json").write_text(json.dumps(art("a")))
    (tmp_path / "b" / "c.txt").write_text(BODY)
    (tmp_path / "b" / "deeper" / "d.jsonl").write_text(json.dumps(art("d")) + "\n")
    (tmp_path / "b" / "README.md").write_text("not read: unknown extensions are skipped in directories")
    (tmp_path / ".hidden.json").write_text(json.dumps(art("hidden")))
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.json").write_text(json.dumps(art("git")))
    items = read_all(tmp_path)
    assert [a.id for a in articles(items)] == ["a", "c", "d"]
    assert not errors(items)


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "x.json").write_text(json.dumps(art("x")))
    (d / "sub" / "back").symlink_to(d, target_is_directory=True)
    (d / "self").symlink_to(d / "self")  # a link to itself
    (d / "dangling.json").symlink_to(d / "missing.json")
    items = read_all(d)
    assert [a.id for a in articles(items)] == ["x"]
    reasons = sorted(e.reason for e in errors(items))
    assert reasons == ["broken symbolic link", "too many levels of symbolic links"]


def test_missing_path() -> None:
    [err] = read_all("/no/such/place/article.json")
    assert isinstance(err, ReadError) and err.reason == "no such file or directory"


# --- bad files ----------------------------------------------------------------------------------


def test_binary_file(tmp_path: Path) -> None:
    f = tmp_path / "image.json"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert only_error(f).reason.startswith("not UTF-8 text (binary file?)")


def test_invalid_utf8(tmp_path: Path) -> None:
    f = tmp_path / "latin1.txt"
    f.write_bytes("Caf\u00e9 workers strike".encode("latin-1"))
    assert only_error(f).reason.startswith("not UTF-8 text")


def test_empty_and_whitespace(tmp_path: Path) -> None:
    e = tmp_path / "empty.json"
    e.write_text("")
    w = tmp_path / "blank.txt"
    w.write_text("  \n\t\n")
    assert only_error(e).reason == "empty file"
    assert only_error(w).reason == "file has only whitespace"


def test_oversized_file(tmp_path: Path) -> None:
    f = tmp_path / "huge.json"
    with open(f, "wb") as fh:
        fh.truncate(MAX_BYTES + 2 * 1024 * 1024)  # sparse: instant, no disk used
    assert only_error(f).reason == "file is 12.0 MB, over the 10 MB limit"


def test_json_lines_of_any_size_are_streamed(tmp_path: Path) -> None:
    # 12 MB of small articles in one file: read line by line, not refused
    f = tmp_path / "many.jsonl.gz"
    line = json.dumps({"id": "x", "text": "Nurses walked out. " * 50}) + "\n"
    n = MAX_BYTES // len(line) + 2000
    with gzip.open(f, "wt", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(line.replace('"x"', f'"a{i}"'))
    items = list(read_paths([f]))
    assert len(items) == n and all(isinstance(a, Article) for a in items)
    assert items[-1].id == f"a{n - 1}"


def test_oversized_line_is_one_error_and_reading_goes_on(tmp_path: Path) -> None:
    f = tmp_path / "big-line.jsonl"
    with open(f, "wb") as fh:
        fh.write(b'{"id": "a", "text": "' + b"x" * (MAX_BYTES + 10) + b'"}\n')
        fh.write(b'{"id": "b", "text": "Teachers went on strike Monday."}\n')
        fh.write(b"\x00\x01\n")
    items = list(read_paths([f]))
    assert isinstance(items[0], ReadError) and items[0].path.endswith("big-line.jsonl:1")
    assert "over the 10 MB limit" in items[0].reason
    assert isinstance(items[1], Article) and items[1].id == "b"
    assert isinstance(items[2], ReadError) and items[2].path.endswith(":3")


def test_gzip_bomb(tmp_path: Path) -> None:
    f = tmp_path / "bomb.txt.gz"
    f.write_bytes(gzip.compress(b"a" * (MAX_BYTES + 10)))
    assert "over the 10 MB limit" in only_error(f).reason


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read chmod 000 files")
def test_unreadable_file_chmod(tmp_path: Path) -> None:
    f = tmp_path / "secret.json"
    f.write_text(json.dumps(art()))
    f.chmod(0)
    try:
        assert only_error(f).reason == "permission denied"
    finally:
        f.chmod(0o644)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "secret.json"
    f.write_text(json.dumps(art()))

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files_module, "open", denied, raising=False)
    assert only_error(f).reason == "permission denied"


def test_errors_do_not_stop_the_stream(tmp_path: Path) -> None:
    (tmp_path / "1.json").write_text("{")
    (tmp_path / "2.json").write_text(json.dumps(art("ok")))
    items = read_all(tmp_path / "missing.json", tmp_path)
    assert [type(x).__name__ for x in items] == ["ReadError", "ReadError", "Article"]


# --- the seed corpus ----------------------------------------------------------------------------

SEEDS = CORPUS / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason=missing(SEEDS))
def test_seed_corpus_published_found_in_text() -> None:
    items = read_all(SEEDS)
    assert not errors(items)
    found = {a.published: a.published_from for a in articles(items)}
    assert found == {"2023-03-23": "text", "2025-12-19": "text"}


def test_json_lines_saved_as_json_and_bom(tmp_path: Path) -> None:
    f = tmp_path / "lines.json"
    f.write_text(json.dumps(art("l1")) + "\n" + json.dumps(art("l2")) + "\n")
    b = tmp_path / "bom.json"
    b.write_bytes(b"\xef\xbb\xbf" + json.dumps(art("bom")).encode())
    assert [a.id for a in articles(read_all(f, b))] == ["l1", "l2", "bom"]


def test_partial_or_odd_given_published(tmp_path: Path) -> None:
    f = tmp_path / "dates.jsonl"
    rows = [
        art("partial", published="2023-03"),  # not a full date: looked for in the text instead
        art("worded", published="March 23, 2023"),
        art("partial-found", text=" date 2023-03-02 " + BODY, published="2023-03"),
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows))
    got = {a.id: (a.published, a.published_from) for a in articles(read_all(f))}
    assert got == {
        "partial": (None, None),
        "worded": ("2023-03-23", "given"),
        "partial-found": ("2023-03-02", "text"),
    }


def test_same_file_twice_is_read_once(tmp_path: Path) -> None:
    f = tmp_path / "a.json"
    f.write_text(json.dumps(art("a")))
    (tmp_path / "link.json").symlink_to(f)
    assert [a.id for a in articles(read_all(f, tmp_path))] == ["a"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_fifo_is_not_read(tmp_path: Path) -> None:
    p = tmp_path / "pipe.json"
    os.mkfifo(p)
    assert only_error(p).reason == "not a regular file"


def _write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = (
        b"<html><head><title>Bakers strike in Dayton</title>"
        b'<meta property="article:published_time" content="2026-02-03T10:00:00Z"></head><body><article>'
        b"<p>About 300 bakers at Crumb &amp; Co. in Dayton, Ohio, went on strike Monday, the Miami Valley "
        b"Bakers Union said, after talks over wages broke down last week.</p>"
        b"<p>The union wants a raise of 15% over three years. The company said it had offered 6%.</p>"
        b"<p>Picket lines went up at both of the company's plants early in the morning.</p>"
        b"</article></body></html>"
    )
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for url, body, ctype in [("https://news.example/bakers", page, "text/html; charset=utf-8"),
                                 ("https://news.example/logo.png", b"\x89PNG....", "image/png"),
                                 ("https://news.example/empty", b"<html><body></body></html>", "text/html")]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))


def test_warc_pages_are_articles(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    f = tmp_path / "crawl.warc.gz"
    _write_warc(f)
    items = list(read_paths([f]))
    arts = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert len(arts) == 1 and len(errors) == 1  # the image is skipped; the empty page is an error
    a = arts[0]
    assert a.url == "https://news.example/bakers" and a.id.startswith("warc-")
    assert "went on strike Monday" in a.text and a.published == "2026-02-03"
    assert errors[0].path.startswith(f"{f}#") and "no article text" in errors[0].reason
    # the same URL is the same article, crawl after crawl
    assert [x.id for x in read_paths([f]) if isinstance(x, Article)] == [a.id]


def test_damaged_warc_is_one_error(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    for name, data in [("broken.warc.gz", b"\x1f\x8b\x08\x00 this is not a web archive at all"),
                       ("garbage.warc", b"garbage garbage\n\n")]:
        f = tmp_path / name
        f.write_bytes(data)
        items = list(read_paths([f]))
        assert len(items) == 1 and isinstance(items[0], ReadError), (name, items)
        assert items[0].path == str(f) and "WARC" in items[0].reason


def test_count_paths_counts_what_read_paths_yields(tmp_path: Path) -> None:
    """The progress bar's total (``count_paths``) is the number of items ``read_paths`` gives."""
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "one.json").write_text(json.dumps(art("one")))
    (d / "list.json").write_text(json.dumps([art("l1"), 7, art("l2")]))
    (d / "empty-list.json").write_text("[]")
    (d / "number.json").write_text("42")
    (d / "truncated.json").write_text('{"id": "t", "text": "Workers went on str')
    (d / "lines.json").write_text(json.dumps(art("j1")) + "\n\n" + json.dumps(art("j2")) + "\n")
    (d / "mixed.jsonl").write_text(json.dumps(art("m1")) + "\n  \nnot json\n[1]\n" + json.dumps(art("m2")))
    (d / "blank.jsonl").write_text("\n \n")
    with gzip.open(d / "sub" / "more.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(art(f"g{i}")) for i in range(5)))
    (d / "bad.jsonl.gz").write_bytes(b"not gzip at all")
    (d / "note.txt").write_text("Title: A note\n\n" + BODY)
    (d / "page.html").write_text(PAGE)
    (d / "empty.html").write_text("<html><body></body></html>")
    (d / "empty.txt").write_text("")
    (d / "binary.txt").write_bytes(b"\x00\x01\x02")
    (d / "latin1.txt").write_bytes("Grève à Paris".encode("latin-1"))
    (d / "bad.txt.gz").write_bytes(b"not gzip")
    with open(d / "huge.json", "wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    with open(d / "big-line.jsonl", "wb") as fh:
        fh.write(b'{"id": "a", "text": "' + b"x" * (MAX_BYTES + 10) + b'"}\n{"id": "b", "text": "x"}\n\x00\n')
    (d / ".hidden.json").write_text(json.dumps(art("hidden")))
    (d / "README.md").write_text("not read")
    (d / "sub" / "loop").symlink_to(d)
    (d / "link.json").symlink_to(d / "one.json")
    (d / "dangling.json").symlink_to(d / "nowhere.json")
    if hasattr(os, "mkfifo"):
        os.mkfifo(d / "pipe.json")
    paths: list[Path] = [d, d / "one.json", tmp_path / "missing.json"]
    try:
        import warcio  # noqa: F401
    except ImportError:
        pass
    else:
        _write_warc(tmp_path / "crawl.warc.gz")
        (tmp_path / "broken.warc.gz").write_bytes(b"\x1f\x8b\x08\x00 not a web archive")
        (tmp_path / "garbage.warc").write_bytes(b"garbage garbage\n\n")
        paths += [tmp_path / "crawl.warc.gz", tmp_path / "broken.warc.gz", tmp_path / "garbage.warc"]
    for p in [*paths, *sorted(d.iterdir())]:
        assert count_paths([p]) == len(read_all(p)), p
    assert count_paths(paths) == len(read_all(*paths)) > 20
