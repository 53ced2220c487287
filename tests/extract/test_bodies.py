"""Body recognition (head-noun grammar) and resolution (gazetteer, aliases, levels, parents)."""

from __future__ import annotations

from policy_graph.extract.bodies import grammar, resolve


def parse(text: str, *, until: str | None = None):
    """Mentions of a body list that fills ``text`` up to ``until`` (or to its end)."""
    end = text.index(until) if until else len(text)
    found = grammar().parse_list(text, 0, end, lambda e: e == end)
    return [m.surface for m in found] if found else None


def test_alias_resolves_to_one_entity():
    a, b = resolve("省卫计委"), resolve("省卫生计生委")
    assert a.key == b.key == "hb-health"
    assert a.label == "省卫生计生委" and a.surface == "省卫计委"
    assert resolve("人行武汉分行").key == resolve("中国人民银行武汉分行").key == "hb-pboc-wuhan"


def test_branch_has_its_bank_as_parent():
    assert resolve("国开行湖北分行").parent == "cdb"
    assert resolve("国家开发银行湖北分行").key == "hb-cdb"
    unknown = resolve("国开行河南分行")  # not in the gazetteer: parent found from the bank's alias
    assert not unknown.known and unknown.parent == "cdb" and unknown.kind == "financial"


def test_level_and_kind_of_known_and_unknown_bodies():
    assert (resolve("县级党委和政府").level, resolve("县级党委和政府").kind) == ("county", "party")
    assert resolve("书记和县长").kind == "post"
    assert resolve("各级党委和政府").level == "multi"
    assert resolve("金融机构").level == "none"
    x = resolve("省水产局")  # unseen: level from 省, kind from 局
    assert (x.known, x.level, x.kind) == (False, "provincial", "department")
    assert x.key.startswith("x-") and x.key.isascii()
    assert resolve("有条件的地方").label == "地方"  # qualifier dropped from the label, kept in the surface


def test_list_gives_one_mention_per_body():
    assert parse("省委组织部、省委宣传部") == ["省委组织部", "省委宣传部"]
    assert parse("国家开发银行和中国农业发展银行") == ["国家开发银行", "中国农业发展银行"]


def test_fixed_pairs_and_brackets_stay_whole():
    assert parse("各级党委和政府") == ["各级党委和政府"]
    assert parse("书记和县长") == ["书记和县长"]
    assert parse("省（自治区、直辖市）党委和政府") == ["省（自治区、直辖市）党委和政府"]
    assert parse("省委财经办（省委农办）") == ["省委财经办（省委农办）"]


def test_deng_list_names_the_listed_bodies_or_the_category():
    assert parse("中国农业银行、邮政储蓄银行、农村信用社等金融机构") == ["中国农业银行", "邮政储蓄银行", "农村信用社"]
    assert parse("商业性、政策性等各类金融机构") == ["各类金融机构"]


def test_adjacent_level_words_split():
    g = grammar()
    [m] = g.parse_list("市（地）县", 0, 5, lambda e: e == 5)
    assert [p.surface for p in g.split_levels(m)] == ["市（地）", "县"]


def test_not_bodies():
    assert parse("加强扶贫开发工作") is None  # a clause, not a name
    assert parse("全部") is None
    g = grammar()
    [m] = g.parse_list("贫困户", 0, 3, lambda e: e == 3)
    assert m.beneficiary  # recognised, but never a bearer


def test_malformed_reference_data_names_the_file(tmp_path, monkeypatch):
    import pytest

    from policy_graph.errors import ExtractionError
    from policy_graph.extract import reference

    (tmp_path / "roles.yaml").write_text("subject_triggers: [unclosed\n", encoding="utf-8")
    (tmp_path / "bodies.yaml").write_text("- just a list\n", encoding="utf-8")
    monkeypatch.setattr(reference, "reference_dir", lambda: tmp_path)
    for name in ("roles", "bodies", "missing"):
        with pytest.raises(ExtractionError) as err:
            reference.load.__wrapped__(name)
        assert f"{name}.yaml" in str(err.value) and "\n" not in str(err.value).strip()
        if name == "roles":  # where in the file, whichever YAML loader (libyaml or pure Python) parsed it
            assert "invalid YAML at line" in str(err.value)


def test_long_failing_list_is_parsed_without_blow_up():
    g = grammar()
    text = "县、" * 300 + "县啊"  # every prefix is a list of bodies, none is followed by a verb
    assert g.parse_list(text, 0, len(text), lambda e: text.startswith("发展", e)) is None
    ok = "省委组织部、" * 24 + "省委宣传部要"
    found = g.parse_list(ok, 0, len(ok) - 1, lambda e: e == len(ok) - 1)
    assert found is not None and len(found) == 25
