"""Screens' half of the one error path: a handler that meets an ``InterviewError`` hands it to the app.

Textual ends the whole app when a handler raises (the message loop stops), so a locked
database once crashed review on a star. Rather than a try/except around each store call,
a screen's handlers and actions that touch the store are wrapped in ``reports_errors``;
the app's ``show_error`` turns the error into its sentence and the screen keeps running.
Work in threads reaches the same ``show_error`` through the app's worker handler.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, TypeVar

from textual import active_app

from interview.errors import InterviewError

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(handler: F) -> F:
    """Run ``handler`` (sync or async, a method or a callback); an InterviewError it raises is shown
    by the running app, and it returns None."""
    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return await handler(*args, **kwargs)
            except InterviewError as error:
                active_app.get().show_error(error)
                return None

        return async_wrapper  # type: ignore[return-value]

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except InterviewError as error:
            active_app.get().show_error(error)
            return None

    return wrapper  # type: ignore[return-value]


def show_error_from_thread(app: Any, error: InterviewError) -> None:
    """From a worker thread that caught an InterviewError: show it on the UI thread, without waiting."""
    app.call_later(app.show_error, error)
