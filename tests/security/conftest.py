import pytest

from tests.security.listeners import Listener


@pytest.fixture
def listener():
    """An internal service on loopback that answers 200 to anything: the attacks aim Glue at it."""
    started = Listener()
    yield started
    started.close()


@pytest.fixture
def no_egress_allowance(monkeypatch):
    """Glue's default: the operator allowed no private address."""
    monkeypatch.delenv("GLUE_EGRESS_ALLOW", raising=False)
