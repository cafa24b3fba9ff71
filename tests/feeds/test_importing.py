"""Feed runs against a real local HTTP server: good feeds, changes, disappearing postings, broken feeds."""

import pytest

from feeds.importing import run_feed
from feeds.models import FeedItem, FeedRun, JobFeed
from listings.models import Vacancy
from tests.feeds.conftest import indeed_feed, job, job_posting_page

pytestmark = pytest.mark.django_db


def test_indeed_xml_feed_makes_drafts_with_the_occupations_load(feed_server, make_feed, order_picker):
    feed = make_feed(feed_server.serve("/feed.xml", indeed_feed(job("A1"), job("A2", city="Zwolle")), "text/xml"))
    run = run_feed(feed)
    assert (run.status, run.new, run.rejected, run.closed) == (FeedRun.Status.OK, 2, 0, 0), run.rejections
    vacancy = Vacancy.objects.get(feed_items__external_id="A1")
    assert vacancy.status == Vacancy.Status.DRAFT  # never submitted, never published
    assert (vacancy.title, vacancy.place, vacancy.per_week_min, vacancy.per_week_max) == (
        "Orderpicker (m/v)",
        "Utrecht",
        24,
        32,
    )
    assert vacancy.description == "Orders verzamelen."
    assert vacancy.occupation == order_picker
    assert vacancy.load == order_picker.load_profile()
    item = FeedItem.objects.get(external_id="A1")
    assert item.url == "https://werk.example/A1"
    assert "Order picker" in item.note  # the occupation, in the language of the run
    assert str(item.date_posted) == "2026-11-30"


def test_a_second_run_of_the_same_feed_changes_nothing(feed_server, make_feed):
    feed = make_feed(feed_server.serve("/feed.xml", indeed_feed(job("A1"), job("A2")), "text/xml"))
    run_feed(feed)
    before = list(Vacancy.objects.values_list("pk", "updated_at", "status"))
    second = run_feed(feed)
    assert (second.new, second.changed, second.closed, second.unchanged) == (0, 0, 0, 2)
    assert list(Vacancy.objects.values_list("pk", "updated_at", "status")) == before


def test_duplicate_ids_in_a_feed_make_one_vacancy(feed_server, make_feed):
    feed = make_feed(feed_server.serve("/feed.xml", indeed_feed(job("A1"), job("A1", title="Inpakker")), "text/xml"))
    run = run_feed(feed)
    assert (run.new, run.rejected) == (1, 1)
    assert "more than once" in run.rejections[0]["reason"]
    assert Vacancy.objects.count() == 1


def test_a_changed_posting_updates_the_draft_and_keeps_the_employers_load(feed_server, make_feed):
    feed = make_feed(feed_server.serve("/feed.xml", indeed_feed(job("A1")), "text/xml"))
    run_feed(feed)
    vacancy = Vacancy.objects.get()
    Vacancy.objects.filter(pk=vacancy.pk).update(load={"IV.13": 1})  # the employer's own annotation
    feed_server.serve("/feed.xml", indeed_feed(job("A1", title="Orderpicker nachtdienst", hours="32")), "text/xml")
    run = run_feed(feed)
    assert (run.changed, run.new) == (1, 0), run.rejections
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.per_week_min, vacancy.status) == ("Orderpicker nachtdienst", 32, "draft")
    assert vacancy.load == {"IV.13": 1}


def test_a_change_to_a_published_vacancy_waits_for_the_coordinator(feed_server, make_feed):
    feed = make_feed(feed_server.serve("/feed.xml", indeed_feed(job("A1")), "text/xml"))
    run_feed(feed)
    Vacancy.objects.update(status=Vacancy.Status.PUBLISHED)  # as if approved
    feed_server.serve("/feed.xml", indeed_feed(job("A1", description="Nieuwe tekst.")), "text/xml")
    run_feed(feed)
    vacancy = Vacancy.objects.get()
    assert vacancy.description == "Orders verzamelen."  # the approved text stays online
    assert vacancy.revisions.get().proposed["description"] == "Nieuwe tekst."


