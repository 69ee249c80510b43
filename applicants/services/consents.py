"""Consent per purpose: given with the wording the person saw, withdrawn
when they say so; each change a row, so the record shows what held when."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from applicants.models import Applicant, Consent, FollowUp

# The version of each purpose's text (``Consent.Purpose``); a new text gets
# a new version, and what people agreed to before keeps its own.
WORDING = {
    Consent.Purpose.SIGN_UP: "2026-12",
    Consent.Purpose.SHARE: "2026-12",
    Consent.Purpose.CONTACT: "2026-12",
    Consent.Purpose.FOLLOW_UP: "2026-12",
}


@transaction.atomic
def consents_set(*, applicant: Applicant, purposes: Iterable[str], given: bool = True) -> None:
    """Give (or, with ``given=False``, withdraw) consent for these purposes;
    a purpose already in that state is left as it is. Withdrawing the
    sign-up consent is deleting one's data (``applicant_anonymise``), not
    this. Withdrawing the consent to follow-up questions withdraws the
    answers given too: they are no longer counted."""
    now = timezone.now()
    purposes = set(purposes)
    current = set(
        applicant.consents.filter(withdrawn_at__isnull=True, purpose__in=purposes)
        .select_for_update()
        .values_list("purpose", flat=True)
    )
    if given:
        Consent.objects.bulk_create(
            Consent(applicant=applicant, purpose=purpose, wording=WORDING[purpose], given_at=now)
            for purpose in sorted(purposes - current)
        )
    else:
        applicant.consents.filter(withdrawn_at__isnull=True, purpose__in=current).update(
            withdrawn_at=now
        )
        if Consent.Purpose.FOLLOW_UP in current:
            FollowUp.objects.filter(registration__applicant=applicant).exclude(answer="").update(
                answer="", answered_at=None
            )


def consents_record_new(*, applicant: Applicant, purposes: Iterable[str]) -> None:
    """The consents of someone whose record was just made: nothing held
    before to compare with (``consents_set`` otherwise)."""
    now = timezone.now()
    Consent.objects.bulk_create(
        Consent(applicant=applicant, purpose=purpose, wording=WORDING[purpose], given_at=now)
        for purpose in sorted(set(purposes))
    )


def consents_choose(*, applicant: Applicant, chosen: Iterable[str], offered: Iterable[str]) -> None:
    """Of the ``offered`` purposes, give those ``chosen`` and withdraw the
    rest: what a form of tick boxes says."""
    chosen, offered = set(chosen), set(offered)
    consents_set(applicant=applicant, purposes=chosen & offered)
    consents_set(applicant=applicant, purposes=offered - chosen, given=False)
