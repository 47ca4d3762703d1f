import pytest

from tests.vault.oauth_support import start_emulator


@pytest.fixture
def emulators():
    """Starts emulators on demand (with a token-request counter) and stops them afterwards."""
    started = []

    def start(name: str):
        emulated = start_emulator(name)
        started.append(emulated)
        return emulated

    yield start
    for emulated in started:
        emulated.server.stop()