def test_postings_that_disappear_are_closed(feed_server, make_feed):
    feed = make_feed(feed_server.serve("/feed.xml", indeed_feed(job("A1"), job("A2")), "text/xml"))
    run_feed(feed)
    feed_server.serve("/feed.xml", indeed_feed(job("A1")), "text/xml")
    run = run_feed(feed)
    assert (run.closed, run.unchanged) == (1, 1)
    assert Vacancy.objects.get(feed_items__external_id="A2").status == Vacancy.Status.CLOSED
    assert Vacancy.objects.get(feed_items__external_id="A1").status == Vacancy.Status.DRAFT
    assert run_feed(feed).closed == 0  # closed once
    feed_server.serve("/feed.xml", indeed_feed(job("A1"), job("A2")), "text/xml")
    back = run_feed(feed)
    assert back.new == 1  # it came back: a new draft
    assert Vacancy.objects.get(feed_items__external_id="A2").status == Vacancy.Status.DRAFT


def test_items_that_break_the_vacancy_rules_are_rejected_with_reasons(feed_server, make_feed):
    body = indeed_feed(
        job("OK"),
        job("NOOCC", title="Astronaut"),
        job("HOURS", hours="70"),
        "<job><referencenumber>EMPTY</referencenumber><title>Inpakker</title></job>",
        "<job><title>Geen id</title><description>x</description></job>",
    )
    run = run_feed(make_feed(feed_server.serve("/feed.xml", body, "text/xml")))
    assert (run.status, run.new, run.rejected) == (FeedRun.Status.OK, 1, 4)
    reasons = " ".join(r["reason"] for r in run.rejections)
    assert "No occupation recognised" in reasons
    assert "No description" in reasons
    assert "No id" in reasons
    assert "60" in reasons  # the hours rule of the editor


def test_json_ld_page(feed_server, make_feed, curated_occupations):
    run = run_feed(make_feed(feed_server.serve("/job/1", job_posting_page("J-1"))))
    assert (run.new, run.rejected) == (1, 0), run.rejections
    vacancy = Vacancy.objects.get()
    assert (vacancy.title, vacancy.place, vacancy.per_week_min, vacancy.per_week_max) == (
        "Inpakker",
        "Amersfoort",
        20,
        28,
    )
    assert vacancy.description == "Dozen inpakken.\n\n- Rustig werk"
    assert FeedItem.objects.get().external_id == "J-1"


def test_sitemap_with_two_pages(feed_server, make_feed):
    one = feed_server.serve("/job/1", job_posting_page("J-1"))
    two = feed_server.serve("/job/2", job_posting_page("J-2", title="Orderpicker"))
    sitemap = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{one}</loc></url><url><loc>{two}</loc></url></urlset>"
    )
    run = run_feed(make_feed(feed_server.serve("/sitemap.xml", sitemap, "application/xml"), JobFeed.Format.JSONLD))
    assert (run.status, run.new) == (FeedRun.Status.OK, 2), run.rejections


def test_a_sitemap_page_that_fails_closes_nothing(feed_server, make_feed):
    one = feed_server.serve("/job/1", job_posting_page("J-1"))
    sitemap = f'<?xml version="1.0"?><urlset><url><loc>{one}</loc></url></urlset>'
    feed = make_feed(feed_server.serve("/sitemap.xml", sitemap, "application/xml"))
    run_feed(feed)
    feed_server.serve("/job/1", "gone", status=500)
    run = run_feed(feed)
    assert (run.closed, run.rejected) == (0, 1)
    assert "no vacancy was closed" in run.error
    assert Vacancy.objects.get().status == Vacancy.Status.DRAFT


def test_a_block_that_is_not_json_is_reported_and_closes_nothing(feed_server, make_feed):
    feed = make_feed(feed_server.serve("/job/1", job_posting_page("J-1")))
    run_feed(feed)
    feed_server.serve("/job/1", '<html><script type="application/ld+json">{"@type": JobPosting</script></html>')
    run = run_feed(feed)
    assert (run.status, run.rejected, run.closed) == (FeedRun.Status.OK, 1, 0)
    assert "not valid JSON" in run.rejections[0]["reason"]
    assert Vacancy.objects.get().status == Vacancy.Status.DRAFT


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (("/broken.xml", "<source><job><title>Half", "text/xml"), "The XML cannot be read"),
        (("/missing.xml",), "not found (404)"),
        (("/large.xml", "<source>" + "x" * 60_000 + "</source>", "text/xml"), "larger than"),
        (("/image.png", b"\x89PNG", "image/png"), "image/png"),
        (("/server-error", "oops", "text/html", 500), "error 500"),
    ],
)
def test_malformed_feeds_give_a_failed_report_and_change_nothing(feed_server, make_feed, route, expected):
    if len(route) > 1:
        feed_server.serve(*route)
    feed = make_feed(feed_server.url(route[0]))
    run = run_feed(feed)
    assert run.status == FeedRun.Status.FAILED
    assert expected in run.error
    assert Vacancy.objects.count() == 0
    feed.refresh_from_db()
    assert feed.running_since is None and feed.last_run_at is not None


