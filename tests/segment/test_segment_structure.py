"""Section ids (DESIGN.md contract) for every document style, on crafted texts and the corpus."""

from __future__ import annotations

import pytest

from policy_graph.model import Work
from policy_graph.numbering import cn_to_int, int_to_cn, section_ids
from policy_graph.segment import segment

GOLD_ROWS = [  # (work title suffix, section, quote): one row per gold section, from /work/shared/gold
    ('关于打赢脱贫攻坚战的决定', '一', '各级党委和政府必须把扶贫开发工作作为重大政治任务来抓'),
    ('关于打赢脱贫攻坚战的决定', '（三）', '充分发挥各级党委总揽全局、协调各方的领导核心作用'),
    ('关于打赢脱贫攻坚战的决定', '（四）', '由县提出申请'),
    ('关于打赢脱贫攻坚战的决定', '（五）', '重点支持贫困村、贫困户因地制宜发展种养业和传统手工业'),
    ('关于打赢脱贫攻坚战的决定', '（六）', '引导企业扶贫与职业教育相结合'),
    ('关于打赢脱贫攻坚战的决定', '（七）', '支持有条件的地方依托小城镇、工业园区安置搬迁群众'),
    ('关于打赢脱贫攻坚战的决定', '（九）', '建立省级统筹乡村教师补充机制'),
    ('关于打赢脱贫攻坚战的决定', '（十）', '对贫困人口参加新型农村合作医疗个人缴费部分由财政给予补贴'),
    ('关于打赢脱贫攻坚战的决定', '（十一）', '加大农村低保省级统筹力度'),
    ('关于打赢脱贫攻坚战的决定', '（十二）', '资产可由村集体、合作社或其他经营主体统一经营'),
    ('关于打赢脱贫攻坚战的决定', '（十三）', '引导和鼓励社会力量参与特殊群体关爱服务工作'),
    ('关于打赢脱贫攻坚战的决定', '（十五）', '支持邮政、供销合作等系统在贫困乡村建立服务网点'),
    ('关于打赢脱贫攻坚战的决定', '（十六）', '允许按照一事一议方式直接委托村级组织自建自管'),
    ('关于打赢脱贫攻坚战的决定', '（十八）', '中央财政继续加大对贫困地区的转移支付力度'),
    ('关于打赢脱贫攻坚战的决定', '（十九）', '鼓励和引导商业性、政策性、开发性、合作性等各类金融机构加大对扶贫开发的金融支持'),
    ('关于打赢脱贫攻坚战的决定', '（二十）', '支持贫困地区根据第二次全国土地调查及最新年度变更调查成果，调整完善土地利用总体规划'),
    ('关于打赢脱贫攻坚战的决定', '（二十一）', '支持科技特派员开展创业式扶贫服务'),
    ('关于打赢脱贫攻坚战的决定', '（二十二）', '东部地区要根据财力增长情况，逐步增加对口帮扶财政投入'),
    ('关于打赢脱贫攻坚战的决定', '（二十三）', '确保各单位落实扶贫责任'),
    ('关于打赢脱贫攻坚战的决定', '（二十四）', '鼓励支持民营企业、社会组织、个人参与扶贫开发'),
    ('关于打赢脱贫攻坚战的决定', '（二十六）', '支持贫困地区挖掘保护和开发利用红色、民族、民间文化资源'),
    ('关于打赢脱贫攻坚战的决定', '（二十九）', '中央统筹'),
    ('关于打赢脱贫攻坚战的决定', '（三十）', '发挥好工会、共青团、妇联等群团组织的作用'),
    ('关于打赢脱贫攻坚战的决定', '（三十一）', '中央对省（自治区、直辖市）党委和政府扶贫开发工作成效考核办法'),
    ('关于打赢脱贫攻坚战的决定', '（三十二）', '扶贫开发领导小组组长由党政主要负责同志担任'),
    ('关于打赢脱贫攻坚战的决定', '（三十三）', '各级党委和政府要切实履行责任'),
    ('坚持精准扶贫、精准脱贫，坚决打赢脱贫攻坚战', 'p5', '中央统筹'),
    ('坚持精准扶贫、精准脱贫，坚决打赢脱贫攻坚战', 'p8', '各级党委和政府必须坚定信心、勇于担当，把脱贫职责扛在肩上，把脱贫任务抓在手上'),
    ('坚持精准扶贫、精准脱贫，坚决打赢脱贫攻坚战', 'p9', '省级财政、对口扶贫的东部地区要相应增加扶贫资金投入'),
    ('坚持精准扶贫、精准脱贫，坚决打赢脱贫攻坚战', 'p10', '动员全社会力量广泛参与扶贫事业'),
    ('加大力度推进深度贫困地区脱贫攻坚', 'preamble', '按照党中央统一部署'),
    ('加大力度推进深度贫困地区脱贫攻坚', '第一', '深度贫困地区也要实现这个目标'),
    ('加大力度推进深度贫困地区脱贫攻坚', '第二', '各部门安排的惠民项目要向深度贫困地区倾斜'),
    ('加大力度推进深度贫困地区脱贫攻坚', '第四', '集中连片的贫困区要着力解决健全公共服务、建设基础设施、发展产业等问题'),
    ('加大力度推进深度贫困地区脱贫攻坚', '第五', '加大东部地区和中央单位对深度贫困地区的帮扶支持'),
    ('加大力度推进深度贫困地区脱贫攻坚', '第六', '贫困地区、贫困群众首先要有“飞”的意识和“先飞”的行动'),
    ('加大力度推进深度贫困地区脱贫攻坚', '第七', '各级党委和政府要坚决落实党中央决策部署'),
    ('加大力度推进深度贫困地区脱贫攻坚', '第八', '各省区市要按照党中央要求，聚焦问题，分析原因，寻找解决途径'),
]


