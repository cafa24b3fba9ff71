"""Imported postings and the kind of opportunity: a paid job unless the feed says otherwise (an XML <kind>, a
JSON-LD employmentType VOLUNTEER); a kind the posting does not give leaves the vacancy's own kind alone."""

import hashlib
import json
from dataclasses import asdict

import pytest

from feeds import parsing
from feeds.importing import run_feed
from feeds.models import FeedRun
from listings.models import Vacancy
from tests.feeds.conftest import indeed_feed, job, job_posting_page

pytestmark = pytest.mark.django_db


def kind_job(ref, kind, weeks="", **kwargs):
    extra = f"<soort>{kind}</soort>" + (f"<weken>{weeks}</weken>" if weeks else "")
    return job(ref, **kwargs).replace("</job>", f"{extra}</job>")


# --- reading --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tags", "kind", "weeks"),
    [
        ("<kind>trial_placement</kind><duration_weeks>6</duration_weeks>", "trial_placement", 6),
        ("<soort>Proefplaatsing</soort><weken>6 weken</weken>", "trial_placement", 6),
        ("<soort>werkervaringsplaats</soort><weeks>26</weeks>", "work_experience", 26),
        ("<kind>Vrijwilligerswerk</kind>", "volunteering", None),
        ("<jobtype>vrijwilligerswerk</jobtype>", "volunteering", None),
        ("<kind>vacature</kind>", "vacancy", None),
        ("<kind>stage</kind><weken>99</weken>", "", None),  # unknown kind, impossible weeks: none
        ("", "", None),
    ],
)
def test_the_xml_feed_may_say_the_kind_and_its_weeks(tags, kind, weeks):
    root = parsing.parse_xml(
        f"<source><job><id>7</id><title>Kok</title><description>d</description>{tags}</job></source>".encode()
    )
    posting = parsing.parse_job_xml(root).postings[0]
    assert (posting.kind, posting.duration_weeks) == (kind, weeks)


def test_json_ld_volunteer_is_volunteering_and_other_types_say_nothing():
    def kind_of(employment_type):
        node = {"@type": "JobPosting", "title": "A", "description": "d", "url": "https://x.nl/a"}
        html = f'<script type="application/ld+json">{json.dumps(node | {"employmentType": employment_type})}</script>'
        return parsing.parse_html_page(html, "https://x.nl/page").postings[0].kind

    assert kind_of(["VOLUNTEER"]) == "volunteering"
    assert kind_of("PART_TIME") == ""
    assert kind_of(["INTERN"]) == ""  # an internship is not necessarily a work-experience place


def test_a_posting_without_a_kind_keeps_the_hash_it_had_before_kinds_existed():
    posting = parsing.Posting(external_id="A1", title="Kok", description="d")
    values = {key: (str(value) if value is not None else None) for key, value in asdict(posting).items()}
    del values["kind"], values["duration_weeks"]
    assert posting.content_hash() == hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()
    assert parsing.Posting(external_id="A1", title="Kok", description="d", kind="volunteering").content_hash() != (
        posting.content_hash()
    )


# --- importing ------------------------------------------------------------------------------------------


def test_a_posting_without_a_kind_becomes_a_paid_job(feed_server, make_feed, order_picker):
    run = run_feed(make_feed(feed_server.serve("/feed.xml", indeed_feed(job("A1")), "text/xml")))
    assert run.new == 1, run.rejections
    assert Vacancy.objects.get().kind == "vacancy"


def test_a_posting_that_says_its_kind_becomes_that_kind(feed_server, make_feed, order_picker):
    body = indeed_feed(kind_job("T1", "proefplaatsing", "6"), kind_job("V1", "vrijwilligerswerk"))
    run = run_feed(make_feed(feed_server.serve("/feed.xml", body, "text/xml")))
    assert (run.status, run.new, run.rejected) == (FeedRun.Status.OK, 2, 0), run.rejections
    trial = Vacancy.objects.get(feed_items__external_id="T1")
    assert (trial.kind, trial.duration_weeks, trial.status) == ("trial_placement", 6, Vacancy.Status.DRAFT)
    assert Vacancy.objects.get(feed_items__external_id="V1").kind == "volunteering"


def test_a_kind_without_the_weeks_it_needs_is_rejected_with_the_editors_reason(feed_server, make_feed, order_picker):
    body = indeed_feed(kind_job("T1", "trial_placement"), kind_job("W1", "werkervaringsplaats", "2"))
    run = run_feed(make_feed(feed_server.serve("/feed.xml", body, "text/xml")))
    assert (run.new, run.rejected) == (0, 2)
    reasons = [rejection["reason"] for rejection in run.rejections]
    assert "Enter how many weeks the trial placement lasts: 1 to 26 weeks." in reasons[0]
    assert "The work-experience place lasts 4 to 52 weeks." in reasons[1]
    assert not Vacancy.objects.exists()


def test_a_json_ld_volunteer_posting_becomes_volunteering(feed_server, make_feed, curated_occupations):
    page = job_posting_page("J-1").replace('"employmentType": "PART_TIME"', '"employmentType": ["VOLUNTEER"]')
    run = run_feed(make_feed(feed_server.serve("/job/1", page)))
    assert run.new == 1, run.rejections
    assert Vacancy.objects.get().kind == "volunteering"


def test_a_changed_posting_without_a_kind_leaves_the_employers_kind(feed_server, make_feed, order_picker):
    feed = make_feed(feed_server.serve("/feed.xml", indeed_feed(job("A1")), "text/xml"))
    run_feed(feed)
    Vacancy.objects.update(kind="work_experience", duration_weeks=20, certificate=True)  # the employer's choice
    feed_server.serve("/feed.xml", indeed_feed(job("A1", description="Nieuwe tekst.")), "text/xml")
    run = run_feed(feed)
    assert run.changed == 1, run.rejections
    vacancy = Vacancy.objects.get()
    assert (vacancy.kind, vacancy.duration_weeks, vacancy.certificate) == ("work_experience", 20, True)
    assert vacancy.description == "Nieuwe tekst."


def test_a_changed_posting_with_another_kind_drops_the_extras_that_kind_lacks(feed_server, make_feed, order_picker):
    body = indeed_feed(kind_job("A1", "werkervaringsplaats", "20"))
    feed = make_feed(feed_server.serve("/feed.xml", body, "text/xml"))
    run_feed(feed)
    Vacancy.objects.update(certificate=True)
    feed_server.serve("/feed.xml", indeed_feed(kind_job("A1", "vrijwilligerswerk")), "text/xml")
    run = run_feed(feed)
    assert run.changed == 1, run.rejections
    vacancy = Vacancy.objects.get()
    assert (vacancy.kind, vacancy.duration_weeks, vacancy.certificate) == ("volunteering", 20, False)
