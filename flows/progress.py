"""A process-local hook for progress bars: tasks report, the CLI listens.

Progress is not a flow result, and callbacks cannot travel as flow parameters, so the CLI
registers a listener here before it starts a flow. Where nobody listens (a deployment, a Dask
worker), reporting does nothing.
"""

from __future__ import annotations

from collections.abc import Callable

_listeners: list[Callable[[str, int], None]] = []


def listen(callback: Callable[[str, int], None]) -> Callable[[], None]:
    """Register `callback(stage, n)`; RETURNS a function that removes it again."""
    _listeners.append(callback)
    return lambda: _listeners.remove(callback)


def report(stage: str, n: int) -> None:
    for callback in list(_listeners):
        callback(stage, n)
