"""``--out`` that is not a plain output folder: a file is refused before any work, a symlink is
followed (the outputs land in the real folder), a folder that was not created by a build keeps every file
of the user's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import CORPUS, assert_clean_exit, cli, lines_naming

FAST = ("--no-validate", "--no-viz", "--no-reason")


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("src")
    shutil.copy(CORPUS / "002_29e1e8f06bbe21e8.txt", folder)
    return folder


def test_out_is_an_existing_file(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("do not touch", encoding="utf-8")
    proc = cli("build", source, "--out", target, *FAST)
    assert_clean_exit(proc, 2)
    assert len(lines_naming(proc.stderr, "precious.txt")) == 1, proc.stderr
    assert target.read_text(encoding="utf-8") == "do not touch"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["precious.txt"]


def test_out_cannot_be_created(source: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    proc = cli("build", source, "--out", tmp_path / "file" / "out", *FAST)
    assert_clean_exit(proc, 2)
    assert len(lines_naming(proc.stderr, "out")) == 1, proc.stderr


def test_out_is_a_symlink_to_a_folder(source: Path, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "real-out"
    real.mkdir(parents=True)
    link = tmp_path / "out"
    link.symlink_to(real, target_is_directory=True)
    for _ in range(2):  # the second build replaces a previous one through the link
        assert_clean_exit(cli("build", source, "--out", link, *FAST), 0)
        assert link.is_symlink() and link.resolve() == real.resolve()
        assert (real / "graph.nt").is_file() and (real / "store").is_dir()


def test_a_folder_of_the_users_keeps_its_files(source: Path, tmp_path: Path) -> None:
    """``--out .`` in a project folder: outputs are added; nothing of the user's moves or goes."""
    home = tmp_path / "project"
    (home / "src").mkdir(parents=True)
    (home / "src" / "main.py").write_text("print(1)\n", encoding="utf-8")
    (home / "notes.md").write_text("mine\n", encoding="utf-8")
    inode = home.stat().st_ino
    assert_clean_exit(cli("build", source, "--out", ".", *FAST, cwd=home), 0)
    assert home.stat().st_ino == inode
    assert (home / "src" / "main.py").read_text(encoding="utf-8") == "print(1)\n"
    assert (home / "notes.md").read_text(encoding="utf-8") == "mine\n"
    assert (home / "graph.nt").is_file() and (home / "build.json").is_file()
    assert not [p.name for p in tmp_path.iterdir() if p.name != "project"], "staging left beside the folder"
