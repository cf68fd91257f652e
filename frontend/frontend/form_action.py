"""A form's write, done the one way every form of the site does it.

The handler has already read and checked what was typed; ``submit`` makes the API call
through the gateway client. Refused (an ``ApiError``: 422, 409, 412…), the same form is
drawn again with the refusal said next to its fields and what the person typed (the
handler's ``redisplay``, which answers 422); accepted, a 303 to the next page with its
notice (``?aviso=…``), so that reloading does not send the form again.
"""

from collections.abc import Awaitable, Callable
from inspect import isawaitable
from typing import Any

from starlette.responses import Response

from frontend.forms import FormErrors, from_api_error
from frontend.gateway import ApiError
from frontend.render import see_other

# Refusals are shown on the form itself with this status.
REFUSED = 422
Redisplay = Callable[[FormErrors], Response | Awaitable[Response]]


async def submit(
    write: Awaitable[Any],
    redisplay: Redisplay,
    then: str | Callable[[Any], str],
    errors: Callable[[ApiError], FormErrors] = from_api_error,
) -> Response:
    """Await ``write``; on a refusal ``redisplay(errors(refusal))``; else see ``then`` (a
    URL, or made from the API's answer, e.g. the id of what was created)."""
    try:
        answer = await write
    except ApiError as exc:
        shown = redisplay(errors(exc))
        return await shown if isawaitable(shown) else shown
    return see_other(then(answer) if callable(then) else then)
