"""What came of an event: the outcome report, its Excel file and the
pseudonymised list for funders."""

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render

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
    response = HttpResponse(
        exports.outcomes_xlsx(outcomes=event_outcomes(event=event)),
        content_type=exports.FORMATS["xlsx"],
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-outcomes.xlsx"'
    return response


@organiser_required
def outcomes_pseudonymised(request, pk):
    event = event_for_organiser(request, pk)
    response = StreamingHttpResponse(
        exports.pseudonymised_csv(event=event), content_type=exports.FORMATS["csv"]
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-pseudonymised.csv"'
    return response
