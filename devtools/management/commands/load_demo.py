"""Create the demo data: the Borsdorf applicant day for construction trades,
a seminar series, and an autumn fair day a month past with its contacts at
the tables and the answers to the follow-up questions. Everything goes
through the services the screens use, so the demo keeps their rules.
Running it again changes nothing."""

import random
from datetime import date, datetime, time, timedelta
from itertools import groupby
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from applicants.models import AdviceTopic, Applicant, Consent, FollowUp, Registration
from applicants.services.follow_ups import follow_up_answer, follow_ups_write_due
from applicants.services.notices import message_to_applicant
from applicants.services.registrations import (
    applicant_register_on_behalf,
    applicant_talk_profile_set,
    registration_sign_up,
)
from applicants.services.reminders import DAY_BEFORE, reminder_context, reminder_key
from employers.models import Employer, Position
from employers.services import (
    EmployerData,
    employer_register,
    participation_approve,
    participation_request,
    position_create,
)
from events.choices import GermanLevel
from events.models import Event, Organisation, Session, Slot, Trade
from events.services import (
    SlotSeries,
    event_close_registration,
    event_create,
    event_publish,
    event_update,
    session_save,
    slots_create,
    venue_get_or_create,
)
from meetings.models import Contact, TalkPlan, Wish
from meetings.selectors import participation_positions, talk_participations, talk_registrations
from meetings.services import (
    contact_meet,
    contact_note,
    interpreter_save,
    schedule_make,
    schedule_publish,
    talk_desk_save,
    talk_plan_save,
    talks_notify,
    wish_answer,
    wishes_set,
)

BERLIN = ZoneInfo("Europe/Berlin")
DEMO_PASSWORD = "jobfair-demo"
FAIR_DAY = "bewerbertag-bauberufe"
PAST_FAIR_DAY = "bewerbertag-herbst"
PAST_GUESTS = 36
PAST_DAYS_AGO = 30
SEMINAR_SERIES = "iq-themenreihe"
APPLICANTS = 80

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

# The fair day is translated as organisers are asked to: titles of the
# event and its sessions in all five languages. The directions stay German,
# as a venue's are, and the pages say so.
WORKSHOPS = [
    # trade, titles, room, capacities of the slots
    (
        "bricklayer",
        {
            "de": "Lehrkabinett Maurer",
            "en": "Teaching workshop: bricklayer",
            "ar": "ورشة تعليمية: بنّاء",
            "uk": "Навчальна майстерня: муляр",
            "fa": "کارگاه آموزشی: بنّا",
        },
        "Halle 1",
        [8, 16, 16],
    ),
    (
        "tiler",
        {
            "de": "Lehrkabinett Fliesen- und Parkettleger",
            "en": "Teaching workshop: tiler and parquet layer",
            "ar": "ورشة تعليمية: مبلّط وعامل تركيب الباركيه",
            "uk": "Навчальна майстерня: плиточник і паркетник",
            "fa": "کارگاه آموزشی: کاشی‌کار و پارکت‌کار",
        },
        "Halle 2",
        [16, 16],
    ),
    (
        "carpenter",
        {
            "de": "Lehrkabinett Zimmerer",
            "en": "Teaching workshop: carpenter",
            "ar": "ورشة تعليمية: نجّار",
            "uk": "Навчальна майстерня: тесля",
            "fa": "کارگاه آموزشی: نجار",
        },
        "Halle 3",
        [14, 14, 14],
    ),
    (
        "roofer",
        {
            "de": "Lehrkabinett Dachdecker",
            "en": "Teaching workshop: roofer",
            "ar": "ورشة تعليمية: عامل تسقيف",
            "uk": "Навчальна майстерня: покрівельник",
            "fa": "کارگاه آموزشی: سقف‌ساز",
        },
        "Halle 4",
        [14, 14],
    ),
]

INFO_SESSIONS = [
    (
        {
            "de": "Arbeitserlaubnis und Aufenthaltstitel",
            "en": "Work permits and residence titles",
            "ar": "تصريح العمل وتصريح الإقامة",
            "uk": "Дозвіл на роботу та посвідка на проживання",
            "fa": "اجازه کار و اجازه اقامت",
        },
        "Raum 101",
        time(11, 0),
    ),
    (
        {
            "de": "Lohnkostenzuschüsse für Arbeitgeber",
            "en": "Wage subsidies for employers",
            "ar": "دعم الأجور لأصحاب العمل",
            "uk": "Дотації на зарплату для роботодавців",
            "fa": "یارانه دستمزد برای کارفرمایان",
        },
        "Raum 102",
        time(12, 0),
    ),
    (
        {
            "de": "Anerkennung ausländischer Berufsabschlüsse",
            "en": "Recognition of foreign qualifications",
            "ar": "الاعتراف بالشهادات المهنية الأجنبية",
            "uk": "Визнання іноземних професійних кваліфікацій",
            "fa": "به رسمیت شناختن مدارک حرفه‌ای خارجی",
        },
        "Raum 103",
        time(13, 0),
    ),
]

