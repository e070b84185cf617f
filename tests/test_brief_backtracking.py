"""Rules read a brief whose used parts are blanked to runs of spaces or newlines (offsets stay put). A pattern that can
split such a run every way between two of its own blank-matching parts backtracks for seconds or minutes: a four-version
e-mail took over two minutes to parse, a bulleted post five seconds. The patterns now take runs of blanks whole, and
each brief here parses well inside the timeout (a warm parse takes milliseconds; the timeout only stops a hang)."""
from __future__ import annotations

import pytest

from agent.brief import BriefLexicon, parse_brief
from agent.brief_copy import labelled, labels


@pytest.fixture(scope="module")
def lexicon() -> BriefLexicon:
    return BriefLexicon()


@pytest.mark.timeout(60)
def test_an_email_of_headline_versions_parses_at_once(lexicon):
    text = ("Subject: Re: Re: autumn webinar banner - final copy?\n\nHi all,\n\nNotes from round 4 below.\n\n"
            "v1 headline: Support that scales with every customer you win this year\n"
            "v2 headline: Every ticket answered before lunch, every single day\n"
            "v3 headline: Cut your ticket backlog by 40% with triage that reads every message\n"
            "v4 headline: One inbox for every channel your customers already use\n\n"
            "We're going with v2's headline. Keep the v3 button (Book my seat) - the v1 button, Sign up, "
            "tested worse.\n"
            "Subhead stays as is: Live demo · Thursday, Oct 9 · 10am PT\n\nThanks,\nRiley")
    copy = parse_brief(text, lexicon).copy
    assert (copy.title, copy.subtitle, copy.cta) == (
        "Every ticket answered before lunch, every single day", "Live demo · Thursday, Oct 9 · 10am PT", "Book my seat")


@pytest.mark.timeout(60)
def test_a_bulleted_post_parses_at_once(lexicon):
    text = ("Google Business post graphic:\n- Title: Prescription Transfers Made Simple For Every Family\n"
            "- Sub: Move all your prescriptions with a single phone call and we take care of everything else\n"
            "- CTA: Call Today\n- Footer: (555) 210-4477 · 88 Birch Ave · Open 8am–9pm every day of the week")
    copy = parse_brief(text, lexicon).copy
    assert copy.title == "Prescription Transfers Made Simple For Every Family"
    assert copy.cta == "Call Today"
    assert copy.body == "(555) 210-4477 · 88 Birch Ave · Open 8am–9pm every day of the week"


@pytest.mark.timeout(60)
def test_patterns_take_long_blank_runs_whole(lexicon):
    blanked = " " * 3000 + "headline: Every ticket answered"
    assert labels._HEADING_LABEL_LINE.search(blanked) is None
    assert labelled._AVOIDED_QUOTE.search(" " * 3000 + "x") is None
    _, english_cues = lexicon.hero_cue_patterns
    newline_runs = "graphic:" + "\n- " * 40 + "\n" * 400 + "- "
    assert not any(cue.search(newline_runs) for cue in english_cues)
    # what they matched before, they still match
    assert labels._HEADING_LABEL_LINE.search("  ## Headline  \n").group("label") == "Headline"
    assert labelled._AVOIDED_QUOTE.match(" ： 不用“立即购买”")


@pytest.mark.timeout(60)
def test_long_runs_of_blanks_a_user_pastes_are_read_short(lexicon):
    # (a sheet pasted with wide padding, a run of empty lines: 1,800 blanks once took minutes to read)
    padded = "标题：烧菜去腥 一勺花雕" + " " * 1800 + "\n副标题：三年陈 5斤装 只要35"
    spaced = "标题：烧菜去腥 一勺花雕" + "\n" * 900 + "副标题：三年陈 5斤装 只要35\n按钮：马上抢"
    assert parse_brief(padded, lexicon).copy.subtitle == "三年陈 5斤装 只要35"
    copy = parse_brief(spaced, lexicon).copy
    assert (copy.title, copy.subtitle, copy.cta) == ("烧菜去腥 一勺花雕", "三年陈 5斤装 只要35", "马上抢")
    # a brief keeps its own text; only the rules read the runs short
    assert parse_brief(padded, lexicon).raw == padded
