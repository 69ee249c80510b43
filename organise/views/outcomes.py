"""What came of an event: the outcome report, its Excel file and the
pseudonymised list for funders."""

from django.shortcuts import render

from jobfair.spreadsheets import csv_response, xlsx_response
from organise import exports
from organise.permissions import event_for_organiser, organiser_required
from organise.reports import event_outcomes


@organiser_required
def outcomes(request, pk):
    event = event_for_organiser(request, pk)
    return render(
        request,
        "organise/outcomes.html",
        {"event": event, "outcomes": event_outcomes(event=event)},
    )


@organiser_required
def outcomes_xlsx(request, pk):
    event = event_for_organiser(request, pk)
    return xlsx_response(
        exports.outcomes_xlsx(outcomes=event_outcomes(event=event)),
        filename=f"{event.slug}-outcomes.xlsx",
    )


@organiser_required
def outcomes_pseudonymised(request, pk):
    event = event_for_organiser(request, pk)
    header, rows = exports.pseudonymised_table(event=event)
    return csv_response(header, rows, filename=f"{event.slug}-pseudonymised.csv")
