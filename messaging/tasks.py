from celery import shared_task

from messaging.services import messages_deliver

# Backoff between attempts: 10 s, 20 s, 40 s, 80 s — within minutes, far
# below the broker's visibility timeout.
RETRY_BASE_SECONDS = 10


@shared_task(bind=True, max_retries=None)
def messages_send(self, *, message_ids: list[int]) -> None:
    retry = messages_deliver(message_ids=message_ids)
    if retry:
        countdown = RETRY_BASE_SECONDS * 2 ** min(self.request.retries, 6)
        raise self.retry(kwargs={"message_ids": retry}, countdown=countdown)


@shared_task
def reminders_queue_due() -> int:
    """Run by beat every minute: write the reminders that are due to the outbox."""
    from messaging.reminders import reminders_send_due

    return reminders_send_due()


@shared_task
def messages_sweep() -> int:
    """Run by beat: queue messages still waiting in the outbox, e.g. written
    while the broker was down. Returns how many were queued."""
    from messaging.services import messages_pending_dispatch

    return messages_pending_dispatch()
