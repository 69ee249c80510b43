"""Create the demo data: the Borsdorf applicant day for construction trades
and a seminar series. Running it again changes nothing."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from applicants.models import AdviceTopic, Applicant, Registration
from applicants.services.bookings import booking_create
from applicants.services.notices import message_to_applicant, registration_confirmation_send
from applicants.services.registrations import registration_create
from applicants.services.reminders import DAY_BEFORE, reminder_context, reminder_key
from employers.models import Employer, Participation, Position
from events.choices import GermanLevel
from events.models import Event, Organisation, Session, Slot, Trade, Venue
from messaging.models import Message

BERLIN = ZoneInfo("Europe/Berlin")
DEMO_PASSWORD = "jobfair-demo"

TRADES = [
    # slug, de, en, ar, uk, fa
    ("bricklayer", "Maurer/in", "Bricklayer", "بنّاء", "Муляр", "بنّا"),
    ("tiler", "Fliesenleger/in", "Tiler", "مبلّط", "Плиточник", "کاشی‌کار"),
    ("parquet-layer", "Parkettleger/in", "Parquet layer", "مركّب باركيه", "Паркетник", "پارکت‌کار"),
    ("carpenter", "Zimmerer/Zimmerin", "Carpenter", "نجّار", "Тесляр", "نجار"),
    ("roofer", "Dachdecker/in", "Roofer", "عامل أسقف", "Покрівельник", "سقف‌کار"),
    (
        "painter",
        "Maler/in und Lackierer/in",
        "Painter and varnisher",
        "دهّان",
        "Маляр",
        "نقاش ساختمان",
    ),
    ("electrician", "Elektroniker/in", "Electrician", "كهربائي", "Електрик", "برق‌کار"),
    (
        "plumber",
        "Anlagenmechaniker/in SHK",
        "Plumber and heating fitter",
        "سبّاك",
        "Сантехнік",
        "لوله‌کش",
    ),
]

ORGANISATIONS = [
    ("Jobcenter Leipzig", Organisation.Kind.JOBCENTER),
    ("Agentur für Arbeit Leipzig", Organisation.Kind.EMPLOYMENT_AGENCY),
    ("Handwerkskammer zu Leipzig", Organisation.Kind.CHAMBER),
]

WORKSHOPS = [
    # trade, title de, title en, room, capacities of the slots
    ("bricklayer", "Lehrkabinett Maurer", "Teaching workshop: bricklayer", "Halle 1", [8, 16, 16]),
    (
        "tiler",
        "Lehrkabinett Fliesen- und Parkettleger",
        "Teaching workshop: tiler and parquet layer",
        "Halle 2",
        [16, 16],
    ),
    ("carpenter", "Lehrkabinett Zimmerer", "Teaching workshop: carpenter", "Halle 3", [14, 14, 14]),
    ("roofer", "Lehrkabinett Dachdecker", "Teaching workshop: roofer", "Halle 4", [14, 14]),
]

INFO_SESSIONS = [
    (
        "Arbeitserlaubnis und Aufenthaltstitel",
        "Work permits and residence titles",
        "Raum 101",
        time(11, 0),
    ),
    (
        "Lohnkostenzuschüsse für Arbeitgeber",
        "Wage subsidies for employers",
        "Raum 102",
        time(12, 0),
    ),
    (
        "Anerkennung ausländischer Berufsabschlüsse",
        "Recognition of foreign qualifications",
        "Raum 103",
        time(13, 0),
    ),
]

EMPLOYERS = [
    # name, city, postcode, size, trades, languages
    ("Bau Schröder GmbH", "Leipzig", "04109", "50-249", ["bricklayer", "carpenter"], ["de", "en"]),
    ("Dachdeckerei Krause", "Borsdorf", "04451", "1-9", ["roofer"], ["de"]),
    ("Fliesen Hoffmann", "Taucha", "04425", "1-9", ["tiler"], ["de", "ru"]),
    ("Holzbau Richter & Söhne", "Markkleeberg", "04416", "10-49", ["carpenter", "roofer"], ["de"]),
    ("Parkett Wagner", "Leipzig", "04229", "1-9", ["parquet-layer"], ["de", "pl"]),
    ("Elektro Neumann GmbH", "Leipzig", "04315", "10-49", ["electrician"], ["de", "en", "ar"]),
    ("Malerbetrieb Schulz", "Grimma", "04668", "10-49", ["painter"], ["de", "tr"]),
    ("Haustechnik Zimmermann", "Leipzig", "04277", "10-49", ["plumber"], ["de", "en"]),
    (
        "Sächsische Hochbau AG",
        "Leipzig",
        "04103",
        "250+",
        ["bricklayer", "tiler"],
        ["de", "en", "uk"],
    ),
    ("Baufirma Lehmann", "Wurzen", "04808", "50-249", ["bricklayer"], ["de"]),
    ("Trockenbau Becker", "Schkeuditz", "04435", "1-9", ["painter", "tiler"], ["de", "ar"]),
]

APPLICANT_NAMES = [
    # first names, last names, interface language, languages spoken
    (
        ["Ahmad", "Mohammed", "Omar", "Yusuf", "Layla", "Rania", "Khaled", "Samir"],
        ["Al-Hassan", "Haddad", "Khalil", "Nasser", "Saleh", "Darwish"],
        "ar",
        ["ar"],
    ),
    (
        ["Reza", "Ali", "Mahdi", "Zahra", "Farid", "Nasrin"],
        ["Ahmadi", "Hosseini", "Rahimi", "Karimi", "Sadeghi"],
        "fa",
        ["fa", "prs"],
    ),
    (
        ["Olena", "Andrii", "Iryna", "Taras", "Oksana", "Dmytro"],
        ["Kovalenko", "Shevchenko", "Bondarenko", "Melnyk"],
        "uk",
        ["uk", "ru"],
    ),
    (
        ["Yonas", "Selam", "Tesfay", "Helen"],
        ["Gebremedhin", "Tesfamariam", "Haile"],
        "en",
        ["ti", "en"],
    ),
    (["Michael", "Grace", "Emmanuel", "Fatou"], ["Mensah", "Okafor", "Diallo"], "en", ["en", "fr"]),
    (["Ayşe", "Mehmet", "Sven", "Anja"], ["Yılmaz", "Demir", "Kühn", "Lorenz"], "de", ["de", "tr"]),
]


def _berlin(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=BERLIN)


class Command(BaseCommand):
    help = "Load the demo fair day, seminar series, employers and applicants (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        self.rng = random.Random(2016)
        organisations = self._organisations()
        trades = self._trades()
        fair_day = self._fair_day(organisations, trades)
        self._seminar_series(organisations)
        self._employers(fair_day, trades)
        self._applicants(fair_day, trades)
        self._sample_messages(fair_day)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {fair_day.title}"))

    def _user(self, username, **extra):
        user, created = get_user_model().objects.get_or_create(username=username, defaults=extra)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    def _organisations(self):
        organisations = []
        for name, kind in ORGANISATIONS:
            organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
            organisations.append(organisation)
        self._user("admin", is_staff=True, is_superuser=True, email="admin@example.org")
        organiser = self._user(
            "organiser", first_name="Simone", last_name="Simon", email="organiser@example.org"
        )
        organiser.organisations.add(organisations[0])
        return organisations

    def _trades(self):
        trades = {}
        for slug, de, en, ar, uk, fa in TRADES:
            trade, _ = Trade.objects.get_or_create(
                slug=slug,
                defaults={
                    "name_de": de,
                    "name_en": en,
                    "name_ar": ar,
                    "name_uk": uk,
                    "name_fa": fa,
                },
            )
            trades[slug] = trade
        return trades

    def _fair_day(self, organisations, trades):
        venue, _ = Venue.objects.get_or_create(
            name="Bildungs- und Technologiezentrum der Handwerkskammer zu Leipzig",
            city="Borsdorf",
            defaults={
                "street": "Steinweg 3",
                "postcode": "04451",
                "directions": "S-Bahn S3 bis Borsdorf, dann 10 Minuten zu Fuß. "
                "Parkplätze am Haupteingang.",
            },
        )
        day = timezone.localdate() + timedelta(weeks=4)
        event, created = Event.objects.get_or_create(
            slug="bewerbertag-bauberufe",
            defaults={
                "title_de": "Bewerbertag für Bauberufe",
                "title_en": "Applicant day for construction trades",
                "title_ar": "يوم المتقدمين لمهن البناء",
                "title_uk": "День кандидатів для будівельних професій",
                "title_fa": "روز متقاضیان برای مشاغل ساختمانی",
                "description_de": "Lehrkabinette ansehen, mit Handwerksbetrieben sprechen, "
                "Fragen zu Arbeitserlaubnis, Lohnkostenzuschüssen und Anerkennung klären.",
                "description_en": "Visit the teaching workshops, talk with craft businesses, "
                "ask about work permits, wage subsidies and recognition.",
                "kind": Event.Kind.FAIR_DAY,
                "venue": venue,
                "starts_at": _berlin(day, time(9, 0)),
                "ends_at": _berlin(day, time(15, 0)),
                "status": Event.Status.PUBLISHED,
                "registration_opens_at": timezone.now() - timedelta(days=7),
                "registration_closes_at": _berlin(day - timedelta(days=1), time(18, 0)),
                "capacity": 100,
            },
        )
        if not created:
            return event
        event.organisations.set(organisations)
        day = event.starts_at.astimezone(BERLIN).date()
        for trade_slug, title_de, title_en, room, capacities in WORKSHOPS:
            session = Session.objects.create(
                event=event,
                kind=Session.Kind.WORKSHOP,
                trade=trades[trade_slug],
                title_de=title_de,
                title_en=title_en,
                room=room,
            )
            for index, capacity in enumerate(capacities):
                start = _berlin(day, time(9, 30)) + timedelta(minutes=60 * index)
                Slot.objects.create(
                    session=session,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=45),
                    capacity=capacity,
                )
        for title_de, title_en, room, start in INFO_SESSIONS:
            session = Session.objects.create(
                event=event, kind=Session.Kind.INFO, title_de=title_de, title_en=title_en, room=room
            )
            Slot.objects.create(
                session=session,
                starts_at=_berlin(day, start),
                ends_at=_berlin(day, start) + timedelta(minutes=45),
                capacity=30,
            )
        talks = Session.objects.create(
            event=event,
            kind=Session.Kind.EMPLOYER_TALKS,
            title_de="Gespräche mit Arbeitgebern",
            title_en="Talks with employers",
            room="Foyer",
        )
        Slot.objects.create(
            session=talks,
            starts_at=_berlin(day, time(12, 0)),
            ends_at=_berlin(day, time(15, 0)),
            capacity=100,
        )
        return event

    def _seminar_series(self, organisations):
        first = timezone.localdate() + timedelta(weeks=3)
        venues = [
            Venue.objects.get_or_create(
                name="IQ Netzwerk Sachsen, Seminarraum",
                city="Leipzig",
                defaults={"street": "Dresdner Straße 78", "postcode": "04317"},
            )[0],
            Venue.objects.get_or_create(
                name="Volkshochschule Görlitz",
                city="Görlitz",
                defaults={"street": "Langenstraße 23", "postcode": "02826"},
            )[0],
        ]
        dates = [first, first + timedelta(weeks=4), first + timedelta(weeks=8)]
        series, created = Event.objects.get_or_create(
            slug="iq-themenreihe",
            defaults={
                "title_de": "IQ Themenreihe: Zugewanderte beschäftigen",
                "title_en": "IQ seminar series: employing newcomers",
                "kind": Event.Kind.SEMINAR_SERIES,
                "venue": venues[0],
                "starts_at": _berlin(dates[0], time(9, 0)),
                "ends_at": _berlin(dates[-1], time(13, 0)),
                "status": Event.Status.PUBLISHED,
                "capacity": 20,
            },
        )
        if not created:
            return series
        series.organisations.set(organisations[:1])
        places = [venues[0], venues[0], venues[1]]
        for number, (day, venue) in enumerate(zip(dates, places, strict=True), 1):
            session = Session.objects.create(
                event=series,
                kind=Session.Kind.SEMINAR,
                title_de=f"Seminar {number}: {venue.city}",
                title_en=f"Seminar {number}: {venue.city}",
                venue=venue,
                room="Seminarraum",
            )
            Slot.objects.create(
                session=session,
                starts_at=_berlin(day, time(9, 0)),
                ends_at=_berlin(day, time(13, 0)),
                capacity=20,
            )
        return series

    def _employers(self, event, trades):
        login = self._user("employer", email="bau-schroeder@example.org")
        for index, (name, city, postcode, size, trade_slugs, languages) in enumerate(EMPLOYERS):
            employer, created = Employer.objects.get_or_create(
                name=name,
                postcode=postcode,
                defaults={
                    "city": city,
                    "street": f"Hauptstraße {index + 1}",
                    "contact_name": f"Ansprechpartner {name.split()[0]}",
                    "email": "bau-schroeder@example.org"
                    if index == 0
                    else f"kontakt{index}@example.org",
                    "phone": f"+49341{5550100 + index}",
                    "size": size,
                    "languages": languages,
                    "description": f"{name}: Handwerksbetrieb aus {city}.",
                    "user": login if index == 0 else None,
                },
            )
            if not created:
                continue
            employer.trades.set([trades[slug] for slug in trade_slugs])
            positions = []
            for number in range(1 + index % 4):
                trade = trades[trade_slugs[number % len(trade_slugs)]]
                kind = list(Position.Kind)[number % len(Position.Kind)]
                positions.append(
                    Position.objects.create(
                        employer=employer,
                        trade=trade,
                        title=f"{trade.name_de} ({kind.label})",
                        kind=kind,
                        openings=1 + (index + number) % 3,
                        german_level=[GermanLevel.A2, GermanLevel.B1, GermanLevel.NONE][number % 3],
                        start_date=event.starts_at.date() + timedelta(days=60),
                        accepts_unrecognised_qualification=number % 2 == 0,
                    )
                )
            participation = Participation.objects.create(
                employer=employer,
                event=event,
                status=Participation.Status.APPROVED,
                attendees=1 + index % 2,
                table=f"T{index + 1}",
            )
            participation.positions.set(positions)

    def _sample_messages(self, event):
        """A confirmation and a reminder in each of the five languages, so the
        e-mail folder shows what applicants receive. The reminder is claimed
        as the real one would be: it is not sent a second time."""
        for language, _name in settings.LANGUAGES:
            registration = (
                Registration.objects.filter(
                    event=event, applicant__language=language, status="registered"
                )
                .exclude(applicant__email="")
                .select_related("applicant", "event__venue")
                .first()
            )
            if registration is None:
                continue
            if not Message.objects.filter(
                kind="registration_confirmed", applicant=registration.applicant
            ).exists():
                registration_confirmation_send(registration=registration)
            message_to_applicant(
                kind=DAY_BEFORE,
                applicant=registration.applicant,
                event=event,
                context=reminder_context(registration=registration),
                dedupe_key=reminder_key(DAY_BEFORE, registration.pk),
            )

    def _applicants(self, event, trades):
        workshop_slots = list(
            Slot.objects.filter(session__event=event, session__kind=Session.Kind.WORKSHOP)
            .select_related("session__trade")
            .order_by("starts_at", "session__title")
        )
        popular = next(s for s in workshop_slots if s.session.trade.slug == "bricklayer")
        number = 0
        while number < 80:
            firsts, lasts, language, spoken = APPLICANT_NAMES[number % len(APPLICANT_NAMES)]
            first_name = firsts[(number // len(APPLICANT_NAMES)) % len(firsts)]
            last_name = lasts[number % len(lasts)]
            has_email = number % 5 != 4
            lookup = (
                {"email": f"bewerber{number:02d}@example.org"}
                if has_email
                else {"phone": f"+49151{2000000 + number:07d}"}
            )
            needs_interpreter = language != "de" and number % 3 == 0
            applicant, created = Applicant.objects.get_or_create(
                **lookup,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "language": language,
                    "spoken_languages": spoken,
                    "german_level": self.rng.choice(
                        [GermanLevel.NONE, GermanLevel.A1, GermanLevel.A2, GermanLevel.B1]
                    ),
                    "experience_years": self.rng.randint(0, 12),
                    "has_foreign_certificate": self.rng.random() < 0.4,
                    "needs_interpreter": needs_interpreter,
                    "interpreter_language": spoken[0] if needs_interpreter else "",
                    "advice_topics": self.rng.sample([topic.value for topic in AdviceTopic], 2),
                    "consent_at": timezone.now(),
                },
            )
            number += 1
            if not created:
                continue
            registration = registration_create(applicant=applicant, event=event)
            # The first bricklayer slot is the popular one: it fills up and
            # leaves a few people on its waiting list.
            slot = popular if number % 9 == 0 else self.rng.choice(workshop_slots)
            applicant.trades.set([slot.session.trade, self.rng.choice(list(trades.values()))])
            booking_create(registration=registration, slot=slot)
            later = [s for s in workshop_slots if s.starts_at >= slot.ends_at]
            if later and self.rng.random() < 0.3:
                booking_create(registration=registration, slot=self.rng.choice(later))
