"""Derive the encoded, OCR-wrapped and compiled fixtures from plain UTF-8 ones (run once).

Why a script: the GB18030, UTF-16 and hard-wrapped files are hard to edit by hand; keeping
their UTF-8 sources (src/) and the derivation makes the fixtures reviewable and reproducible.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def wrap(text: str, width: int = 16) -> str:
    """OCR-style column: every line broken after ``width`` characters, no blank lines at all."""
    out: list[str] = []
    for para in text.splitlines():
        if not para.strip():
            continue
        out.extend(para[i : i + width] for i in range(0, len(para), width))
    return "\n".join(out) + "\n"


def wrap_pdf(text: str, width: int, indent: bool = False) -> str:
    """Text pulled from a PDF page: lines cut at ``width`` characters, paragraphs maybe indented."""
    out: list[str] = []
    for para in text.splitlines():
        if para.strip():
            p = ("\u3000\u3000" + para) if indent else para
            out.extend(p[i : i + width] for i in range(0, len(p), width))
    return "\n".join(out) + "\n"


PDF_COPIES = {  # fixture → (source fixture, width, indented)
    "25_pdf_wrapped.txt": ("01_gwyb_notice.txt", 33, False),
    "26_pdf_indented.txt": ("01_gwyb_notice.txt", 33, True),
    "27_pdf_regulation.txt": ("03_regulation.txt", 28, False),
    "28_pdf_speech.txt": ("15_speech_byline.txt", 28, False),
    "29_pdf_joint.txt": ("17_joint_signature.txt", 28, False),
    "30_pdf_long_title.txt": ("21_long_title_plain.txt", 28, False),
}


def main() -> None:
    for name, (src, width, indent) in PDF_COPIES.items():
        (HERE / name).write_text(wrap_pdf((HERE / src).read_text("utf-8"), width, indent), "utf-8")
    (HERE / "08_fullwidth_gb18030.txt").write_bytes((HERE / "src/08_fullwidth_gb18030.txt").read_text("utf-8").encode("gb18030"))
    text09 = (HERE / "src/09_utf16_urgent.txt").read_text("utf-8").replace("\n", "\r\n")
    (HERE / "09_utf16_urgent.txt").write_bytes(b"\xff\xfe" + text09.encode("utf-16-le"))
    (HERE / "10_ocr_wrapped.txt").write_text(wrap((HERE / "01_gwyb_notice.txt").read_text("utf-8")), "utf-8")
    a = (HERE / "05_arabic_top.txt").read_text("utf-8").split("\n", 1)[1]  # without the 附件 line
    b = (HERE / "06_speech_parts.txt").read_text("utf-8")
    toc = "脱贫攻坚文件汇编\n目 录\n邵阳市2019年脱贫攻坚工作要点………………1\n在全省脱贫攻坚工作会议上的讲话………………3\n"
    (HERE / "11_compilation.txt").write_text(toc + a + "\n" + b, "utf-8")


if __name__ == "__main__":
    main()
