"""Loading a growing N-Quads file while it is written (store/tail.py), and the streaming build that uses it.

The promise: a file loaded as it grows (in one following load, or stretch by stretch) gives the
store one load of the whole file gives (blank-node labels included), nothing past a reported end
is read, a failed load is reported to the writer, and the streaming build's store and dump do not
depend on how the load was done.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest

from policy_graph.store.tail import FollowLoader, TailLoader

EX = "http://example.org/"


def _lines(n: int, graph: str = "g") -> list[bytes]:
    out = []
    for i in range(n):
        out.append(f'<{EX}s{i}> <{EX}p> "值 {i}"@zh <{EX}{graph}> .\n'.encode())
        out.append(f"_:b{i // 5} <{EX}q> <{EX}s{i}> .\n".encode())  # one blank node per 5 subjects
    return out


def _quads(store: ox.Store) -> set[str]:
    return {str(q) for q in store}


def _shape(store: ox.Store) -> tuple[set[str], list[int]]:
    """Quads without blank nodes, and how many quads each blank node has (the parser relabels
    blank nodes on every load, so only this shape can be compared)."""
    named = {str(q) for q in store if not isinstance(q.subject, ox.BlankNode)}
    per_node: dict[str, int] = {}
    for q in store:
        if isinstance(q.subject, ox.BlankNode):
            per_node[q.subject.value] = per_node.get(q.subject.value, 0) + 1
    return named, sorted(per_node.values())


def test_stretches_give_the_store_one_load_gives(tmp_path: Path) -> None:
    path = tmp_path / "growing.nq"
    whole = ox.Store(str(tmp_path / "whole"))
    piecewise = ox.Store(str(tmp_path / "piecewise"))
    lines = _lines(400)
    with open(path, "wb") as f:
        tail = TailLoader(piecewise, path, min_bytes=2_000, max_bytes=4_000)
        for i in range(0, len(lines), 10):  # the writer reports whole lines only
            f.write(b"".join(lines[i : i + 10]))
            f.flush()
            tail.written(f.tell())
        tail.finish()
    whole.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    assert tail.loads > 5  # really cut in stretches
    assert len(piecewise) == len(whole) == 800  # 400 literals + 400 blank-node links
    # a blank node whose lines stay inside one report (as a task's do) stays one node
    assert _shape(piecewise) == _shape(whole) and _shape(whole)[1] == [5] * 80


def test_everything_reported_is_loaded_even_below_the_minimum(tmp_path: Path) -> None:
    path = tmp_path / "small.nq"
    store = ox.Store()
    path.write_bytes(b"".join(_lines(3)))
    tail = TailLoader(store, path, min_bytes=1 << 30)
    tail.written(path.stat().st_size)
    time.sleep(0.05)
    assert len(store) == 0 and tail.loads == 0  # waits for more
    tail.finish()
    assert len(store) == 6 and tail.loads == 1


def test_a_broken_stretch_reaches_the_writer(tmp_path: Path) -> None:
    path = tmp_path / "broken.nq"
    good = b"".join(_lines(2))
    path.write_bytes(good + b"<http://example.org/s> <not closed .\n")
    tail = TailLoader(ox.Store(), path, min_bytes=1)
    tail.written(path.stat().st_size)
    with pytest.raises(SyntaxError):
        tail.finish()
    # and on the writer's next report when the loader failed before the end
    tail2 = TailLoader(ox.Store(), path, min_bytes=1)
    tail2.written(path.stat().st_size)
    deadline = time.monotonic() + 10
    while tail2._thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    with pytest.raises(SyntaxError):
        tail2.written(path.stat().st_size + 1)


def test_abandon_stops_without_loading_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "abandoned.nq"
    path.write_bytes(b"".join(_lines(50)))
    store = ox.Store()
    tail = TailLoader(store, path, min_bytes=1 << 30)
    tail.written(path.stat().st_size)
    tail.abandon()
    assert not tail._thread.is_alive() and len(store) == 0


def _write_growing(path: Path, loader_for, lines: list[bytes], *, step: int = 10, pause_every: int = 0):
    """Write ``lines`` to ``path`` in reports of ``step`` lines, as the streaming build does."""
    with open(path, "wb") as f:
        loader = loader_for(path)
        for k, i in enumerate(range(0, len(lines), step)):
            f.write(b"".join(lines[i : i + step]))
            f.flush()
            loader.written(f.tell())
            if pause_every and k % pause_every == 0:
                time.sleep(0.01)  # let the loader catch up and wait at the reported end
        loader.finish()
    return loader


def test_one_following_load_gives_the_store_one_load_gives(tmp_path: Path) -> None:
    path = tmp_path / "growing.nq"
    followed = ox.Store(str(tmp_path / "followed"))
    loader = _write_growing(path, lambda p: FollowLoader(followed, p), _lines(400), pause_every=5)
    whole = ox.Store(str(tmp_path / "whole"))
    whole.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    assert loader.loads == 1
    assert len(followed) == len(whole) == 800
    # one load: a blank node stays one node even where its lines straddle two reports
    assert _shape(followed) == _shape(whole) and _shape(whole)[1] == [5] * 80


def test_the_following_load_never_reads_past_the_reported_end(tmp_path: Path) -> None:
    path = tmp_path / "half.nq"
    good = b"".join(_lines(20))
    path.write_bytes(good + b"<http://example.org/s> <http://example.org/p> <unfinished")  # a line being written
    store = ox.Store()
    loader = FollowLoader(store, path)
    loader.written(len(good))
    loader.finish()  # no SyntaxError: the half line was never handed to the parser
    assert len(store) == 40


def test_a_broken_line_reaches_the_writer_of_a_following_load(tmp_path: Path) -> None:
    path = tmp_path / "broken.nq"
    path.write_bytes(b"".join(_lines(2)) + b"<http://example.org/s> <not closed .\n")
    loader = FollowLoader(ox.Store(), path)
    loader.written(path.stat().st_size)
    with pytest.raises(SyntaxError):
        loader.finish()


def test_abandoning_a_following_load_returns(tmp_path: Path) -> None:
    path = tmp_path / "abandoned.nq"
    path.write_bytes(b"".join(_lines(50)))
    loader = FollowLoader(ox.Store(), path)
    loader.written(path.stat().st_size // 2)  # then the build fails: no more reports, no finish
    loader.abandon()
    assert not loader._thread.is_alive()


def test_windowed_keeps_input_order_and_bounds_what_waits() -> None:
    from policy_graph.streaming import _windowed

    lock = threading.Lock()
    state = {"started": 0, "max_unconsumed": 0}
    consumed = [0]

    def work(i: int) -> int:
        with lock:
            state["started"] += 1
            state["max_unconsumed"] = max(state["max_unconsumed"], state["started"] - consumed[0])
        time.sleep(0.03 if i % 5 == 0 else 0.001)  # every fifth item is slow: later ones finish first
        return i

    with ThreadPoolExecutor(max_workers=2) as pool:
        got = []
        for value in _windowed(pool, work, list(range(40)), 3, 6):  # type: ignore[arg-type]
            got.append(value)
            consumed[0] += 1
    assert got == list(range(40))
    assert state["max_unconsumed"] <= 6


@pytest.mark.slow
def test_streaming_build_store_does_not_depend_on_how_the_load_was_cut(tmp_path: Path) -> None:
    from bench import scale
    from policy_graph.pipeline import BuildConfig
    from policy_graph.streaming import StreamOptions, build_streaming

    corpus = scale.generate(2, tmp_path / "corpus-x2")  # two copies: two parts, two tasks at least
    said: dict[str, str] = {}
    for name, options in (("end", StreamOptions(load="end", task_files=1)),
                          ("tail", StreamOptions(load="tail", load_stretch_bytes=1 << 20, task_files=1)),
                          ("follow", StreamOptions(task_files=1))):
        build_streaming(BuildConfig(sources=(corpus,), out=tmp_path / name, jobs=2, viz=False), options=options,
                        on_stage=lambda stage, _s, summary, name=name: said.update({name: summary} if stage == "load" else {}))
    assert "in one load after the workers finished" in said["end"]
    stretches = int(said["tail"].split(" in ")[1].split()[0])
    assert stretches > 1, said["tail"]  # one task per part, each reported end a possible cut
    assert "in one load that followed graph.nq" in said["follow"]
    a, b, c = (tmp_path / n for n in ("end", "tail", "follow"))
    assert (a / "graph.nq").read_bytes() == (b / "graph.nq").read_bytes() == (c / "graph.nq").read_bytes()
    stores = [ox.Store.read_only(str(d / "store")) for d in (a, b, c)]
    assert len(stores[0]) == len(stores[1]) == len(stores[2]) > 30_000
    assert _quads(stores[0]) == _quads(stores[1]) == _quads(stores[2])
    counts = [json.loads((d / "build.json").read_text(encoding="utf-8"))["counts"] for d in (a, b, c)]
    assert counts[0] == counts[1] == counts[2] and counts[2]["stored_quads"] == len(stores[2])