def _work(title: str, body: str) -> Work:
    return Work(id="t", title=title, kind="other", text=title + "\n" + body)


def _ids_of(seg, fragment: str) -> set[str]:
    i = seg.work.text.index(fragment)
    return {s.section for s in seg.sentences if s.start <= i < s.end}


def test_numerals_round_trip():
    for n in range(1, 120):
        assert cn_to_int(int_to_cn(n)) == n
    assert cn_to_int("二十九") == 29 and cn_to_int("十") == 10 and cn_to_int("二三") is None


def test_articles_numbered_across_chapters_are_cited_alone():
    seg = segment(_work("关于测试的决定", "（2015年11月29日）\n确保脱贫。\n一、使命\n各级党委必须抓。\n二、要求\n（一）思想\n全面贯彻。\n"
                        "（二）目标。到2020年。\n三、方略\n（三）机制。县级党委负责。\n补充段落。\n让我们团结。"))
    assert _ids_of(seg, "确保脱贫") == {"preamble"}
    assert _ids_of(seg, "各级党委必须抓") == {"一"}
    assert _ids_of(seg, "全面贯彻") == {"（一）"}
    assert _ids_of(seg, "县级党委负责") == {"（三）"}
    assert _ids_of(seg, "补充段落") == {"（三）"}
    assert not _ids_of(seg, "2015年11月29日")
    art = seg.section("（三）")
    assert art is not None and art.key == "a3" and art.parent == "三" and art.title == "机制"
    assert seg.work.text[art.title_start : art.title_start + 2] == "机制"


def test_items_restarting_per_chapter_are_cited_with_their_chapter():
    seg = segment(_work("关于测试的实施意见", "各市扶贫攻坚领导小组：\n为贯彻精神，提出意见。\n一、指导思想\n以思想为指导。\n"
                        "四、重点任务\n聚焦贫困。\n（一）聚焦健康扶贫\n1. 突出问题：因病致贫。\n3. 工作措施：一是实行机制。\n"
                        "（省卫生计生委牵头负责，省民政厅分别负责）\n（二）实施就业扶贫\n1. 突出问题：能力不足。\n五、组织保障\n"
                        "（一）强化责任。落实责任制。\n湖北省测试领导小组\n2018年8月30日"))
    assert _ids_of(seg, "各市扶贫攻坚领导小组") == {"preamble"}
    assert _ids_of(seg, "以思想为指导") == {"一"}
    assert _ids_of(seg, "聚焦贫困") == {"四"}
    assert _ids_of(seg, "省卫生计生委牵头负责") == {"四（一）3"}
    assert _ids_of(seg, "能力不足") == {"四（二）1"}
    assert _ids_of(seg, "落实责任制") == {"五（一）"}
    assert not _ids_of(seg, "湖北省测试领导小组")
    assert seg.section("四（一）3").key == "4-1-3"
    assert seg.section("四（一）").key == "4-1"
    assert seg.section("四（一）").title == "聚焦健康扶贫"


