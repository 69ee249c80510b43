"""The report on an event and its exports."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from organise import exports
from organise.permissions import event_for_organiser, organiser_required
from organise.reports import event_report


@organiser_required
def report(request, pk):
    event = event_for_organiser(request, pk)
    return render(
        request, "organise/report.html", {"event": event, "report": event_report(event=event)}
    )


@organiser_required
def export(request, pk, what, fmt):
    event = event_for_organiser(request, pk)
    if what not in exports.TABLES or fmt not in exports.FORMATS:
        raise Http404
    content, content_type = exports.export(event=event, what=what, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-{what}.{fmt}"'
    return response
