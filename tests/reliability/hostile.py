"""A generator of hostile input files, written into a test's tmp_path at test time.

Nothing here is committed as binary junk: every file is produced from a few lines of Python, so a
reader can see exactly what each case contains and why it is hostile. Each case says what the
build must do with it:

``clean``  decoded and built; its marker sentence reaches the canonical text; no *error* line.
``bad``    exactly one warning or error line on stderr naming the file; the rest of the batch builds.
``either`` at most one line naming it; when there is none, its marker reaches the canonical text
           (so nothing is ever dropped silently).

The marker of a case is a short Chinese phrase that survives NFKC and appears once in the file;
it lets a test check that a file's text was not silently lost.
"""

from __future__ import annotations

import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

#: A well-formed small policy document: numbered chapters and items, roles, a target, a deadline.
#: ``{topic}`` makes each case a distinct work (same-titled copies would be merged as witnesses).
GOOD_DOC = """关于加强{topic}工作的实施意见
（2018年8月30日）
一、总体要求
（一）实施{topic}工程。省卫生计生委牵头，省民政厅、省财政厅分别负责{topic}。各县市区党委和政府负总责。到2020年，{topic}覆盖率达到90%以上。{marker}
二、保障措施
（一）加强{topic}组织领导。省扶贫办负责统筹协调。严禁挪用{topic}资金。鼓励社会组织参与{topic}。
"""

#: One topic per case, so that no two generated documents look like copies of one work.
TOPICS = (
    "健康扶贫", "教育扶贫", "产业扶贫", "易地扶贫搬迁", "生态扶贫", "金融扶贫", "就业扶贫", "电商扶贫",
    "旅游扶贫", "光伏扶贫", "危房改造", "社会保障兜底", "残疾人扶贫", "消费扶贫", "科技扶贫", "文化扶贫",
    "交通扶贫", "水利扶贫", "电力扶贫", "网络扶贫", "东西部扶贫协作", "定点扶贫", "驻村帮扶", "农村饮水安全", "农村危房",
)

#: The line the HTML pages must show as text, never run (issue 9, "HTML: source text is always escaped").
XSS_SENTENCE = '省扶贫办负责<script>alert(1)</script>工作，确保"quotes"与&amp;原样显示。'


#: Source text that a terminal table must print verbatim, not interpret (rich markup, ANSI escapes).
MARKUP_SENTENCE = "省扶贫办负责[/i]审核[bold]材料[/bold]工作。"
ANSI_SENTENCE = "省民政厅负责\x1b[2J清屏\x1b[31m红字工作。"


def policy_doc(marker: str, extra: str = "", *, topic: str = "健康扶贫") -> str:
    """GOOD_DOC on ``topic`` with a marker sentence (and optional extra lines) in the body."""
    return GOOD_DOC.format(marker=marker + "。", topic=topic) + extra


@dataclass(frozen=True)
class Case:
    name: str  # file name inside the corpus folder
    expect: str  # clean | bad | either
    marker: str | None  # phrase that must reach the canonical text unless the file is reported
    why: str  # what makes it hostile


