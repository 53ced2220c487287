"""Crash-safe writes: every output is written to a temporary sibling and renamed into place.

A build killed at any moment therefore leaves each output file either entirely old or entirely
new, never half-written (``os.replace`` is atomic on POSIX within one file system). A whole output
folder is staged beside its target and swapped in by :func:`publish_dir`, so the *set* of files is
old or new too, never a mix.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import StoreError


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def replace_dir(staged: Path, target: Path) -> None:
    """Swap a fully written folder into place; the old one survives until the new one is in.

    One atomic exchange where the platform has it (Linux): a reader, or a process killed at any
    instant, sees the whole old folder or the whole new one. Elsewhere, two renames through
    ``.<name>.old``, which :func:`recover_dir` puts back if the process died between them.
    """
    if target.is_dir() and not target.is_symlink() and _exchange(staged, target):
        shutil.rmtree(staged, ignore_errors=True)  # now the old folder
        return
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(staged, target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def recover_dir(target: Path) -> None:
    """Undo a :func:`replace_dir` cut short between its two renames: ``target`` missing and its
    ``.<name>.old`` present means the old folder is the last complete one."""
    old = target.with_name(f".{target.name}.old")
    if old.is_dir() and not os.path.lexists(target):
        os.replace(old, target)
    elif old.is_dir():
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    """Hold an advisory lock on ``folder`` (``.policy-graph.lock`` inside it) while writing it.

    Why: a build removes the leftovers of killed builds from its output folder, which is only
    safe when no other build is writing there. A second build into a locked folder fails at once
    with a one-line error instead. Where ``fcntl`` is missing (Windows) nothing is locked.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no advisory locks on this platform
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / ".policy-graph.lock"
    with open(lock, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError("another policy-graph build is writing to this folder", path=str(folder)) from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def remove_leftovers(folder: Path, *, files: Iterable[str] = (), dirs: Iterable[str] = ()) -> list[Path]:
    """Delete staged files/folders (glob patterns) of builds killed before they could; call it
    under :func:`exclusive`. Returns what was removed."""
    removed: list[Path] = []
    for pattern in files:
        for path in sorted(folder.glob(pattern)):
            if path.is_file() and not path.is_symlink():
                path.unlink(missing_ok=True)
                removed.append(path)
    for pattern in dirs:
        for path in sorted(folder.glob(pattern)):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def staging_dir(target: Path) -> Path:
    """A fresh temporary folder beside ``target`` (same file system, so the final rename is atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step with Linux ``renameat2(RENAME_EXCHANGE)``; False where the
    platform or file system cannot (the caller then falls back to two renames)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def publish_dir(staged: Path, target: Path, *, owned: frozenset[str] = frozenset(), marker: str | None = None) -> None:
    """Make the fully written folder ``staged`` appear at ``target`` at once.

    Entries of the old ``target`` that ``staged`` lacks and that are not ``owned`` (names a build
    writes, so stale outputs do not survive) are carried over first, as hard links: a user's
    files and ``out/docs`` are never lost. Then one atomic exchange: a reader, or a build killed
    at any instant, sees the whole old folder or the whole new one.

    A non-empty ``target`` without ``marker`` (say ``--out .``: not a folder of ours) is never
    swapped: each staged entry is renamed into it instead (each one atomic, the set not).
    """
    if os.path.lexists(target) and (target.is_symlink() or not target.is_dir()):
        raise NotADirectoryError(f"{target} is not a folder: not replaced")
    staged.chmod(target.stat().st_mode & 0o7777 if target.is_dir() else 0o755)  # mkdtemp made it 0700
    if target.is_dir() and marker and not (target / marker).exists() and any(target.iterdir()):
        for entry in sorted(staged.iterdir()):
            if entry.is_dir() and not entry.is_symlink():
                replace_dir(entry, target / entry.name)
            else:
                os.replace(entry, target / entry.name)
        shutil.rmtree(staged, ignore_errors=True)
        return
    if target.is_dir():
        for entry in sorted(target.iterdir()):
            dest = staged / entry.name
            if entry.name in owned or os.path.lexists(dest):
                continue
            if entry.is_symlink():
                os.symlink(os.readlink(entry), dest)
            elif entry.is_dir():
                shutil.copytree(entry, dest, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(str(entry), str(dest))
        if _exchange(staged, target):
            shutil.rmtree(staged, ignore_errors=True)  # now the old folder
            return
    replace_dir(staged, target)


def write_new(path: Path, data: bytes) -> None:
    """Write a file inside a private staging folder (no temporary name needed), synced to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