EMPLOYER_TALKS = {
    "de": "Gespräche mit Arbeitgebern",
    "en": "Talks with employers",
    "ar": "محادثات مع أصحاب العمل",
    "uk": "Розмови з роботодавцями",
    "fa": "گفتگو با کارفرمایان",
}


# Interpreters of the talks: name, language, first and last round (excluded).
INTERPRETERS = [
    ("Samira Haddad", "ar", 0, 10),
    ("Reza Ahmadi", "fa", 0, 6),
    ("Olha Kovalenko", "uk", 3, 10),
    ("Tesfay Berhe", "ti", 0, 10),
]

TALK_LINES = [
    "5 Jahre Maurer in Aleppo, Führerschein B.",
    "Fliesen gelegt in Kabul, 3 Jahre.",
    "Zimmermann in Asmara, eigene Werkstatt.",
    "Dachdeckerin in Charkiw, 8 Jahre.",
    "",
]


def _titles(titles: dict[str, str]) -> dict[str, str]:
    return {f"title_{code}": title for code, title in titles.items()}


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


def _hourly_series(day: date, first: time, capacities: list[int]) -> list[SlotSeries]:
    """Slots of 45 minutes every hour from ``first``. A series has one
    capacity, so each run of equal capacities is a series of its own."""
    series = []
    start = datetime.combine(day, first)
    for capacity, run in groupby(capacities):
        count = len(list(run))
        series.append(
            SlotSeries(
                day=day,
                first_start=start.time(),
                count=count,
                duration_minutes=45,
                capacity=capacity,
                break_minutes=15,
            )
        )
        start += timedelta(hours=count)
    return series


def _session_create(*, series: list[SlotSeries], **fields) -> Session:
    session = session_save(session=Session(**fields))
    for one in series:
        slots_create(session=session, series=one)
    return session


