"""Background work of letters: rendering an issued letter's files after its transaction
commits. Runs in the web process when Celery is eager (no broker), in a worker otherwise."""

from __future__ import annotations

import logging

from celery import shared_task

from ..models import Letter
from .files import letter_files_ensure

logger = logging.getLogger(__name__)


@shared_task(name="gongkai.info_requests.letters.render_letter_files")
def render_letter_files(letter_id: int) -> bool:
    """Idempotent: a letter that has its files is left alone."""
    letter = Letter.objects.filter(pk=letter_id).first()
    if letter is None:
        return False
    letter_files_ensure(letter)
    return True


def schedule_render(letter_id: int) -> None:
    """Called on commit. A failure here (broker down, renderer error) is logged and does not
    undo the step: the files are rendered on the first download instead."""
    try:
        render_letter_files.delay(letter_id)
    except Exception:
        logger.exception("could not render the files of letter %s", letter_id)
