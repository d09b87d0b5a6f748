"""Real collisions for tests of concurrent requests: each contender runs in
its own thread with its own test Client and database connection, and a
barrier lets them all send their request at the same moment."""

import threading

from django.db import connection
from django.test import Client

from tests.conftest import sign_in


def race(users, send, *, timeout: float = 60):
    """Sign each user in on a Client of their own, then call send(client, i)
    for all of them at once; their responses, in the users' order. An
    exception in a thread is returned in place of its response."""
    barrier = threading.Barrier(len(users))
    results: list = [None] * len(users)
    # Signed in before the race, each with the second factor where the role
    # needs one (the same user may race against itself).
    clients = [sign_in(Client(raise_request_exception=False), user) for user in users]

    def contender(index, user):
        try:
            barrier.wait(timeout=timeout)
            results[index] = send(clients[index], index)
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=contender, args=(index, user))
        for index, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a contender hung"
    return results