class Command(BaseCommand):
    help = "Load the demo fair day, seminar series, employers and applicants (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        self.rng = random.Random(2016)
        organisations, organiser = self._organisations()
        trades = self._trades()
        fair_day = self._fair_day(organisations, trades)
        self._seminar_series(organisations)
        self._employers(fair_day, trades, organiser)
        self._applicants(fair_day, trades)
        self._talks(fair_day)
        self._sample_messages(fair_day)
        self._past_fair_day(organisations, trades, organiser)
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
        return organisations, organiser

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
        """Made as an organiser makes it: a draft, its programme, then
        published."""
        existing = Event.objects.filter(slug=FAIR_DAY).first()
        if existing is not None:
            return existing
        venue = venue_get_or_create(
            name="Bildungs- und Technologiezentrum der Handwerkskammer zu Leipzig",
            street="Steinweg 3",
            postcode="04451",
            city="Borsdorf",
            directions="S-Bahn S3 bis Borsdorf, dann 10 Minuten zu Fuß. "
            "Parkplätze am Haupteingang.",
        )
        day = timezone.localdate() + timedelta(weeks=4)
        event = event_create(
            organisations=organisations,
            slug=FAIR_DAY,
            title_de="Bewerbertag für Bauberufe",
            title_en="Applicant day for construction trades",
            title_ar="يوم المتقدمين لمهن البناء",
            title_uk="День кандидатів для будівельних професій",
            title_fa="روز متقاضیان برای مشاغل ساختمانی",
            description_de="Lehrkabinette ansehen, mit Handwerksbetrieben sprechen, "
            "Fragen zu Arbeitserlaubnis, Lohnkostenzuschüssen und Anerkennung klären.",
            description_en="Visit the teaching workshops, talk with craft businesses, "
            "ask about work permits, wage subsidies and recognition.",
            description_ar="زوروا الورش التعليمية، وتحدثوا مع شركات الحرف اليدوية، "
            "واسألوا عن تصريح العمل ودعم الأجور والاعتراف بالشهادات.",
            description_uk="Відвідайте навчальні майстерні, поговоріть з ремісничими "
            "підприємствами, запитайте про дозвіл на роботу, дотації на зарплату та "
            "визнання кваліфікацій.",
            description_fa="از کارگاه‌های آموزشی دیدن کنید، با کسب‌وکارهای صنعتی گفتگو کنید "
            "و درباره اجازه کار، یارانه دستمزد و به رسمیت شناختن مدارک بپرسید.",
            kind=Event.Kind.FAIR_DAY,
            venue=venue,
            starts_at=_berlin(day, time(9, 0)),
            ends_at=_berlin(day, time(15, 0)),
            registration_opens_at=timezone.now() - timedelta(days=7),
            registration_closes_at=_berlin(day - timedelta(days=1), time(18, 0)),
            capacity=100,
        )
        for trade_slug, titles, room, capacities in WORKSHOPS:
            _session_create(
                event=event,
                kind=Session.Kind.WORKSHOP,
                trade=trades[trade_slug],
                **_titles(titles),
                room=room,
                series=_hourly_series(day, time(9, 30), capacities),
            )
        for titles, room, start in INFO_SESSIONS:
            _session_create(
                event=event,
                kind=Session.Kind.INFO,
                **_titles(titles),
                room=room,
                series=_hourly_series(day, start, [30]),
            )
        _session_create(
            event=event,
            kind=Session.Kind.EMPLOYER_TALKS,
            **_titles(EMPLOYER_TALKS),
            room="Foyer",
            series=[
                SlotSeries(
                    day=day, first_start=time(12, 0), count=1, duration_minutes=180, capacity=100
                )
            ],
        )
        return event_publish(event=event)

    def _seminar_series(self, organisations):
        existing = Event.objects.filter(slug=SEMINAR_SERIES).first()
        if existing is not None:
            return existing
        leipzig = venue_get_or_create(
            name="IQ Netzwerk Sachsen, Seminarraum",
            street="Dresdner Straße 78",
            postcode="04317",
            city="Leipzig",
        )
        goerlitz = venue_get_or_create(
            name="Volkshochschule Görlitz",
            street="Langenstraße 23",
            postcode="02826",
            city="Görlitz",
        )
        first = timezone.localdate() + timedelta(weeks=3)
        dates = [first, first + timedelta(weeks=4), first + timedelta(weeks=8)]
        series = event_create(
            organisations=organisations[:1],
            slug=SEMINAR_SERIES,
            title_de="IQ Themenreihe: Zugewanderte beschäftigen",
            title_en="IQ seminar series: employing newcomers",
            kind=Event.Kind.SEMINAR_SERIES,
            venue=leipzig,
            starts_at=_berlin(dates[0], time(9, 0)),
            ends_at=_berlin(dates[-1], time(13, 0)),
            capacity=20,
        )
        places = [leipzig, leipzig, goerlitz]
        for number, (day, venue) in enumerate(zip(dates, places, strict=True), 1):
            _session_create(
                event=series,
                kind=Session.Kind.SEMINAR,
                title_de=f"Seminar {number}: {venue.city}",
                title_en=f"Seminar {number}: {venue.city}",
                venue=venue,
                room="Seminarraum",
                series=[
                    SlotSeries(
                        day=day, first_start=time(9, 0), count=1, duration_minutes=240, capacity=20
                    )
                ],
            )
        return event_publish(event=series)

    def _employers(self, event, trades, organiser):
        """Each company registers, lists its positions and asks to come; the
        organiser approves it with a table."""
        for index, (name, city, postcode, size, trade_slugs, languages) in enumerate(EMPLOYERS):
            if Employer.objects.filter(name=name, postcode=postcode).exists():
                continue
            employer = employer_register(
                data=EmployerData(
                    name=name,
                    trades=[trades[slug] for slug in trade_slugs],
                    street=f"Hauptstraße {index + 1}",
                    postcode=postcode,
                    city=city,
                    contact_name=f"Ansprechpartner {name.split()[0]}",
                    email="bau-schroeder@example.org"
                    if index == 0
                    else f"kontakt{index}@example.org",
                    phone=f"+49341{5550100 + index}",
                    size=size,
                    languages=languages,
                    description=f"{name}: Handwerksbetrieb aus {city}.",
                )
            )
            if index == 0:
                self._employer_demo_login(employer)
            positions = []
            for number in range(1 + index % 4):
                trade = trades[trade_slugs[number % len(trade_slugs)]]
                kind = list(Position.Kind)[number % len(Position.Kind)]
                positions.append(
                    position_create(
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
            participation = participation_request(
                employer=employer, event=event, attendees=1 + index % 2, positions=positions
            )
            participation_approve(
                participation=participation, table=f"T{index + 1}", decided_by=organiser
            )

    def _talks(self, event):
        """The talks of the fair day as on the evening before: the plan,
        interpreters, employers' tables, applicants' wishes, employers'
        answers, and the schedule made from them, published and told."""
        if TalkPlan.objects.filter(event=event).exists():
            return
        day = timezone.localtime(event.starts_at).date()
        plan = talk_plan_save(
            event=event,
            starts_at=_berlin(day, time(12, 0)),
            ends_at=_berlin(day, time(14, 0)),
            talk_minutes=10,
            change_minutes=2,
            max_talks=3,
            max_wishes=4,
        )
        for name, language, first, last in INTERPRETERS:
            interpreter_save(
                event=event,
                name=name,
                language=language,
                email=f"{name.split()[0].lower()}@example.org",
                rounds=list(range(first, min(last, plan.round_count))),
            )
        participations = list(talk_participations(event=event))
        for index, participation in enumerate(participations):
            talk_desk_save(
                participation=participation,
                tables=1 + index % 2,
                away_rounds=[4] if index % 4 == 3 else [],
            )
        rng = random.Random(2026)
        for number, registration in enumerate(talk_registrations(event=event).order_by("pk")):
            trades = set(registration.applicant.trades.values_list("pk", flat=True))
            fitting = [
                p
                for p in participations
                if trades & {position.trade_id for position in participation_positions(p)}
            ]
            others = [p for p in participations if p not in fitting]
            chosen = (fitting + rng.sample(others, len(others)))[: rng.randint(1, 4)]
            wishes_set(
                registration=registration,
                levels={
                    participation: Wish.Level.VERY_MUCH if rank == 0 else Wish.Level.INTERESTED
                    for rank, participation in enumerate(chosen)
                },
            )
            applicant_talk_profile_set(
                applicant=registration.applicant,
                talk_line=TALK_LINES[number % len(TALK_LINES)],
                talk_pool=number % 3 != 0,
            )
        for wish in Wish.objects.filter(participation__event=event).order_by("pk"):
            wish_answer(
                participation=wish.participation,
                registration=wish.registration,
                answer=rng.choice([Wish.Answer.YES, Wish.Answer.YES, Wish.Answer.MAYBE]),
            )
        schedule_make(event=event)
        schedule_publish(event=event, queue=False)
        talks_notify(event=event)

    def _employer_demo_login(self, employer):
        """Registered companies sign in by e-mail link; the first one also
        takes the demo login ``employer`` with the demo password."""
        login = employer.user
        login.username = "employer"
        login.set_password(DEMO_PASSWORD)
        login.save(update_fields=["username", "password"])

    def _sample_messages(self, event):
        """A day-before reminder in each of the five languages, so the e-mail
        folder shows what applicants receive besides their confirmations. The
        reminder is claimed as the real one would be: it is not sent a second
        time."""
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
            message_to_applicant(
                kind=DAY_BEFORE,
                applicant=registration.applicant,
                event=event,
                context=reminder_context(registration=registration),
                dedupe_key=reminder_key(DAY_BEFORE, registration.pk),
            )

    def _applicants(self, event, trades):
        """People sign up as on the public form, each for one or two
        workshops. Everyone's details are drawn in the same order on every
        run; who is there already (by e-mail or phone) is skipped."""
        workshop_slots = list(
            Slot.objects.filter(session__event=event, session__kind=Session.Kind.WORKSHOP)
            .select_related("session__trade")
            .order_by("starts_at", "session__title")
        )
        popular = next(s for s in workshop_slots if s.session.trade.slug == "bricklayer")
        for number in range(APPLICANTS):
            firsts, lasts, language, spoken = APPLICANT_NAMES[number % len(APPLICANT_NAMES)]
            contact = (
                {"email": f"bewerber{number:02d}@example.org"}
                if number % 5 != 4
                else {"phone": f"+49151{2000000 + number:07d}"}
            )
            needs_interpreter = language != "de" and number % 3 == 0
            applicant_data = {
                "first_name": firsts[(number // len(APPLICANT_NAMES)) % len(firsts)],
                "last_name": lasts[number % len(lasts)],
                **contact,
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
            }
            # The first bricklayer slot is the popular one: it fills up and
            # leaves a few people on its waiting list.
            slot = popular if (number + 1) % 9 == 0 else self.rng.choice(workshop_slots)
            chosen = [slot]
            interests = [slot.session.trade, self.rng.choice(list(trades.values()))]
            later = [s for s in workshop_slots if s.starts_at >= slot.ends_at]
            if later and self.rng.random() < 0.3:
                chosen.append(self.rng.choice(later))
            # Signing up again would send the person's link again: look first.
            # Someone who cancelled in the demo stays cancelled.
            if not Applicant.objects.filter(**contact).exists():
                registration_sign_up(
                    event=event, applicant_data=applicant_data, trades=interests, slots=chosen
                )

    def _past_fair_day(self, organisations, trades, organiser):
        """An autumn fair day a month past, as it went: employers approved
        while it was ahead, people who came (walk-ins entered at the door,
        most agreeing to share their profile and to be asked afterwards),
        employers' notes and next steps from their tables, and the answers to
        the questions the day after and after four weeks."""
        if Event.objects.filter(slug=PAST_FAIR_DAY).exists():
            return
        ahead = timezone.localdate() + timedelta(days=1)
        event = event_create(
            organisations=organisations,
            slug=PAST_FAIR_DAY,
            title_de="Bewerbertag Herbst: Ausbau und Technik",
            title_en="Autumn applicant day: interior finishing and building services",
            title_ar="يوم المتقدمين في الخريف: التشطيبات والخدمات الفنية للمباني",
            title_uk="Осінній день кандидатів: оздоблення та інженерні системи",
            title_fa="روز متقاضیان پاییز: نازک‌کاری و تأسیسات ساختمان",
            kind=Event.Kind.FAIR_DAY,
            venue=Event.objects.get(slug=FAIR_DAY).venue,
            starts_at=_berlin(ahead, time(9, 0)),
            ends_at=_berlin(ahead, time(15, 0)),
            capacity=60,
        )
        event_publish(event=event)
        participations = []
        for employer in Employer.objects.order_by("name")[:4]:
            participation = participation_request(employer=employer, event=event, attendees=1)
            participations.append(
                participation_approve(
                    participation=participation,
                    table=f"T{len(participations) + 1}",
                    decided_by=organiser,
                )
            )
        rng = random.Random(2025)
        trade_list = list(trades.values())
        guests = []
        for number in range(PAST_GUESTS):
            firsts, lasts, language, spoken = APPLICANT_NAMES[number % len(APPLICANT_NAMES)]
            consents = [Consent.Purpose.FOLLOW_UP] if number % 6 else []
            if number % 4:
                consents += [Consent.Purpose.SHARE, Consent.Purpose.CONTACT]
            guests.append(
                applicant_register_on_behalf(
                    event=event,
                    entered_by=organiser,
                    trades=rng.sample(trade_list, 1 + number % 2),
                    present=number % 7 != 6,
                    consents=consents,
                    first_name=firsts[number % len(firsts)],
                    last_name=lasts[(number // 2) % len(lasts)],
                    email=f"herbst{number:02d}@example.org",
                    language=language,
                    spoken_languages=spoken,
                    german_level=rng.choice(
                        [GermanLevel.NONE, GermanLevel.A1, GermanLevel.A2, GermanLevel.B1]
                    ),
                )
            )
        steps = [step for step in Contact.NextStep if step != Contact.NextStep.NONE]
        came = [guest for guest in guests if guest.status == Registration.Status.ATTENDED]
        for number, registration in enumerate(came[:24]):
            participation = participations[number % len(participations)]
            contact = contact_meet(
                participation=participation,
                code=registration.code,
                noted_by=participation.employer.user,
            )
            contact_note(
                contact=contact,
                rating=4 - (number // 4) % 4,
                note="Gutes Gespräch, Unterlagen folgen." if number % 3 == 0 else "",
                next_step=steps[number % len(steps)] if number % 5 else Contact.NextStep.NONE,
                noted_by=participation.employer.user,
            )
        ended = timezone.now() - timedelta(days=PAST_DAYS_AGO)
        event_update(
            event=event,
            organisations=organisations,
            starts_at=ended - timedelta(hours=6),
            ends_at=ended,
        )
        event_close_registration(event=event)
        # The day after: asked then (its messages long past delivery), then
        # the question after four weeks, open now.
        answers = list(FollowUp.Answer)
        day_after = timezone.localtime(ended).replace(hour=11) + timedelta(days=1)
        for now, share in ((day_after, 3), (timezone.now(), 2)):
            follow_ups_write_due(now=now)
            asked = FollowUp.objects.filter(registration__event=event, answer="")
            for number, follow_up in enumerate(asked.order_by("pk")):
                if number % share:
                    follow_up_answer(follow_up=follow_up, answer=rng.choice(answers))
