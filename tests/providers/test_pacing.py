"""The request pacer: a window never holds more than its limit, counted from answers, across threads."""

from __future__ import annotations

import threading

from glue_providers.pacing import RequestPacer


class FakeTime:
    def __init__(self):
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_the_request_after_the_limit_waits_a_window_from_the_first_answer():
    time = FakeTime()
    pacer = RequestPacer(2, 1.0, clock=time.clock, sleep=time.sleep)
    with pacer.request():
        time.now += 0.3  # the first answer comes at 100.3
    with pacer.request():
        pass
    assert time.slept == []
    with pacer.request():
        pass
    assert time.slept == [1.0] and time.now == 101.3  # a whole window after the first answer, not its send


def test_answers_older_than_the_window_no_longer_count():
    time = FakeTime()
    pacer = RequestPacer(2, 1.0, clock=time.clock, sleep=time.sleep)
    for _ in range(2):
        with pacer.request():
            pass
    time.now += 1.5
    with pacer.request():
        pass
    assert time.slept == []


def test_requests_in_flight_hold_their_place_across_threads():
    pacer = RequestPacer(2, 0.2)
    inside, most, lock = 0, 0, threading.Lock()
    release = threading.Event()

    def one():
        nonlocal inside, most
        with pacer.request():
            with lock:
                inside += 1
                most = max(most, inside)
            release.wait(1)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=one) for _ in range(4)]
    for thread in threads:
        thread.start()
    threading.Event().wait(0.1)
    assert inside == 2  # the other two wait while two requests are unanswered
    release.set()
    for thread in threads:
        thread.join(5)
    assert most == 2
