"""The built-in library as a whole: its coverage, its balance, and a clean audit of every scenario."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bench.core.world import available_domains, load_domain
from bench.run.audit import audit
from bench.suite.coverage import coverage_table
from bench.suite.load import scenario_schema
from tests.conftest import SUITE

README = SUITE.parent / "README.md"
CATEGORIES = scenario_schema()["properties"]["category"]["enum"]
ENOUGH_PER_CATEGORY = 8  # enough cases for a category's pass rate to mean something on its own


@pytest.fixture(scope="module")
def bases(suite):
    return [s for s in suite if not s.variant_of]


def test_the_library_has_at_least_150_scenarios(bases):
    assert len(bases) >= 150


def test_at_least_40_percent_of_the_library_is_french(bases):
    assert sum(s.language == "fr" for s in bases) / len(bases) >= 0.40


def test_four_domains_with_policy_and_tools_including_telecom_and_travel(bases):
    assert {"retail", "banking", "telecom", "travel"} <= {s.domain for s in bases}
    for name in available_domains():
        domain = load_domain(name)
        assert domain.policy.strip() and len(domain.tools) > 3


def test_every_domain_has_cases_in_both_languages(bases):
    per = Counter((s.domain, s.language) for s in bases)
    assert all(per[d, lang] >= 10 for d in {s.domain for s in bases} for lang in ("en", "fr"))


@pytest.mark.parametrize("channel", ["chat", "email", "messaging"])
def test_each_channel_is_well_represented(bases, channel):
    assert sum(s.channel == channel for s in bases) >= 15


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_has_enough_cases_to_score_on_its_own(bases, category):
    assert sum(s.category == category for s in bases) >= ENOUGH_PER_CATEGORY


def test_every_emotion_of_the_schema_appears(bases):
    emotions = scenario_schema()["$defs"]["customer"]["properties"]["emotion"]["enum"]
    assert set(emotions) == {s.emotion for s in bases}


def test_escalation_is_balanced_so_neither_extreme_bot_can_win(bases):
    share = Counter(s.escalation for s in bases)
    assert share["never"] / len(bases) >= 0.3  # a bot escalating everything loses
    assert (share["required"] + share["on_request"]) / len(bases) >= 0.3  # one never escalating loses


def test_humans_are_requested_both_at_the_first_turn_and_mid_conversation(bases):
    turns = [s.customer["asks_for_human"]["at_turn"] for s in bases if "asks_for_human" in s.customer]
    assert 1 in turns and any(t > 1 for t in turns)


@pytest.mark.parametrize("tag", ["no-repeat", "bereavement", "fraud", "account-takeover", "hardship", "separation"])
def test_the_situations_of_the_research_are_covered(bases, tag):
    assert any(tag in s.tags for s in bases)


def test_some_scenarios_declare_metamorphic_variants(suite):
    assert sum(1 for s in suite if s.variant_of) >= 15


def test_the_readme_coverage_table_is_the_library_s(suite):
    block = re.search(r"<!-- coverage -->\n(.*?)\n<!-- /coverage -->", README.read_text(encoding="utf-8"), re.S)
    assert block, "README.md lacks the <!-- coverage --> block"
    assert block[1].strip() == coverage_table(suite, "github").strip(), (
        "regenerate it with: supportbench list --coverage --markdown"
    )


def test_the_whole_library_passes_the_audit(suite):
    problems = [f"{r.scenario.id}: {p}" for r in audit(suite) for p in r.problems]
    assert not problems, "\n".join(problems)
