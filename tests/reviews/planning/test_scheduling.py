"""Cadence and reviewer assignment, at a fixed 'today'."""

from datetime import date

import pytest

from reviews.planning.scheduling import (
    CadencePolicy,
    DueReview,
    ReasonCode,
    ReviewerFacts,
    ReviewerSupply,
    ReviewNeed,
    SiteFacts,
    add_months,
    capacity_forecast,
    covers_every_day,
    follow_up_due,
    leave_share,
    month_grid,
    next_review_window,
    overlaps,
    propose_pairs,
    working_days,
)

TODAY = date(2026, 11, 23)
POLICY = CadencePolicy()


def site(**facts) -> SiteFacts:
    return SiteFacts(
        **{"site_id": 1, "region_id": 1, "start_date": date(2026, 9, 1), "active": True, **facts}
    )


def test_a_new_site_is_due_within_six_months_of_its_start():
    window = next_review_window(site(), POLICY, TODAY)
    assert (window.due_from, window.due_by, window.reason) == (
        date(2026, 12, 31),
        date(2027, 3, 1),
        "first",
    )


def test_a_site_that_never_had_a_review_and_is_late_gets_a_window_from_today():
    window = next_review_window(site(start_date=date(2025, 1, 10)), POLICY, TODAY)
    assert (window.due_from, window.due_by, window.reason) == (
        TODAY,
        date(2027, 1, 22),
        "first_overdue",
    )


@pytest.mark.parametrize(
    ("total", "due_by", "reason"),
    [
        (80, date(2027, 3, 10), "below_good"),
        (99, date(2027, 3, 10), "below_good"),
        (100, date(2027, 9, 10), "good"),
        (118, date(2027, 9, 10), "good"),
    ],
)
def test_fair_sites_come_back_after_six_months_good_ones_after_a_year(total, due_by, reason):
    facts = site(start_date=date(2020, 1, 1), last_visit=date(2026, 9, 10), last_good=total >= 100)
    window = next_review_window(facts, POLICY, TODAY)
    assert (window.due_by, window.reason) == (due_by, reason)


def test_a_site_that_fell_below_good_goes_back_to_six_months():
    facts = site(start_date=date(2018, 1, 1), last_visit=date(2026, 10, 1), last_good=False)
    assert next_review_window(facts, POLICY, TODAY).due_by == date(2027, 4, 1)


def test_an_overdue_site_is_planned_from_today():
    facts = site(start_date=date(2018, 1, 1), last_visit=date(2025, 1, 15), last_good=True)
    window = next_review_window(facts, POLICY, TODAY)
    assert (window.due_from, window.reason) == (TODAY, "overdue")


def test_a_closed_site_or_one_with_an_open_review_gets_nothing():
    assert next_review_window(site(active=False), POLICY, TODAY) is None
    assert next_review_window(site(has_open_review=True), POLICY, TODAY) is None


def test_a_region_can_set_its_own_rhythm():
    policy = CadencePolicy(interval_months=4, good_interval_months=18, window_days=30)
    facts = site(start_date=date(2020, 1, 1), last_visit=date(2026, 10, 31), last_good=True)
    window = next_review_window(facts, policy, TODAY)
    assert (window.due_from, window.due_by) == (date(2028, 3, 31), date(2028, 4, 30))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_adding_months_keeps_to_the_end_of_short_months(day, months, expected):
    assert add_months(day, months) == expected


def reviewer(
    reviewer_id, region_id=1, capacity=6, experienced=False, leave=(), **lending
) -> ReviewerFacts:
    return ReviewerFacts(reviewer_id, region_id, capacity, experienced, tuple(leave), **lending)


def need(
    review_id, region_id=1, due=date(2027, 2, 1), previous=(), conflicted=(), **when
) -> ReviewNeed:
    return ReviewNeed(
        review_id, review_id, region_id, due, frozenset(previous), frozenset(conflicted), **when
    )


def codes(proposal):
    return [(r.code, r.reviewer_id) for r in proposal.reasons]


def test_the_least_loaded_reviewers_of_the_region_are_proposed():
    reviewers = [reviewer(1, experienced=True), reviewer(2), reviewer(3), reviewer(4, region_id=2)]
    [proposal] = propose_pairs([need(10)], reviewers, loads={1: 3, 2: 0, 3: 1, 4: 0})
    assert proposal.reviewer_ids == [2, 1] or proposal.reviewer_ids == [2, 3]
    assert proposal.lent_ids == [] and proposal.complete