def test_a_slow_server_times_out(feed_server, make_feed):
    run = run_feed(make_feed(feed_server.serve("/slow.xml", indeed_feed(job("A1")), "text/xml", delay=1.5)))
    assert run.status == FeedRun.Status.FAILED
    assert "took too long" in run.error


def test_a_failed_run_closes_nothing(feed_server, make_feed):
    feed = make_feed(feed_server.serve("/feed.xml", indeed_feed(job("A1")), "text/xml"))
    run_feed(feed)
    feed_server.serve("/feed.xml", "<source><job>", "text/xml")
    assert run_feed(feed).status == FeedRun.Status.FAILED
    assert Vacancy.objects.get().status == Vacancy.Status.DRAFT


def test_private_addresses_are_refused_outside_development(feed_server, make_feed, settings):
    settings.FEEDS_ALLOW_PRIVATE_HOSTS = False
    run = run_feed(make_feed(feed_server.serve("/feed.xml", indeed_feed(job("A1")), "text/xml")))
    assert run.status == FeedRun.Status.FAILED
    assert "private network" in run.error


def test_a_feed_of_someone_who_left_the_employer_does_not_run(feed_server, make_feed, carol_link):
    feed = make_feed(feed_server.serve("/feed.xml", indeed_feed(job("A1")), "text/xml"))
    carol_link.delete()
    run = run_feed(feed)
    assert run.status == FeedRun.Status.FAILED
    assert "no longer works for" in run.error
    assert Vacancy.objects.count() == 0


def test_a_busy_feed_is_not_run_twice(feed_server, make_feed):
    from feeds.importing import claim

    feed = make_feed(feed_server.serve("/feed.xml", indeed_feed(job("A1")), "text/xml"))
    assert claim(feed)
    assert run_feed(feed) is None


def test_an_imported_draft_is_valid_but_goes_online_only_after_approval(feed_server, make_feed, carol):
    from listings.services import vacancy_transition

    run_feed(make_feed(feed_server.serve("/feed.xml", indeed_feed(job("A1")), "text/xml")))
    vacancy = Vacancy.objects.get()
    submitted = vacancy_transition(vacancy=vacancy, action="submit", by=carol)  # the editor's rules hold
    assert submitted.status == Vacancy.Status.SUBMITTED
    assert not Vacancy.objects.published().exists()


def test_a_posting_past_its_closing_date_is_not_imported_and_closes(feed_server, make_feed):
    feed = make_feed(feed_server.serve("/feed.xml", indeed_feed(job("A1")), "text/xml"))
    run_feed(feed)
    expired = job("A1").replace("</job>", "<expirationdate>2020-01-01</expirationdate></job>")
    feed_server.serve("/feed.xml", indeed_feed(expired, job("A2")), "text/xml")
    run = run_feed(feed)
    assert (run.closed, run.new) == (1, 1)
    assert Vacancy.objects.get(feed_items__external_id="A1").status == Vacancy.Status.CLOSED


def test_the_beat_job_runs_due_active_feeds_once(feed_server, make_feed):
    from feeds.tasks import run_due_feeds

    due = make_feed(feed_server.serve("/feed.xml", indeed_feed(job("A1")), "text/xml"))
    off = make_feed(feed_server.serve("/off.xml", indeed_feed(job("B1")), "text/xml"))
    JobFeed.objects.filter(pk=off.pk).update(active=False)
    assert run_due_feeds() == 1
    assert due.runs.count() == 1 and not off.runs.exists()
    assert run_due_feeds() == 0  # just ran: not due again
    assert Vacancy.objects.count() == 1


def test_a_json_ld_feed_run_twice_changes_nothing(feed_server, make_feed):
    feed = make_feed(feed_server.serve("/job/1", job_posting_page("J-1")))
    run_feed(feed)
    second = run_feed(feed)
    assert (second.new, second.changed, second.unchanged) == (0, 0, 1)


def test_dutch_report_by_default(feed_server, make_feed, settings):
    """Outside a request (the beat job) the report is written in the site's default language, Dutch."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "nl"
    feed = make_feed(feed_server.serve("/broken.xml", "<source><job>", "text/xml"))
    with translation.override("nl"):
        run = run_feed(feed)
    assert run.status == FeedRun.Status.FAILED and "XML" in run.error and "cannot" not in run.error
