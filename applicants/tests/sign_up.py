"""One person's sign-up through the public form, for tests that need many."""

from django.urls import reverse

LANGUAGES = ["de", "ar", "uk"]


def sign_up(client, event, slot, number):
    """Person ``number`` signs up for ``slot`` (languages take turns)."""
    return client.post(
        reverse("applicants:sign_up", kwargs={"slug": event.slug}),
        {
            "slots": [slot.pk],
            "first_name": "Person",
            "last_name": str(number),
            "email": f"person{number}@example.org",
            "language": LANGUAGES[number % len(LANGUAGES)],
            "german_level": "none",
            "experience_years": "0",
            "consent": "on",
        },
    )