def test_a_reason_gives_the_load_the_coordinator_sees_not_this_run_s_running_count():
    reviewers = [reviewer(1), reviewer(2), reviewer(3)]
    loads = {1: 1, 2: 2, 3: 2}  # reviews assigned: what the load table shows
    proposals = propose_pairs([need(10), need(11), need(12)], reviewers, loads=loads)
    stated = [
        (r.reviewer_id, r.detail) for p in proposals for r in p.reasons if r.code == "least_loaded"
    ]
    assert len(stated) == 6
    assert all(detail == loads[reviewer_id] for reviewer_id, detail in stated)


def test_at_least_one_experienced_reviewer_when_one_is_free():
    reviewers = [reviewer(1), reviewer(2), reviewer(3, experienced=True)]
    [proposal] = propose_pairs([need(10)], reviewers, loads={1: 0, 2: 0, 3: 4})
    assert sorted(proposal.reviewer_ids) == [1, 3]


def test_a_reviewer_with_a_conflict_of_interest_is_never_proposed():
    reviewers = [reviewer(1, experienced=True), reviewer(2), reviewer(3)]
    [proposal] = propose_pairs([need(10, conflicted={1})], reviewers, loads={})
    assert 1 not in proposal.reviewer_ids
    assert ("conflict_excluded", 1) in codes(proposal)


def test_a_reviewer_at_capacity_is_passed_over():
    reviewers = [reviewer(1, capacity=2), reviewer(2), reviewer(3)]
    [proposal] = propose_pairs([need(10)], reviewers, loads={1: 2})
    assert sorted(proposal.reviewer_ids) == [2, 3]
    assert [(r.code, r.detail) for r in proposal.reasons if r.code == "at_capacity"] == [
        ("at_capacity", 1)
    ]


JANUARY = (date(2027, 1, 1), date(2027, 1, 31))


def test_leave_covers_a_window_only_if_no_day_of_it_is_left_free():
    assert covers_every_day([JANUARY], *JANUARY)
    # Two periods that follow on from each other, given in any order.
    assert covers_every_day(
        [(date(2027, 1, 16), date(2027, 2, 5)), (date(2026, 12, 20), date(2027, 1, 15))], *JANUARY
    )
    assert not covers_every_day(
        [(date(2027, 1, 1), date(2027, 1, 14)), (date(2027, 1, 16), date(2027, 1, 31))], *JANUARY
    )
    assert not covers_every_day([(date(2027, 1, 2), date(2027, 1, 31))], *JANUARY)
    assert not covers_every_day([], *JANUARY)
    assert overlaps([(date(2027, 1, 31), date(2027, 2, 3))], *JANUARY)
    assert not overlaps([(date(2027, 2, 1), date(2027, 2, 3))], *JANUARY)


@pytest.mark.parametrize(
    "leave",
    [
        [(date(2026, 12, 20), date(2027, 2, 10))],
        # Two periods that follow on from each other, given in any order.
        [(date(2027, 1, 16), date(2027, 2, 5)), (date(2026, 12, 20), date(2027, 1, 15))],
    ],
)
def test_a_reviewer_on_leave_for_the_whole_due_window_is_left_out_and_the_reasons_say_so(leave):
    reviewers = [reviewer(1, experienced=True, leave=leave), reviewer(2), reviewer(3)]
    [proposal] = propose_pairs([need(10, window=JANUARY)], reviewers, loads={})
    assert sorted(proposal.reviewer_ids) == [2, 3]
    assert ("on_leave", 1) in codes(proposal)


@pytest.mark.parametrize(
    "leave",
    [
        [(date(2027, 1, 1), date(2027, 1, 20))],
        [(date(2027, 1, 5), date(2027, 2, 20))],
        [(date(2026, 12, 1), date(2027, 1, 14)), (date(2027, 1, 16), date(2027, 2, 1))],
    ],
)
def test_a_reviewer_on_leave_for_part_of_the_window_can_still_take_the_review(leave):
    reviewers = [reviewer(1, experienced=True, leave=leave), reviewer(2), reviewer(3)]
    [proposal] = propose_pairs([need(10, window=JANUARY)], reviewers, loads={1: 0, 2: 0, 3: 1})
    assert 1 in proposal.reviewer_ids
    assert "on_leave" not in [code for code, _reviewer in codes(proposal)]


