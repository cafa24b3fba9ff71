from matching.occupation_rules import INCIDENTAL_SHARE_BELOW, TaskLoad, derive_load_profile, triage_tasks
from matching.rules import Capacity, Status

PICKING = TaskLoad({"nl": "Orders verzamelen", "en": "Pick orders"}, 60, {"IV.13": 3, "V.4": 3})
SCANNING = TaskLoad({"nl": "Scannen", "en": "Scan"}, 35, {"IV.13": 1, "IV.4": 1})
LADDER = TaskLoad({"nl": "Hoge stellingen", "en": "High racks"}, 5, {"IV.19": 3, "IV.13": 3})


def test_load_profile_is_the_highest_load_of_tasks_that_are_more_than_incidental():
    assert LADDER.share < INCIDENTAL_SHARE_BELOW
    assert derive_load_profile([PICKING, SCANNING, LADDER]) == {"IV.13": 3, "V.4": 3, "IV.4": 1}


def test_task_triage_is_green_orange_red_per_task():
    capacity = Capacity({"IV.13": 2, "IV.19": 1})
    triage = {t.task.name["en"]: t for t in triage_tasks(capacity, [PICKING, SCANNING, LADDER])}
    assert triage["Pick orders"].status is Status.ORANGE  # lifting one level too high: adaptable in a task analysis
    assert triage["Scan"].status is Status.GREEN
    assert triage["High racks"].status is Status.RED  # climbing two levels too high
    assert [r.code for r in triage["High racks"].dimensions if r.status is Status.RED] == ["IV.19"]


def test_triage_for_a_vacancy_respects_its_adaptable_marks():
    capacity = Capacity({"IV.13": 2})
    [picking] = triage_tasks(capacity, [PICKING], adaptable=[])
    assert picking.status is Status.RED
