"""Tests of firth.items.sessions: reading session files and checking in-memory sessions."""

from __future__ import annotations

import bz2
import gzip
import lzma
import random
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest

from firth.errors import ConfigError, CorpusError, FormatError
from firth.items.sessions import Sessions, as_sessions, read_sessions

EPOCH = datetime(2024, 5, 1, tzinfo=timezone.utc)


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def planted_events(seed: int) -> tuple[list[tuple[str, str, float]], list[list[str]]]:
    """Shuffled events of six users in known sessions (pauses of at most 10 minutes inside
    a session, of at least 2 hours between), and the sessions read_sessions must give:
    users in the order of their first row in the file, each user's sessions in time order."""
    rng = random.Random(seed)
    events = []
    per_user: dict[str, list[list[str]]] = {}
    for u in range(6):
        user = f"u{u}"
        now = 1_700_000_000.0 + rng.uniform(0, 1000)
        per_user[user] = []
        for _ in range(rng.randint(1, 4)):
            session = []
            for _ in range(rng.randint(1, 7)):
                item = f"i{rng.randrange(30)}"
                session.append(item)
                events.append((user, item, now))
                now += rng.uniform(1, 600)
            per_user[user].append(session)
            now += rng.uniform(7200, 90000)
    rng.shuffle(events)
    order = dict.fromkeys(user for user, _, _ in events)
    return events, [session for user in order for session in per_user[user]]


