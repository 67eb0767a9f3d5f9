import logging

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from ipsfidelity.celery import enqueue


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def send_email(*, to: list[str], subject: str, body: str, html_body: str | None = None) -> int:
    """Send one already rendered e-mail; retried with backoff if the mail server is down.

    Messages are rendered by the caller in the recipient's language, so the
    task only carries plain strings and stays safe to retry.
    """
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()


def queue_email(**message) -> None:
    """Queue one rendered e-mail; with the broker away, send it from this process.

    Called after commit: the step it tells of has happened, so its mail goes
    out now rather than never.
    """
    if not enqueue(send_email, **message):
        try:
            send_email.apply(kwargs=message, throw=True)
        except OSError:  # the mail server is away too: logged, the step stands
            logging.getLogger(__name__).exception("Could not send an e-mail to %s", message["to"])
