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
