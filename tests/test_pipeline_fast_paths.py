"""The entity finders' hand-made fast paths agree with the plain definitions they replace.

Each of these was a regular expression or a two-step transformation that was rewritten
for speed (string operations read backwards, a shared automaton instead of a second scan,
an ASCII shortcut). The plain definition stays here as the oracle, and hypothesis looks for
a text on which the two disagree, built from the words and characters that matter to each
(200 fixed examples per property; `make soak` tries 5,000 random ones).
"""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

import tests.soak  # noqa: F401 - registers and loads the hypothesis profile
from pipeline.entities import _article_index, fold, padded, padded_text, vocabulary
from pipeline.organisations import HEAD_KINDS, _honorific, joined_on

# --- honours before a name ---------------------------------------------------------------------

#: The definition: "<word> of [the] " right before the name, the word (or two) an honour.
HONOUR_BEFORE = re.compile(r"(?:\b(\w+)\s+)?\b(\w+)\s+of\s+(?:the\s+)?$", re.IGNORECASE)


def honorific_by_definition(text: str, line_start: int, start: int) -> bool:
    match = HONOUR_BEFORE.search(text, max(line_start, start - 48), start)
    if not match:
        return False
    honours = vocabulary().honorific
    last = match.group(2).lower()
    return last in honours or (match.group(1) is not None and f"{match.group(1).lower()} {last}" in honours)


def _honour_words() -> list[str]:
    words = {w for phrase in vocabulary().honorific for w in phrase.split()}
    cased = [w.capitalize() for w in words] + [w.upper() for w in words]
    return sorted(words) + sorted(cased) + ["of", "Of", "OF", "the", "The", "THE", "ofthe", "bathe", "Prof", "x_y", "İstanbul", "12"]


_SEPARATORS = st.sampled_from([" ", "  ", "\t", "\u00a0", ",", ", ", "-", "", "\u2009", "\n"])
_HONOUR_TAIL = st.sampled_from([" of ", " Of ", " of the ", " of  the  ", " OF THE ", "of the ", " of the", " ofthe ", ""])


@st.composite
def texts_before_a_name(draw: st.DrawFn) -> tuple[str, int, int]:
    words = draw(st.lists(st.tuples(st.sampled_from(_honour_words()), _SEPARATORS), max_size=8))
    padding = draw(st.text(alphabet="abc ", max_size=60))
    tail = draw(_HONOUR_TAIL)
    text = padding + "".join(w + s for w, s in words) + tail + "Academy"
    start = len(text) - len("Academy")
    # where the line starts matters most inside the words just before the name: they are cut
    inside = [i for i in range(1, start) if text[i].isalnum() and text[i - 1].isalnum()]
    line_start = draw(st.one_of(st.integers(min_value=0, max_value=start), st.sampled_from(inside[-12:] or [0])))
    return text, line_start, start


@given(texts_before_a_name())
@example(("Corresponding Member of the National Academy", 0, 35))
@example(("xFellow of the Academy", 1, 15))
def test_honours_read_backwards_agree_with_their_pattern(case: tuple[str, int, int]) -> None:
    text, line_start, start = case
    assert _honorific(text, line_start, start) == honorific_by_definition(text, line_start, start)


# --- padding for the phrase indexes ---------------------------------------------------------------


@given(st.text(alphabet="aZq –—’‘“”«»…\u00a0İёЁДдé.,'\"-\n_1", max_size=40))
@example("Japan – Republic of Belarus")
@example("İstanbul University")
def test_padded_text_is_padding_of_the_folded_text(text: str) -> None:
    assert padded_text(text) == padded(fold(text))


# --- head words of organisation names ----------------------------------------------------------------

#: The definition: a capitalised head word standing as a word of its own ("University-based"
#: and "Academy’s" are one token each).
HEAD = re.compile(
    r"(?<!\w)(?:" + "|".join(sorted(HEAD_KINDS, key=len, reverse=True)) + r")\b(?![-'’]\w)"
)


def heads_by_automaton(text: str) -> list[tuple[int, int]]:
    found = _article_index().find(text, padded_text(text))[2]
    return [(m.start, m.end) for m in found if not joined_on(text, m.end)]


_HEAD_PIECES = st.sampled_from(
    [*HEAD_KINDS, "university", "UNIVERSITY", "Universitys", "x", " ", "-", "'", "’", "_", "2", "(", "é", "ё", "\n", "based", "s"]
)


@given(st.lists(_HEAD_PIECES, max_size=14).map("".join))
@example("University-based research at the Academy’s Institute")
@example("the Universities of Lodz and Nanjing")
def test_head_words_found_by_the_joint_automaton_are_those_of_the_pattern(text: str) -> None:
    assert heads_by_automaton(text) == [m.span() for m in HEAD.finditer(text)]