def test_speech_parts_and_plain_paragraphs():
    parts = segment(_work("某讲话", "（2017年6月23日）\n开头要求。\n第一，合理确定目标。内容。\n第二，加大投入。\n续段。\n"))
    assert _ids_of(parts, "开头要求") == {"preamble"}
    assert _ids_of(parts, "续段") == {"第二"}
    assert parts.section("第一").key == "part1" and parts.section("第一").title == "合理确定目标"
    plain = segment(_work("某讲话", "（2015年11月27日）\n第一段。\n第二段，一是甲。\n\n第三段。"))
    assert [s.id for s in plain.sections] == ["p1", "p2", "p3"]
    assert _ids_of(plain, "第三段") == {"p3"}


def test_section_ids_core_agrees_with_segment(corpus_ingest):
    for w in corpus_ingest.works:
        seg = segment(w)
        from policy_graph.segment.structure import body_range, paragraphs

        paras = paragraphs(w.text)
        i, j = body_range(paras, w.title)
        expected = section_ids([p.text for p in paras[i:j]])
        got = [next(s.section for s in seg.sentences if p.start <= s.start < p.end) for p in paras[i:j]]
        assert got == expected, w.id


@pytest.mark.parametrize(("title", "section", "quote"), GOLD_ROWS)
def test_gold_quotes_sit_in_their_gold_sections(corpus_ingest, title: str, section: str, quote: str):
    w = next(w for w in corpus_ingest.works if w.title.endswith(title) and w.kind != "news")
    seg = segment(w)
    starts = [k for k in range(len(w.text)) if w.text.startswith(quote, k)]
    assert starts, quote
    assert section in {s.section for k in starts for s in seg.sentences if s.start <= k < s.end}


def test_corpus_section_ids(corpus_ingest):
    by_title = {w.title: segment(w) for w in corpus_ingest.works}
    dec = by_title["中共中央 国务院关于打赢脱贫攻坚战的决定"]
    assert [s.id for s in dec.sections if s.kind == "chapter"] == list("一二三四五六七八")
    assert sum(1 for s in dec.sections if s.kind == "article") == 33
    gui = by_title["中共中央 国务院关于打赢脱贫攻坚战三年行动的指导意见"]
    assert {"一（三）", "五（一）", "八（九）", "四（三）"} <= {s.id for s in gui.sections}
    hub = by_title["湖北省扶贫攻坚领导小组关于打赢脱贫攻坚战三年行动的实施意见"]
    assert {"preamble", "一", "二", "三", "四（十四）", "四（六）3", "五（十）"} <= {s.id for s in hub.sections}
    sp = by_title["坚持精准扶贫、精准脱贫，坚决打赢脱贫攻坚战"]
    assert [s.id for s in sp.sections] == [f"p{k}" for k in range(1, 11)]
    text = sp.work.text
    for pid, start in (("p5", "要坚持精准扶贫"), ("p8", "越是进行脱贫攻坚战"), ("p9", "扶贫开发投入力度"), ("p10", "脱贫致富终究要靠")):
        assert text[sp.section(pid).start :].startswith(start)
    deep = by_title["加大力度推进深度贫困地区脱贫攻坚"]
    assert [s.id for s in deep.sections] == ["preamble"] + [f"第{c}" for c in "一二三四五六七八"]
    for s in dec.sections + gui.sections + hub.sections:
        assert all(c.isascii() for c in s.key)