def _png() -> bytes:
    """A real 1×1 PNG (valid signature, IHDR, IDAT, IEND): binary data wearing a .txt name."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _long_sentences(doc: str) -> str:
    """``doc`` plus three 10,000-character sentences with no punctuation inside: the first with one
    duty at its end, the second with a duty every 200 characters, the third with none."""
    plain = "推进产业扶贫和就业扶贫" * 910
    dense = ("省扶贫办负责" + "推进产业扶贫和就业扶贫" * 18 + "工作") * 50
    sentences = (plain[:9992] + "省扶贫办负责落实", dense[:10000], plain[:10000])
    return doc + "\n".join(f"（{n}）{text}。" for n, text in zip("二三四", sentences)) + "\n"


CASES: tuple[Case, ...] = (
    Case("good.txt", "clean", "检验标记甲一", "a well-formed document (the control)"),
    Case("xss.txt", "clean", "检验标记甲二", "HTML/JS in an obligation sentence"),
    Case("gbk.txt", "clean", "检验标记甲三", "GBK-encoded Chinese"),
    Case("gb18030.txt", "clean", "检验标记甲四", "GB18030 with characters outside GBK (𠮷, ㊣)"),
    Case("utf16_bom.txt", "clean", "检验标记甲五", "UTF-16 LE with a byte-order mark"),
    Case("utf8_bom_crlf.txt", "clean", "检验标记甲六", "UTF-8 with BOM and CRLF line ends"),
    Case("brackets.txt", "clean", "检验标记甲七", "unbalanced brackets （（（ 【【 《《 ））"),
    Case("mixed_scripts.txt", "clean", "检验标记甲八", "Latin, Cyrillic, Arabic, Devanagari, emoji, combining marks"),
    Case("rtl_marks.txt", "clean", "检验标记甲九", "right-to-left marks and overrides (U+200F, U+202E, U+2067)"),
    Case("turtle_sparql.txt", "clean", "检验标记乙一", "text that looks like Turtle and SPARQL UPDATE"),
    Case("control_chars.txt", "clean", "检验标记乙二", "ANSI escape sequences, vertical tab, form feed"),
    Case("空 格[bold]名.txt", "clean", "检验标记乙三", "a file name with a space, CJK and rich-markup brackets"),
    Case("long_sentences.txt", "clean", "检验标记乙四", "10,000-character sentences"),
    Case("rich_markup.txt", "clean", "检验标记丙二", "console markup [/i] [bold] and an ANSI clear-screen in duties"),
    Case("line_separators.txt", "clean", "检验标记乙九", "U+2028, U+2029, NEL, \\x1c-\\x1e: line breaks to str.splitlines()"),
    Case("utf16le_nobom.txt", "clean", "检验标记乙五", "UTF-16 LE without a byte-order mark"),
    Case("utf16be_nobom.txt", "clean", "检验标记乙六", "UTF-16 BE without a byte-order mark"),
    Case("nul_bytes.txt", "either", "检验标记乙七", "NUL bytes inside UTF-8 text"),
    Case("truncated_utf8.txt", "either", "检验标记乙八", "a multi-byte character cut off at the end of the file"),
    Case("latin_only.txt", "either", None, "no Chinese at all"),
    Case("invalid_utf8.txt", "bad", None, "invalid UTF-8 sequences that are not GB18030 either"),
    Case("image.txt", "bad", None, "a PNG image renamed .txt"),
    Case("empty.txt", "bad", None, "an empty file"),
    Case("whitespace.txt", "bad", None, "only blanks and newlines"),
    Case("dangling.txt", "bad", None, "a symbolic link to a file that does not exist"),
)


def _content(case: Case) -> bytes | None:
    """The bytes of one case (None for cases that are not regular files)."""
    m = case.marker or ""
    topic = TOPICS[[c.name for c in CASES].index(case.name)]

    def doc(marker: str, extra: str = "") -> str:
        return policy_doc(marker, extra, topic=topic)

    match case.name:
        case "good.txt":
            return doc(m).encode()
        case "xss.txt":
            # markup in a sentence, in an item title (a measure label: node and row labels), and
            # the openers of a raw-text element, a comment and an attribute
            markup = "（二）强化<i>宣传</i>引导<img src=x onerror=alert(3)>\n"
            return doc(m, markup + XSS_SENTENCE + "\n<img src=x onerror=alert(2)></textarea><!--\"'\n").encode()
        case "gbk.txt":
            return doc(m).encode("gbk")
        case "gb18030.txt":
            return doc(m, "吉字异体𠮷与符号㊣。\n").encode("gb18030")
        case "utf16_bom.txt":
            return doc(m).encode("utf-16")  # native order with BOM
        case "utf8_bom_crlf.txt":
            return doc(m).replace("\n", "\r\n").encode("utf-8-sig")
        case "brackets.txt":
            return doc(m, "（（（省财政厅负责【【资金《《保障））。\n四、））（（\n").encode()
        case "mixed_scripts.txt":
            extra = "省教育厅负责 Ελληνικά русский текст العربية हिन्दी 😀👍🏽 e\u0301\u0302 ﬁ ①②。\n"
            return doc(m, extra).encode()
        case "rtl_marks.txt":
            extra = "省民政厅\u200f负责\u202e低保兜底\u202c工作\u2067עברית\u2069。\u200b\ufeff\n"
            return doc(m, extra).encode()
        case "turtle_sparql.txt":
            extra = (
                '@prefix ex: <http://evil.example/> . ex:a ex:b "c" .\n'
                'DROP ALL ; INSERT DATA { <http://evil.example/s> <http://evil.example/p> "o" } ;\n'
                'SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }\n'
                '省扶贫办负责"""三引号""" \\u0000 <> ^^xsd:string @en 工作。\n'
            )
            return doc(m, extra).encode()
        case "control_chars.txt":
            # a few control characters in a document long enough to be text, not binary
            body = "".join(f"（{n}）省财政厅负责做好资金保障工作，确保资金及时足额到位。\n" for n in "二三四五六七八九十")
            return doc(m, body * 4 + "省财政厅\x1b[31m负责\x1b[0m资金\x0b保障\x0c工作\x07。\n").encode()
        case "rich_markup.txt":
            body = "".join(f"（{n}）省住房城乡建设厅负责做好农村危房改造工作。\n" for n in "二三四五六七八九十")
            return doc(m, body + MARKUP_SENTENCE + "\n" + ANSI_SENTENCE + "\n").encode()
        case "line_separators.txt":
            body = "".join(f"（{n}）省水利厅负责做好农村饮水安全工作，确保群众喝上放心水。\n" for n in "二三四五六七八九十")
            return doc(m, body * 3 + "省水利厅\u2028负责\u2029饮水\x85安全\x1c工作\x1d落实\x1e到位。\n").encode()
        case "空 格[bold]名.txt":
            return doc(m).encode()
        case "long_sentences.txt":
            return _long_sentences(doc(m)).encode()
        case "utf16le_nobom.txt":
            return doc(m).encode("utf-16-le")
        case "utf16be_nobom.txt":
            return doc(m).encode("utf-16-be")
        case "nul_bytes.txt":
            return doc(m).encode().replace("总体要求".encode(), "总体\x00要求".encode())
        case "truncated_utf8.txt":
            return doc(m).encode() + "扶".encode()[:2]
        case "latin_only.txt":
            return b"This file holds no Chinese text at all.\nJust a short English note.\n"
        case "invalid_utf8.txt":
            # lone continuation bytes, an overlong '/', a UTF-8-encoded surrogate, 0xFF bytes:
            # invalid in UTF-8 and in GB18030 alike
            return "省扶贫办负责".encode() + b"\x80\x80\xc0\xaf\xed\xa0\x80\xff\xff\xfe\xff" * 40 + "工作。".encode()
        case "image.txt":
            return _png()
        case "empty.txt":
            return b""
        case "whitespace.txt":
            return b" \n\t\n\r\n   \n"
        case "dangling.txt":
            return None
    raise KeyError(case.name)


def write_corpus(folder: Path, *, names: tuple[str, ...] | None = None) -> dict[str, Case]:
    """Write the hostile corpus (or the named cases) into ``folder``; return the cases by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Case] = {}
    for case in CASES:
        if names is not None and case.name not in names:
            continue
        path = folder / case.name
        data = _content(case)
        if data is None:
            os.symlink(folder / "no-such-target.txt", path)
        else:
            path.write_bytes(data)
        written[case.name] = case
    return written


def write_giant_line(path: Path, *, megabytes: int = 50) -> int:
    """A file of ``megabytes`` MB of Chinese on a single line (no newline, no sentence end),
    written in chunks so the generator itself stays small in memory. Returns its size in bytes."""
    chunk = ("脱贫攻坚省扶贫办负责产业扶贫" * 4096).encode()  # 14 chars × 3 bytes × 4096 ≈ 172 kB
    size = megabytes * 1024 * 1024
    written = 0
    with path.open("wb") as handle:
        handle.write(policy_doc("检验标记丙一", topic="巨行").replace("\n", " ").encode())
        while written < size:
            handle.write(chunk)
            written += len(chunk)
    return path.stat().st_size