def test_once_the_visit_is_set_leave_on_any_visit_day_leaves_the_reviewer_out():
    one_day = [(date(2027, 1, 12), date(2027, 1, 12))]
    reviewers = [reviewer(1, experienced=True, leave=one_day), reviewer(2), reviewer(3)]
    visit = (date(2027, 1, 11), date(2027, 1, 12))
    [proposal] = propose_pairs([need(10, window=JANUARY, visit=visit)], reviewers, loads={})
    assert sorted(proposal.reviewer_ids) == [2, 3]
    assert ("on_leave_visit", 1) in codes(proposal)
    [proposal] = propose_pairs(
        [need(10, window=JANUARY, visit=(date(2027, 1, 13), date(2027, 1, 14)))],
        reviewers,
        loads={2: 1, 3: 1},
    )
    assert 1 in proposal.reviewer_ids


def test_without_a_window_the_due_date_alone_counts():
    on_the_day = [(date(2027, 2, 1), date(2027, 2, 1))]
    reviewers = [reviewer(1, leave=on_the_day), reviewer(2), reviewer(3)]
    [proposal] = propose_pairs([need(10)], reviewers, loads={})
    assert ("on_leave", 1) in codes(proposal)


def test_one_reviewer_from_the_previous_review_stays_for_continuity():
    reviewers = [reviewer(1), reviewer(2), reviewer(3, experienced=True)]
    [proposal] = propose_pairs([need(10, previous={2, 9})], reviewers, loads={2: 5, 1: 0, 3: 0})
    assert proposal.reviewer_ids[0] == 2
    assert ("continuity", 2) in codes(proposal)


def test_a_region_short_of_reviewers_borrows_from_another_and_says_so():
    lent = reviewer(7, region_id=2, experienced=True, lendable=True)
    reviewers = [reviewer(1, capacity=1), reviewer(2), lent]
    [proposal] = propose_pairs([need(10)], reviewers, loads={1: 1})
    assert sorted(proposal.reviewer_ids) == [2, 7]
    assert proposal.lent_ids == [7]
    assert ("lent", 7) in codes(proposal)


def test_a_region_that_does_not_borrow_gets_an_incomplete_proposal():
    reviewers = [reviewer(1), reviewer(7, region_id=2, lendable=True)]
    [proposal] = propose_pairs([need(10)], reviewers, loads={}, allow_lending=False)
    assert proposal.reviewer_ids == [1] and not proposal.complete
    assert proposal.reasons[-1].code == "short_of_reviewers"


def test_a_reviewer_whose_region_does_not_lend_is_not_borrowed():
    reviewers = [reviewer(1), reviewer(7, region_id=2, lendable=False)]
    [proposal] = propose_pairs([need(10)], reviewers, loads={}, allow_lending=True)
    assert proposal.reviewer_ids == [1] and not proposal.complete
    assert proposal.reasons[-1].code == "short_of_reviewers"


def test_a_reviewer_of_two_regions_is_their_own_in_both():
    both = reviewer(7, region_id=2, other_region_ids=frozenset({1}))
    [proposal] = propose_pairs([need(10)], [reviewer(1), both], loads={}, allow_lending=False)
    assert sorted(proposal.reviewer_ids) == [1, 7] and proposal.lent_ids == []


def test_the_load_spreads_over_several_reviews():
    reviewers = [reviewer(i, capacity=2, experienced=i == 1) for i in range(1, 5)]
    needs = [need(review_id) for review_id in range(10, 14)]
    proposals = propose_pairs(needs, reviewers, loads={})
    picks = [r for p in proposals for r in p.reviewer_ids]
    assert all(picks.count(i) == 2 for i in range(1, 5))  # 8 slots, 4 reviewers, 2 each
    assert all(p.complete for p in proposals)


