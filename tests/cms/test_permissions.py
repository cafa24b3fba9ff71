"""Coordinators edit their own network's pages in Wagtail; publishing goes through moderation."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import NetworkPage
from cms.permissions import group_name, sync_network_page_permissions
from network.models import Role
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db


def edit_url(page):
    return f"/cms/pages/{page.pk}/edit/"


def test_coordinator_group_gets_add_and_change_but_not_publish(page_a, page_b, dave, network_a):
    group = Group.objects.get(name=group_name(network_a))
    assert list(group.user_set.all()) == [dave]
    assert set(GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission__codename")) == {
        (page_a.pk, "add_page"),
        (page_a.pk, "change_page"),
    }
    assert group.permissions.filter(codename="access_admin").exists()
    assert dave.has_perm("wagtailadmin.access_admin") and not dave.is_staff
    # Idempotent.
    sync_network_page_permissions(page_a)
    assert GroupPagePermission.objects.filter(group=group).count() == 2


def test_coordinators_follow_the_network(page_a, network_a, dave):
    group = Group.objects.get(name=group_name(network_a))
    other = UserFactory(role=Role.COORDINATOR)
    network_a.coordinators.add(other)
    assert set(group.user_set.all()) == {dave, other}
    network_a.coordinators.remove(dave)
    assert list(group.user_set.all()) == [other]
    other.coordinated_networks.clear()  # the reverse side too
    assert not group.user_set.exists()
    worker = UserFactory(role=Role.WORKER)
    network_a.coordinators.add(worker)  # not a coordinator by role: no CMS rights
    assert not group.user_set.exists()
    network_a.coordinators.add(dave)
    assert list(group.user_set.all()) == [dave]
    dave.role = Role.WORKER
    dave.save()
    assert not group.user_set.exists()
    network_a.name = "Netwerk Groot-Amsterdam"
    network_a.save()
    group.refresh_from_db()
    assert group.name == "Coördinatoren Netwerk Groot-Amsterdam"


def test_coordinator_edits_only_own_network_page(client, page_a, page_b, dave):
    client.force_login(dave)
    assert client.get("/cms/").status_code == 200
    response = client.get(edit_url(page_a))
    assert response.status_code == 200
    assert 'name="network"' not in response.content.decode()  # only network managers relink a page
    response = client.get(edit_url(page_b))
    assert response.status_code in (302, 403)
    assert edit_url(page_b) not in response.get("Location", "")


def test_other_users_cannot_open_the_cms(client, page_a, alice, carol):
    for user in (alice, carol):
        client.force_login(user)
        assert client.get(edit_url(page_a)).status_code == 403


def test_submitting_for_moderation_does_not_publish(client, page_a, dave, network_b):
    client.force_login(dave)
    data = nested_form_data(
        {
            "title": "Netwerk Amsterdam (nieuw)",
            "slug": page_a.slug,
            "intro": "Nieuwe introductie.",
            "body": streamfield([]),
            "contact_name": page_a.contact_name,
            "contact_email": page_a.contact_email,
            "contact_phone": page_a.contact_phone,
            "network": network_b.pk,  # not in dave's form: ignored
            "comments": inline_formset([]),
        }
    )
    data["action-submit"] = "Submit for moderation"
    response = client.post(edit_url(page_a), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = NetworkPage.objects.get(pk=page_a.pk)
    assert page.title == "Netwerk Amsterdam" and page.intro != "Nieuwe introductie."
    assert page.live and page.has_unpublished_changes
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    draft = page.get_latest_revision_as_object()
    assert draft.intro == "Nieuwe introductie." and draft.network_id == page_a.network_id
    public = client.get(page.url).content.decode()
    assert "Nieuwe introductie." not in public


def test_coordinator_cannot_publish_directly(client, page_a, dave):
    client.force_login(dave)
    data = nested_form_data(
        {
            "title": "Gepubliceerd door Dave",
            "slug": page_a.slug,
            "intro": "Direct live?",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data["action-publish"] = "Publish"
    client.post(edit_url(page_a), data)
    page = NetworkPage.objects.get(pk=page_a.pk)
    assert page.title == "Netwerk Amsterdam"
    assert "Direct live?" not in client.get(page.url).content.decode()
