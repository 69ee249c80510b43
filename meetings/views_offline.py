"""The employer's table when the venue's network does not work: the table
page opens from its service worker and queues the codes scanned or typed
(in the browser, static/js/table-offline.js); back online, the queue is
sent here and each code goes through ``contact_meet`` as the form does.

The table never downloads the fair's people (employers see only the people
they met): offline it cannot tell who a code is, it only keeps the code."""

import json

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from employers.views import employer_required
from jobfair.offline import offline_manifest, offline_worker
from jobfair.spam import rate_limit_spend, too_many
from meetings import selectors, services
from meetings.forms import TableCodeForm
from meetings.views import TABLE_CODE_LIMIT, TABLE_CODE_SCOPE, _table

# A queue is sent in parts of this size; each code counts against the
# table's budget (TABLE_CODE_LIMIT).
SYNC_ITEMS_MAX = 20
CLIENT_ID_LENGTH = 64


def _items_read(body: bytes) -> tuple[list[dict], str]:
    """The queue the page sent: a list of {"client_id", "code", "scanned_at"}."""
    try:
        items = json.loads(body).get("items")
    except (ValueError, AttributeError):
        items = None
    if (
        isinstance(items, list)
        and len(items) <= SYNC_ITEMS_MAX
        and all(
            isinstance(item, dict)
            and isinstance(item.get("client_id"), str)
            and 0 < len(item["client_id"]) <= CLIENT_ID_LENGTH
            and isinstance(item.get("code"), str)
            for item in items
        )
    ):
        return items, ""
    message = _(
        'Send a JSON object with a list "items" of at most %(count)s items, each with'
        ' "client_id" and "code".'
    )
    return [], message % {"count": SYNC_ITEMS_MAX}


def _item_result(item: dict, *, participation, noted_by) -> dict:
    """One queued code, met as if typed now: the contact, or why not."""
    answer = {"client_id": item["client_id"], "code": item["code"]}
    form = TableCodeForm({"code": item["code"]})
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["code"])
        contact = services.contact_meet(
            participation=participation, code=form.cleaned_data["code"], noted_by=noted_by
        )
    except ValidationError as error:
        return answer | {"outcome": "refused", "error": " ".join(error.messages)}
    shown = selectors.contact_shown(
        selectors.participation_contacts(participation=participation).get(pk=contact.pk)
    )
    return answer | {
        "outcome": "contact",
        "contact": contact.pk,
        "url": reverse(
            "meetings:contact", kwargs={"pk": participation.pk, "contact_pk": contact.pk}
        ),
        "name": shown.first_name or shown.code or item["code"],
    }


@require_POST
@employer_required
def table_sync(request, pk):
    """The codes a table queued offline, each answered on its own; safe to
    send again (the same person is the same contact). Every code counts
    against the table's budget as one typed into the form does."""
    participation = _table(request, pk)
    items, error = _items_read(request.body)
    if rate_limit_spend(request, scope=TABLE_CODE_SCOPE, count=len(items), **TABLE_CODE_LIMIT):
        return too_many(request, TABLE_CODE_LIMIT["period"])
    if error:
        return JsonResponse({"error": error}, status=400)
    results = [
        _item_result(item, participation=participation, noted_by=request.user) for item in items
    ]
    return JsonResponse({"results": results})


@employer_required
@require_safe
def table_manifest(request, pk):
    """What makes the table page installable: it opens on this table."""
    participation = _table(request, pk)
    return offline_manifest(
        name=f"{_('At my table')} · {participation.event.title}",
        short_name=_("At my table"),
        start_url=reverse("meetings:table", kwargs={"pk": participation.pk}),
    )


@require_safe
def table_worker(request):
    """The service worker, served from /talks/employer/ so that its scope
    covers the table pages. It holds no data, only which files the table
    page needs: open to everyone, checked for a new version at every visit."""
    return offline_worker(
        request,
        name="table",
        page="meetings:table",
        scripts=["js/table-scanner.js", "js/offline-pages.js", "js/table-offline.js"],
    )