def test_the_earliest_due_review_is_served_first_when_capacity_runs_out():
    reviewers = [reviewer(1, capacity=1), reviewer(2, capacity=1)]
    late, early = need(20, due=date(2027, 6, 1)), need(21, due=date(2027, 1, 1))
    proposals = {p.review_id: p for p in propose_pairs([late, early], reviewers, loads={})}
    assert proposals[21].complete and not proposals[20].reviewer_ids


def test_the_forecast_counts_reviewer_days_per_month_against_what_the_reviewers_can_give():
    due = [
        DueReview(date(2026, 10, 1)),
        DueReview(date(2026, 11, 30)),
        DueReview(date(2027, 1, 5)),
        DueReview(date(2027, 1, 20), days_per_review=5),
        DueReview(date(2028, 1, 1)),
    ]
    reviewers = [ReviewerSupply(6), ReviewerSupply(6), ReviewerSupply(12, days_per_review=2)]
    forecast = capacity_forecast(TODAY, due, reviewers)
    assert len(forecast) == 12 and forecast[0].month == date(2026, 11, 1)
    assert [m.reviews_due for m in forecast[:3]] == [2, 0, 2]  # the late one counts now
    # Two reviewers each: 2 x 2 x 3 days; then 2 x 3 + 2 x 5.
    assert [m.days_needed for m in forecast[:3]] == [12, 0, 16]
    # (6 x 3 + 6 x 3 + 12 x 2) / 12 days a month.
    assert forecast[0].days_available == pytest.approx(5.0)
    assert forecast[0].short and forecast[2].short and not forecast[1].short
    assert sum(m.reviews_due for m in forecast) == 4  # 2028 is beyond the horizon


def test_working_days_are_monday_to_friday():
    assert len(working_days(date(2026, 11, 1))) == 21
    assert len(working_days(date(2027, 2, 1))) == 20
    assert len(working_days(date(2027, 3, 1))) == 23


def test_two_weeks_of_leave_take_their_share_of_the_months_working_days():
    two_weeks = ((date(2027, 3, 8), date(2027, 3, 21)),)  # Monday to Sunday: 10 working days
    with_leave = capacity_forecast(TODAY, [], [ReviewerSupply(6, leave=two_weeks)])
    without = capacity_forecast(TODAY, [], [ReviewerSupply(6)])
    march = 4  # November, December, January, February, March
    assert with_leave[march].month == date(2027, 3, 1)
    assert without[march].days_available == pytest.approx(1.5)  # 6 reviews x 3 days / 12
    assert with_leave[march].days_available == pytest.approx(1.5 * 13 / 23)
    assert [m.days_available for m in with_leave[:march]] == [
        m.days_available for m in without[:march]
    ]


def test_leave_over_a_month_end_counts_in_both_months():
    leave = [(date(2027, 2, 22), date(2027, 3, 5))]
    assert leave_share(date(2027, 2, 1), leave) == pytest.approx(5 / 20)
    assert leave_share(date(2027, 3, 1), leave) == pytest.approx(5 / 23)
    assert leave_share(date(2027, 4, 1), leave) == 0
    # A weekend away takes no working day.
    assert leave_share(date(2027, 3, 1), [(date(2027, 3, 6), date(2027, 3, 7))]) == 0
    assert leave_share(date(2027, 3, 1), [(date(2027, 1, 1), date(2027, 12, 31))]) == 1


def test_follow_up_reviews_come_sooner_below_good():
    assert follow_up_due(date(2027, 3, 1), False, POLICY) == date(2027, 9, 1)
    assert follow_up_due(date(2027, 3, 1), True, POLICY) == date(2028, 3, 1)
    assert follow_up_due(date(2027, 3, 1), None, POLICY) == date(2027, 9, 1)


def test_the_month_grid_starts_on_monday():
    weeks = month_grid(2026, 11)
    assert weeks[0][:6] == [None] * 6 and weeks[0][6] == date(2026, 11, 1)  # a Sunday
    assert weeks[-1][0] == date(2026, 11, 30)


def test_every_reason_the_planner_gives_has_a_sentence_and_an_unknown_one_is_shown():
    from reviews.templatetags.review_tags import REASONS, _reason_sentence

    assert set(REASONS) == set(ReasonCode)
    for code in ReasonCode:
        assert _reason_sentence({"code": code.value, "detail": 2}, "Kari")
    assert "retired_code" in _reason_sentence({"code": "retired_code"}, "Kari")
