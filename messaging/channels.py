"""Channels deliver rendered messages: e-mail through Django's mail backend,
SMS through a configurable gateway backend. Each yields one ``Outcome`` per
message as soon as it is known, so the caller records it at once.

Passing failures (a server down, a timeout, 4xx at any SMTP stage, HTTP
408/429/5xx from the gateway) are tried again later; permanent ones (5xx at
RCPT or DATA, any other HTTP 4xx) are not."""

import json
import logging
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    permanent: bool = False
    error: str = ""
    # Seconds the other side asked us to wait before trying again.
    retry_after: int | None = None


SENT = Outcome(ok=True)


class EmailChannel:
    """Sends a group of messages over one SMTP connection."""

    def send(self, messages):
        connection = get_connection(fail_silently=False)
        try:
            connection.open()
        except (OSError, smtplib.SMTPException) as exc:
            for _message in messages:
                yield Outcome(ok=False, error=f"connection: {exc}")
            return
        try:
            for message in messages:
                yield self._send_one(connection, message)
        finally:
            try:
                connection.close()
            except (OSError, smtplib.SMTPException):
                logger.warning("Closing the SMTP connection failed", exc_info=True)

    def _send_one(self, connection, message):
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            to=[message.recipient],
            connection=connection,
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        for attachment in message.attachments:
            email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as exc:
            # 450 (greylisting, a full mailbox) is passing; 550 is not.
            codes = [code for code, _text in exc.recipients.values()]
            permanent = all(500 <= code < 600 for code in codes)
            return Outcome(ok=False, permanent=permanent, error=f"refused: {exc.recipients}")
        except smtplib.SMTPResponseException as exc:
            permanent = 500 <= exc.smtp_code < 600
            return Outcome(
                ok=False, permanent=permanent, error=f"{exc.smtp_code} {exc.smtp_error!r}"
            )
        except (TimeoutError, OSError, smtplib.SMTPException) as exc:
            # The connection broke: reopen it for the rest of the group.
            try:
                connection.close()
                connection.open()
            except (OSError, smtplib.SMTPException):
                logger.warning("Reopening the SMTP connection failed", exc_info=True)
            return Outcome(ok=False, error=f"{type(exc).__name__}: {exc}")
        return SENT


class SmsChannel:
    """Sends each message through the backend named by ``SMS_BACKEND``."""

    def send(self, messages):
        backend = import_string(settings.SMS_BACKEND)()
        for message in messages:
            yield backend.send(message.recipient, message.body_text)


class FileSmsBackend:
    """Writes each SMS to a file in ``SMS_FILE_PATH``: the embedded default."""

    def send(self, phone, text):
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
        (folder / f"{stamp}-{phone.lstrip('+')}.txt").write_text(
            f"To: {phone}\n\n{text}\n", encoding="utf-8"
        )
        return SENT


class HttpGatewaySmsBackend:
    """Posts JSON ``{"to", "text", "sender"}`` with a bearer token to
    ``SMS_GATEWAY_URL``, the shape most commercial gateways accept. A 4xx
    answer means the number is refused, except 408 and 429 (too early, too
    many), which are tried again like 5xx, after ``Retry-After`` if given."""

    def send(self, phone, text):
        payload = json.dumps({"to": phone, "text": text, "sender": settings.SMS_SENDER}).encode(
            "utf-8"
        )
        request = urllib.request.Request(  # noqa: S310 - the URL comes from settings
            settings.SMS_GATEWAY_URL,
            data=payload,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10):  # noqa: S310
                return SENT
        except urllib.error.HTTPError as exc:
            permanent = 400 <= exc.code < 500 and exc.code not in (408, 429)
            return Outcome(
                ok=False,
                permanent=permanent,
                error=f"HTTP {exc.code}",
                retry_after=_seconds(exc.headers.get("Retry-After")),
            )
        except (OSError, urllib.error.URLError) as exc:
            return Outcome(ok=False, error=str(exc))


def _seconds(retry_after: str | None) -> int | None:
    """A ``Retry-After`` header in seconds (the form gateways send)."""
    try:
        return max(int(retry_after), 0) if retry_after else None
    except ValueError:
        return None


_CHANNELS = {"email": EmailChannel, "sms": SmsChannel}


def get(name: str):
    return _CHANNELS[name]()
