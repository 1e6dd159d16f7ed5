"""Long work shown live on the page: its progress streamed as newline-delimited JSON.

A view that does long work in the request (an import) answers a script that asks for
progress (`Accept: application/x-ndjson`) with a stream of one JSON object per line while
the work runs, at most ten a second: `{"stage": "read", "done": 1000, "total": 30000,
"label": "..."}`, then `{"url": "..."}`, where to go once it is done, or
`{"errors": ["..."]}` when it failed. Without JavaScript, the same view does the same work
and redirects.

The work is a generator of `(stage, done)` steps that runs inside the streamed response, in
the thread and the database connection of the request: a transaction it holds stays open
across the events, and a browser that goes away closes the generator, which rolls the
transaction back. Messages are worded in the language of the request.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Generator, Iterator
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

NDJSON = "application/x-ndjson"
EVENTS_PER_SECOND = 10

T = TypeVar("T")
Step = tuple[str, int]
Describe = Callable[[str, int], dict[str, Any]]


def wanted(request: HttpRequest) -> bool:
    """Whether the page's script asked for the progress stream rather than a redirect."""
    return NDJSON in request.headers.get("Accept", "")


def response(
    steps: Generator[Step, None, T], *, describe: Describe, finish: Callable[[T], str]
) -> StreamingHttpResponse:
    """The progress of `steps` as it happens, then the address `finish` gives for the result.

    `describe(stage, done)` adds what the page shows of a step (its label, its total).
    """
    language = translation.get_language()
    streamed = StreamingHttpResponse(
        _events(steps, describe, finish, language), content_type=f"{NDJSON}; charset=utf-8"
    )
    _no_buffering(streamed)
    return streamed


def failure(messages: list[str], status: int = 400) -> HttpResponse:
    """The one-line answer for work refused before it started (a form with errors)."""
    answer = HttpResponse(_line({"errors": messages}), status=status)
    answer["Content-Type"] = f"{NDJSON}; charset=utf-8"
    _no_buffering(answer)
    return answer


def _events(
    steps: Generator[Step, None, T],
    describe: Describe,
    finish: Callable[[T], str],
    language: str | None,
) -> Iterator[bytes]:
    last_stage, last_sent = "", 0.0
    try:
        while True:
            with translation.override(language):
                try:
                    stage, done = next(steps)
                except StopIteration as end:
                    url = finish(end.value)
                    break
                now = time.monotonic()
                if stage == last_stage and now - last_sent < 1 / EVENTS_PER_SECOND:
                    continue
                event = {"stage": stage, "done": done, "total": None, **describe(stage, done)}
            last_stage, last_sent = stage, now
            yield _line(event)
    except ValidationError as error:
        # Worded when raised, in the request's language (the steps run under it).
        yield _line({"errors": [str(message) for message in error.messages]})
        return
    except Exception:
        # The page is already answered (200): the error goes down the stream instead of a
        # 500 page. The work's transaction ended with the exception: nothing was written.
        logger.exception("streamed work failed")
        with translation.override(language):
            message = _("Something went wrong and nothing was written. Try again.")
        yield _line({"errors": [message]})
        return
    finally:
        steps.close()  # a browser that went away: roll the work back now
    yield _line({"url": url})


def _line(event: dict[str, Any]) -> bytes:
    return (json.dumps(event, ensure_ascii=False) + "\n").encode()


def _no_buffering(answer: HttpResponse | StreamingHttpResponse) -> None:
    answer["Cache-Control"] = "no-store"
    answer["X-Accel-Buffering"] = "no"  # a proxy in front (nginx) passes each line on at once
