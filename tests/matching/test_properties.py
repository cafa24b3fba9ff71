"""Properties the rule book must keep for every profile (hypothesis draws the profiles)."""

from hypothesis import given
from hypothesis import strategies as st

from matching.catalogue import get_catalogue
from matching.rules import Capacity, LoadProfile, Status, VacancyHours, WorkerHours, evaluate, hours_status

CATALOGUE = get_catalogue()
CODES = list(CATALOGUE.codes)


def levels_for(codes):
    return st.fixed_dictionaries({}, optional={code: st.integers(0, CATALOGUE[code].max) for code in codes})


capacities = levels_for(CODES)
loads = levels_for(CODES)
adaptables = st.frozensets(st.sampled_from(CODES))


def severity(status: Status) -> int:
    return status.severity


@given(capacities, loads, adaptables, st.sampled_from(CODES))
def test_raising_a_capacity_never_makes_a_fit_worse(capacity, load, adaptable, code):
    before = Capacity(capacity)
    raised = dict(capacity)
    raised[code] = min(before.level(code) + 1, CATALOGUE[code].max)
    load_profile = LoadProfile(load, adaptable)
    assert severity(evaluate(Capacity(raised), load_profile).fit) <= severity(evaluate(before, load_profile).fit)


@given(loads, adaptables)
def test_a_profile_at_the_norm_fits_every_vacancy_on_dimensions(load, adaptable):
    norm = Capacity({code: CATALOGUE[code].max for code in CODES})
    assert evaluate(norm, LoadProfile(load, adaptable)).fit is Status.GREEN
    assert evaluate(Capacity({}), LoadProfile(load, adaptable)).fit is Status.GREEN


@given(capacities, loads, adaptables, st.sampled_from(CODES))
def test_adding_an_adaptable_mark_never_makes_a_fit_worse(capacity, load, adaptable, code):
    profile = Capacity(capacity)
    before = evaluate(profile, LoadProfile(load, adaptable)).fit
    after = evaluate(profile, LoadProfile(load, adaptable | {code})).fit
    assert severity(after) <= severity(before)


@given(capacities, loads, adaptables)
def test_every_result_has_an_explanation_in_both_languages(capacity, load, adaptable):
    fit = evaluate(Capacity(capacity), LoadProfile(load, adaptable))
    for result in fit.dimensions:
        for language in ("nl", "en"):
            text = result.explanation(language)
            assert text.startswith(CATALOGUE[result.code].name[language] + ": ")
            assert text.endswith(".")
    assert fit.hours.explanation("nl")


@given(st.sampled_from(CODES), st.data())
def test_explanations_exist_for_every_status_and_level(code, data):
    dimension = CATALOGUE[code]
    capacity = data.draw(st.integers(0, dimension.max))
    load = data.draw(st.integers(0, dimension.max))
    adaptable = data.draw(st.booleans())
    fit = evaluate(Capacity({code: capacity}), LoadProfile({code: load}, frozenset({code} if adaptable else ())))
    [result] = [r for r in fit.dimensions if r.code == code] or [None]
    if result is None:  # neither loaded nor limited: nothing to explain, and it fits
        assert capacity == dimension.max and load == 0
        return
    verdicts = {Status.GREEN: "past.", Status.ORANGE: "aanpast.", Status.RED: "past niet."}
    assert result.explanation("nl").endswith(verdicts[result.status])


hours = st.decimals(min_value="0.5", max_value="60", places=1)


@given(hours, st.one_of(st.none(), st.decimals(min_value="0.5", max_value="12", places=1)), st.data())
def test_hours_explanations_exist_for_every_status(per_week, per_day, data):
    minimum = data.draw(hours)
    maximum = data.draw(st.decimals(min_value=minimum, max_value="60", places=1))
    phased = data.draw(st.booleans())
    start = data.draw(st.decimals(min_value="0.5", max_value=minimum, places=1)) if phased else None
    vacancy = VacancyHours(
        minimum,
        maximum,
        data.draw(st.one_of(st.none(), st.decimals("0.5", "12", places=1))),
        phased,
        start,
        data.draw(st.integers(1, 52)) if phased else None,
    )
    target = data.draw(st.one_of(st.none(), st.decimals(min_value=per_week, max_value="60", places=1)))
    result = hours_status(WorkerHours(per_week, per_day, target), vacancy)
    for language in ("nl", "en"):
        assert result.explanation(language).startswith(("Uren: ", "Hours: "))
    more = min(per_week + 1, 60)
    raised = hours_status(WorkerHours(more, None, None if target is None else max(target, more)), vacancy)
    if per_day is None:  # more hours per week never makes the hours fit worse
        assert raised.status.severity <= result.status.severity