def iso(seconds: float) -> str:
    moment = datetime.fromtimestamp(seconds, tz=timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# ------------------------------------------------------------------ lines format


def test_lines_whitespace_blank_lines_and_reiteration(tmp_path: Path) -> None:
    path = write(tmp_path / "playlists.txt", "a b  c\n\n   \n d\te \r\nf\n")
    sessions = read_sessions(path)
    assert sessions.format == "lines"
    assert sessions.path == str(path)
    expected = [["a", "b", "c"], ["d", "e"], ["f"]]
    assert list(sessions) == expected
    assert list(sessions) == expected  # re-iterable: reads the file again
    path.write_text("x y\n")
    assert list(sessions) == [["x", "y"]]  # streamed, not cached
    assert "playlists.txt" in repr(sessions)
    assert "lines" in repr(sessions)


def test_lines_with_delimiter_strips_and_drops_empty_items(tmp_path: Path) -> None:
    path = write(tmp_path / "p.txt", "song 1, song 2,,song 3\r\n, ,\nsong 4\n")
    assert list(read_sessions(path, delimiter=",")) == [
        ["song 1", "song 2", "song 3"],
        ["song 4"],
    ]


@pytest.mark.parametrize(
    ("suffix", "compress"),
    [(".gz", gzip.compress), (".bz2", bz2.compress), (".xz", lzma.compress)],
)
def test_compressed_lines_and_tables(
    tmp_path: Path, suffix: str, compress: Callable[[bytes], bytes]
) -> None:
    lines = write(tmp_path / f"p.txt{suffix}", compress(b"a b\nc\n"))
    assert read_sessions(lines).format == "lines"
    assert list(read_sessions(lines)) == [["a", "b"], ["c"]]
    table = write(tmp_path / f"e.csv{suffix}", compress(b"user,item\nu,a\nv,b\nu,c\n"))
    sessions = read_sessions(table, time=None)
    assert sessions.format == "csv"
    assert list(sessions) == [["a", "c"], ["b"]]


def test_auto_detection_by_inner_suffix(tmp_path: Path) -> None:
    write(tmp_path / "a.tsv", "user\titem\nu\tx y\n")
    assert read_sessions(tmp_path / "a.tsv", time=None).format == "tsv"
    assert list(read_sessions(tmp_path / "a.tsv", time=None)) == [["x y"]]
    write(tmp_path / "b.CSV", "user,item\nu,x\n")
    assert read_sessions(tmp_path / "b.CSV", time=None).format == "csv"
    write(tmp_path / "c.csv.txt", "user,item\n")
    assert list(read_sessions(tmp_path / "c.csv.txt")) == [["user,item"]]
    # an explicit format overrides the name
    assert list(read_sessions(tmp_path / "c.csv.txt", format="lines")) == [["user,item"]]


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        read_sessions(tmp_path / "nope.txt")
    with pytest.raises(CorpusError, match="does not exist"):
        read_sessions(tmp_path / "nope.csv")
    with pytest.raises(CorpusError, match="folder"):
        read_sessions(tmp_path)


def test_invalid_utf8_strict_and_replace(tmp_path: Path) -> None:
    path = write(tmp_path / "p.txt", b"a b\nc \xff d\n")
    with pytest.raises(CorpusError, match=r"not valid UTF-8.*encoding_errors='replace'"):
        list(read_sessions(path))
    assert list(read_sessions(path, encoding_errors="replace")) == [
        ["a", "b"],
        ["c", "\ufffd", "d"],
    ]
    table = write(tmp_path / "e.csv", b"user,item\nu,\xe9t\xe9\n")
    with pytest.raises(CorpusError, match="not valid UTF-8"):
        read_sessions(table, time=None)
    assert list(read_sessions(table, time=None, encoding_errors="replace")) == [["\ufffdt\ufffd"]]


def test_truncated_gzip_is_a_corpus_error(tmp_path: Path) -> None:
    data = gzip.compress(("a b c\n" * 5000).encode())
    path = write(tmp_path / "p.txt.gz", data[: len(data) // 2])
    with pytest.raises(CorpusError, match="corrupt or truncated"):
        list(read_sessions(path))


def test_lines_rejects_session_gap(tmp_path: Path) -> None:
    path = write(tmp_path / "p.txt", "a b\n")
    with pytest.raises(ConfigError, match="session_gap applies to csv/tsv"):
        read_sessions(path, session_gap=60)


# ------------------------------------------------------------------ tables


def test_planted_sessions_from_shuffled_numeric_events(tmp_path: Path) -> None:
    events, expected = planted_events(seed=3)
    text = "timestamp,item,user,extra\n" + "".join(
        f"{when!r},{item},{user},zzz\n" for user, item, when in events
    )
    path = write(tmp_path / "events.csv", text)
    # 1 hour: longer than any pause inside a session, shorter than any between sessions
    assert list(read_sessions(path, session_gap=3600)) == expected
    # without a gap: one session per user, concatenating that user's sessions
    per_user = list(read_sessions(path))
    assert sum(len(s) for s in per_user) == len(events)
    assert len(per_user) == 6
    assert [item for s in per_user for item in s] == [item for s in expected for item in s]


def test_planted_sessions_from_iso_timestamps_in_tsv_by_index(tmp_path: Path) -> None:
    events, expected = planted_events(seed=8)
    text = "who\twhen\twhat\n" + "".join(
        f"{user}\t{iso(when)}\t{item}\n" for user, item, when in events
    )
    path = write(tmp_path / "events.tsv.gz", gzip.compress(text.encode()))
    sessions = read_sessions(path, user=0, time=1, item=2, session_gap=3600.0)
    assert sessions.format == "tsv"
    assert list(sessions) == expected


def test_iso_variants_and_mixed_numbers_order_correctly(tmp_path: Path) -> None:
    base = EPOCH.timestamp()
    rows = [
        ("e", "2024-05-01T00:00:04+0000"),  # offset without a colon
        ("b", "2024-05-01 00:00:01"),  # naive: UTC
        ("d", "2024-05-01T02:00:03.5+02:00"),  # = 00:00:03.5 UTC
        ("a", "2024-05-01"),  # midnight UTC
        ("c", str(base + 2)),  # epoch seconds
        ("f", "2024-05-01T00:00:05.123456789Z"),  # nanoseconds are cut to microseconds
    ]
    text = "user,item,timestamp\n" + "".join(f"u,{item},{when}\n" for item, when in rows)
    path = write(tmp_path / "e.csv", text)
    assert list(read_sessions(path)) == [["a", "b", "c", "d", "e", "f"]]
    # gaps are 1, 1, 1.5, 0.5, 1.12 seconds: a 1.2 s gap splits only before "d"
    assert list(read_sessions(path, session_gap=1.2)) == [["a", "b", "c"], ["d", "e", "f"]]


def test_ties_keep_file_order_and_time_none_keeps_file_order(tmp_path: Path) -> None:
    text = "user,item,timestamp\nu,z,5\nu,y,5\nv,q,1\nu,x,1\nu,w,5\n"
    path = write(tmp_path / "e.csv", text)
    assert list(read_sessions(path)) == [["x", "z", "y", "w"], ["q"]]
    assert list(read_sessions(path, time=None)) == [["z", "y", "x", "w"], ["q"]]


def test_gap_is_strictly_greater_and_zero_gap_splits_every_step(tmp_path: Path) -> None:
    text = "user,item,timestamp\nu,a,0\nu,b,10\nu,c,20\nu,d,20\n"
    path = write(tmp_path / "e.csv", text)
    assert list(read_sessions(path, session_gap=10)) == [["a", "b", "c", "d"]]
    assert list(read_sessions(path, session_gap=9.99)) == [["a"], ["b"], ["c", "d"]]
    assert list(read_sessions(path, session_gap=0)) == [["a"], ["b"], ["c", "d"]]


def test_quoted_fields_bom_whitespace_and_blank_rows(tmp_path: Path) -> None:
    text = '\ufeffuser , item\n"u 1","Song, with comma"\n\n,\n"u 1"," padded "\n'
    path = write(tmp_path / "e.csv", text)
    assert list(read_sessions(path, time=None)) == [["Song, with comma", "padded"]]


def test_custom_delimiter_for_a_table(tmp_path: Path) -> None:
    path = write(tmp_path / "e.csv", "user;item\nu;a;extra\nu;b\n")
    assert list(read_sessions(path, time=None, delimiter=";")) == [["a", "b"]]
    with pytest.raises(ConfigError, match="one character"):
        read_sessions(path, time=None, delimiter=";;")


def test_table_sessions_are_fresh_lists(tmp_path: Path) -> None:
    path = write(tmp_path / "e.csv", "user,item\nu,a\nu,b\n")
    sessions = read_sessions(path, time=None)
    first = next(iter(sessions))
    first.append("mutated")
    assert list(sessions) == [["a", "b"]]
    assert "2 events" in repr(sessions)
    assert "format='csv'" in repr(sessions)


def test_missing_column_names_the_column_and_lists_the_header(tmp_path: Path) -> None:
    path = write(tmp_path / "e.csv", "user_id,item_id,ts\n1,2,3\n")
    with pytest.raises(FormatError, match=r"no user column 'user'.*\['user_id', 'item_id', 'ts'\]"):
        read_sessions(path)
    with pytest.raises(FormatError, match=r"no time column 'timestamp'.*time=None"):
        read_sessions(path, user="user_id", item="item_id")
    with pytest.raises(FormatError, match=r"3 column\(s\), so item column 7"):
        read_sessions(path, user=0, item=7, time=None)
    got = read_sessions(path, user="user_id", item="item_id", time="ts")
    assert list(got) == [["2"]]


def test_bad_timestamp_reports_line_number(tmp_path: Path) -> None:
    text = "user,item,timestamp\nu,a,1\n\nu,b,yesterday\n"
    path = write(tmp_path / "e.csv", text)
    with pytest.raises(FormatError, match=r"line 4: cannot read timestamp 'yesterday'"):
        read_sessions(path)
    path = write(tmp_path / "f.csv", "user,item,timestamp\nu,a,nan\n")
    with pytest.raises(FormatError, match=r"line 2: timestamp 'nan' is not a finite number"):
        read_sessions(path)


def test_short_rows_empty_fields_and_empty_tables(tmp_path: Path) -> None:
    path = write(tmp_path / "e.csv", "user,item,timestamp\nu,a,1\nu,b\n")
    with pytest.raises(FormatError, match=r"line 3: 2 field\(s\), but 3 are needed"):
        read_sessions(path)
    path = write(tmp_path / "f.csv", "user,item\nu,a\n ,b\n")
    with pytest.raises(FormatError, match="line 3: the user field is empty"):
        read_sessions(path, time=None)
    path = write(tmp_path / "g.csv", "user,item\nu,\n")
    with pytest.raises(FormatError, match="line 2: the item field is empty"):
        read_sessions(path, time=None)
    path = write(tmp_path / "h.csv", "\n\n")
    with pytest.raises(FormatError, match="is empty: it needs a header row"):
        read_sessions(path)
    path = write(tmp_path / "i.csv", "user,item\n")
    sessions = read_sessions(path, time=None)
    assert list(sessions) == []


def test_bad_options(tmp_path: Path) -> None:
    path = write(tmp_path / "e.csv", "user,item,timestamp\nu,a,1\n")
    cases: list[tuple[dict[str, object], str]] = [
        ({"format": "parquet"}, "format must be one of"),
        ({"encoding_errors": "ignore"}, "encoding_errors must be"),
        ({"user": True}, "user must be a column name"),
        ({"item": -1}, "item must be a column name"),
        ({"time": ""}, "time must be a column name"),
        ({"session_gap": -1}, "session_gap must be"),
        ({"session_gap": float("inf")}, "session_gap must be"),
        ({"session_gap": True}, "session_gap must be"),
        ({"delimiter": ""}, "delimiter must be"),
        ({"item": "user"}, "must be different columns"),
        ({"time": None, "session_gap": 60}, "needs timestamps"),
    ]
    for options, message in cases:
        with pytest.raises(ConfigError, match=message):
            read_sessions(path, **options)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="path must be a str"):
        read_sessions([["a"]])  # type: ignore[arg-type]


# ------------------------------------------------------------------ in memory


def test_as_sessions_converts_ints_and_drops_empty_sessions() -> None:
    sessions = as_sessions([[1, 2, 3], (), ("a", np.int64(7)), iter([np.str_("x")])])
    assert list(sessions) == [["1", "2", "3"], ["a", "7"], ["x"]]
    assert all(type(item) is str for session in sessions for item in session)
    assert sessions.format == "memory"
    assert sessions.path is None
    assert repr(sessions) == "Sessions(<in memory: 3 sessions, 6 events>)"
    assert as_sessions(sessions) is sessions
    assert Sessions.from_iterable(sessions) is sessions


def test_as_sessions_reads_a_generator_once_and_stays_reiterable() -> None:
    sessions = as_sessions([i, i + 1] for i in range(3))
    assert list(sessions) == list(sessions) == [["0", "1"], ["1", "2"], ["2", "3"]]
    first = next(iter(sessions))
    first.clear()
    assert next(iter(sessions)) == ["0", "1"]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ([["a", 1.5]], r"item 1 of session 0 is a float \(1\.5\).*convert ids to int or str"),
        ([["a"], [b"x"]], r"item 0 of session 1 is a bytes.*decode bytes first"),
        ([[True]], r"item 0 of session 0 is a bool"),
        ([[None]], r"item 0 of session 0 is a NoneType"),
        ([[np.float64(3.0)]], r"is a float64"),
        ([["a", ""]], r"item 1 of session 0 is the empty string"),
        ([["a"], "b c"], r"session 1 is a str .*split it first"),
        ([[1], 5], r"session 1 is a int"),
        ([b"ab"], r"session 0 is a bytes"),
        ("a b", r"sessions must be an iterable of sessions"),
        (42, r"sessions must be an iterable of sessions"),
    ],
)
def test_as_sessions_rejects_bad_items(bad: object, message: str) -> None:
    with pytest.raises(CorpusError, match=message):
        as_sessions(bad)  # type: ignore[arg-type]
