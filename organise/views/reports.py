"""The report on an event and its exports."""

from django.http import Http404
from django.shortcuts import render

from jobfair.spreadsheets import CONTENT_TYPES, csv_response, xlsx_file, xlsx_response
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
    """The participants or employers as CSV (streamed while read) or XLSX
    (written row by row to a file first)."""
    event = event_for_organiser(request, pk)
    if what not in exports.TABLES or fmt not in CONTENT_TYPES:
        raise Http404
    header, rows = exports.TABLES[what](event=event)
    filename = f"{event.slug}-{what}.{fmt}"
    if fmt == "csv":
        return csv_response(header, rows, filename=filename)
    return xlsx_response(xlsx_file(header, rows, title=what), filename=filename)
