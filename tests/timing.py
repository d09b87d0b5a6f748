"""Does a piece of work take time linear in the length of its input?

Eight times the input may take at most 24 times as long: linear work gives
about 8, quadratic work about 64. A ratio, not a time limit, of the best of
runs taken in turns, so a busy machine slows both sizes alike: the best
large run against the middle small one, since one lucky small run alone
once made a linear ratio 30. Time is the thread's CPU time, not the clock:
on a loaded machine a run of 30 ms is nearly always pre-empted and a run of
1 ms hardly ever, so clock time made linear work look quadratic under load."""

import statistics
import time
from collections.abc import Callable

# Most that eight times the input may cost, in multiples of the small run.
RATIO = 24
# Keeps start-up costs of tiny runs out of the ratio.
SLACK_SECONDS = 0.005


def cpu_seconds(run: Callable[[str], object], text: str) -> float:
    started = time.thread_time()
    run(text)
    return time.thread_time() - started


def assert_linear(
    run: Callable[[str], object],
    unit: str,
    *,
    small: int = 2_000,
    large: int = 16_000,
    rounds: int = 5,
) -> None:
    """run(text) on `unit` repeated to about `small` and `large` characters
    (large is eight times small) takes time linear in the length."""
    assert large == 8 * small
    small_text = unit * (small // len(unit))
    large_text = unit * (large // len(unit))
    small_runs, large_runs = [], []
    for _round in range(rounds):
        small_runs.append(cpu_seconds(run, small_text))
        large_runs.append(cpu_seconds(run, large_text))
    small_seconds = statistics.median(small_runs)
    assert min(large_runs) < RATIO * small_seconds + SLACK_SECONDS, (
        f"{len(large_text)} characters took {min(large_runs):.3f} s, "
        f"{len(small_text)} took {small_seconds:.3f} s"
    )
