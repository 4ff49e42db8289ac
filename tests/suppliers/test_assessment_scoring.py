"""suppliers.assessment.score_rows: the scoring rules, from plain rows (no database)."""

from decimal import Decimal

import pytest

from suppliers.assessment import Row, band_for, score_rows


def row(section="env", question="q", weight=1, choice="yes", section_weight=1, critical=False):
    return Row(
        section=section,
        section_weight=section_weight,
        question=question,
        weight=weight,
        choice=choice,
        critical=critical,
    )


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        (["yes", "yes"], Decimal("100.0")),
        (["yes", "no"], Decimal("50.0")),
        (["partly", "partly"], Decimal("50.0")),
        (["yes", "partly", "no"], Decimal("50.0")),
        (["no", "no"], Decimal("0.0")),
        (["yes", "na"], Decimal("100.0")),  # not applicable leaves the question out
        (["no", "na"], Decimal("0.0")),
    ],
)
def test_a_section_scores_the_share_of_its_applicable_weight_that_is_met(choices, expected):
    rows = [row(question=f"q{i}", choice=choice) for i, choice in enumerate(choices)]

    assert score_rows(rows).sections[0].score == expected


def test_question_weights_count():
    rows = [row(question="heavy", weight=3, choice="yes"), row(question="light", choice="no")]

    assert score_rows(rows).sections[0].score == Decimal("75.0")


def test_a_section_with_only_not_applicable_answers_has_no_score_and_is_left_out():
    rows = [
        row(section="env", question="a", choice="na"),
        row(section="lab", question="b", choice="no"),
    ]

    result = score_rows(rows)

    assert [s.score for s in result.sections] == [None, Decimal("0.0")]
    assert result.overall == Decimal("0.0")


def test_the_overall_score_averages_sections_by_their_weights():
    rows = [
        row(section="env", question="a", choice="yes", section_weight=3),
        row(section="lab", question="b", choice="no", section_weight=1),
    ]

    assert score_rows(rows).overall == Decimal("75.0")


def test_unanswered_questions_make_the_round_incomplete_but_do_not_lower_the_score():
    rows = [row(question="a", choice="yes"), row(question="b", choice="")]

    result = score_rows(rows)

    assert not result.complete
    assert result.overall == Decimal("100.0")
    assert (result.sections[0].answered, result.sections[0].questions) == (1, 2)


def test_no_answer_at_all_gives_no_score_and_no_band():
    result = score_rows([row(choice="")])

    assert (result.overall, result.band) == (None, "")


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (Decimal(100), "A"),
        (Decimal(85), "A"),
        (Decimal("84.9"), "B"),
        (Decimal(70), "B"),
        (Decimal("69.9"), "C"),
        (Decimal(50), "C"),
        (Decimal("49.9"), "D"),
        (Decimal(0), "D"),
        (None, ""),
    ],
)
def test_bands(score, band):
    assert band_for(score) == band


def test_a_critical_no_keeps_the_band_at_d_whatever_the_score():
    rows = [row(question=f"q{i}") for i in range(9)]
    rows.append(row(question="child-labour", choice="no", critical=True))

    result = score_rows(rows)

    assert result.overall == Decimal("90.0")
    assert result.band == "D"
    assert result.critical_gaps == ["child-labour"]


def test_a_critical_partly_is_not_a_critical_gap():
    result = score_rows([row(question="fire", choice="partly", critical=True)])

    assert result.critical_gaps == [] and result.band == "C"


def test_what_would_raise_it_lists_critical_gaps_first_then_the_largest_gains():
    rows = [
        row(section="env", question="small", choice="partly", section_weight=1),
        row(section="env", question="big", weight=3, choice="no", section_weight=1),
        row(section="lab", question="crit", choice="no", critical=True, section_weight=1),
        row(section="lab", question="fine", choice="yes", section_weight=1),
    ]

    tips = score_rows(rows).tips

    assert [tip.question for tip in tips] == ["crit", "big", "small"]
    # "big" is 3 of env's 4 weight units, env is half the overall: 100 * 1/2 * 3/4 = 37.5 points
    assert tips[1].gain == Decimal("37.5")
    assert tips[2].gain == Decimal("6.2")  # 100 * 1/2 * 1/4 * 1/2 = 6.25


def test_a_perfect_round_has_nothing_to_raise():
    assert score_rows([row(), row(question="b")]).tips == []


def test_at_most_five_tips():
    rows = [row(question=f"q{i}", choice="no") for i in range(8)]

    assert len(score_rows(rows).tips) == 5
