"""Vacancies in the shape of the public API (DOMAIN.md, `GET /api/v1/vacancies/`)."""


def _hours(value):
    return None if value is None else float(value)


def vacancy_as_api(vacancy) -> dict:
    occupation = vacancy.occupation
    return {
        "id": vacancy.pk,
        "kind": vacancy.kind,
        "title": vacancy.title,
        "employer": vacancy.employer.name,
        "network": vacancy.network.slug,
        "occupation": {"isco": occupation.isco_code, "title": occupation.title},
        "location": {"lat": vacancy.latitude, "lon": vacancy.longitude, "place": vacancy.place},
        "remote": vacancy.remote,
        "load": {code: level for code, level in vacancy.load.items() if level},
        "adaptable": sorted(vacancy.adaptable),
        "hours": {
            "per_week_min": _hours(vacancy.per_week_min),
            "per_week_max": _hours(vacancy.per_week_max),
            "per_day_max": _hours(vacancy.per_day_max),
            "phased_start": vacancy.phased_start,
            "phased_start_per_week": _hours(vacancy.phased_start_per_week),
            "phased_weeks": vacancy.phased_weeks,
        },
        "terms": {
            "duration_weeks": vacancy.duration_weeks,
            "certificate": vacancy.certificate,
            "expense_allowance": vacancy.expense_allowance,
        },
        "published_at": vacancy.published_at.isoformat() if vacancy.published_at else None,
    }
