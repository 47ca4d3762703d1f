"""Secrets at rest that will not open: altered ciphertext and a key gone from the ring.

Either way Glue says so clearly, opens nothing, and neither the secret nor the
ciphertext appears in the error, the response or the log.
"""

from __future__ import annotations

import logging
import uuid

import pytest
from sqlalchemy import update

from glue_api.crypto import KeyRing, KeyRingError, Sealed, generate_key, key_id_for
from glue_api.db import transaction
from glue_api.key_rotation import reseal_all
from glue_api.models import Destination

PASSWORD = f"pg-password-{uuid.uuid4().hex}"


def ring() -> KeyRing:
    key = generate_key()
    return KeyRing([(key_id_for(key), key)])


def tampered(sealed: Sealed, at: int) -> Sealed:
    blob = bytearray(sealed.blob)
    blob[at] ^= 0x01
    return Sealed(sealed.key_id, bytes(blob))


@pytest.mark.parametrize("where", ["nonce", "ciphertext", "tag"])
def test_an_altered_ciphertext_is_refused_by_its_integrity_check(where):
    keys = ring()
    sealed = keys.seal_json({"password": PASSWORD})
    at = {"nonce": 0, "ciphertext": 14, "tag": len(sealed.blob) - 1}[where]
    with pytest.raises(KeyRingError) as refused:
        keys.open(tampered(sealed, at))
    assert str(refused.value) == f"a ciphertext sealed with key {keys.primary_id} failed its integrity check"
    assert refused.value.__cause__ is None and refused.value.__suppress_context__  # no chained library detail
    assert keys.open_json(sealed) == {"password": PASSWORD}  # the untouched ciphertext still opens


def test_a_truncated_ciphertext_is_refused():
    keys = ring()
    sealed = keys.seal(PASSWORD.encode())
    with pytest.raises(KeyRingError, match="failed its integrity check"):
        keys.open(Sealed(sealed.key_id, sealed.blob[:-4]))


def test_a_key_that_left_the_ring_is_named_and_nothing_is_opened():
    old, new = generate_key(), generate_key()
    before = KeyRing([(key_id_for(new), new), (key_id_for(old), old)])
    sealed = KeyRing([(key_id_for(old), old)]).seal(PASSWORD.encode())
    assert before.open(sealed) == PASSWORD.encode()
    after = KeyRing([(key_id_for(new), new)])  # the old key was dropped
    with pytest.raises(KeyRingError) as refused:
        after.open(sealed)
    assert str(refused.value) == f"no key {key_id_for(old)} in the key ring"


def test_a_key_of_the_same_id_but_other_bytes_opens_nothing():
    keys = ring()
    sealed = keys.seal(PASSWORD.encode())
    impostor = KeyRing([(keys.primary_id, generate_key())])
    with pytest.raises(KeyRingError, match="failed its integrity check"):
        impostor.open(sealed)


def stored_destination(app, mgmt, warehouse_password: str) -> str:
    return stored_destination_named(mgmt, "pg", warehouse_password)


def replace_secrets(app, destination_id: str, sealed: Sealed) -> None:
    with transaction(app.state.session_factory) as session:
        session.execute(update(Destination).where(Destination.id == destination_id).values(secrets=sealed))


def check(mgmt, destination_id: str):
    return mgmt.client.post(f"/mgmt/v2/destinations/{destination_id}/_test", headers={"x-api-key": mgmt.api_key})


def assert_refused_cleanly(response, caplog, sealed: Sealed, message: str) -> None:
    assert response.status_code == 500
    [error] = response.json()["errors"]
    assert error["title"] == "Stored secret unreadable"
    assert error["detail"] == f"A stored secret could not be opened: {message}."
    ciphertext = sealed.to_text().partition(":")[2]
    for leaked in (PASSWORD, ciphertext):
        assert leaked not in response.text
        assert leaked not in caplog.text
    assert message in caplog.text  # the operator learns which key, from the log too


def test_the_api_answers_an_altered_stored_secret_with_a_clear_error(app, mgmt, keyring, caplog):
    caplog.set_level(logging.DEBUG)
    destination_id = stored_destination(app, mgmt, PASSWORD)
    with app.state.session_factory() as session:
        sealed = tampered(session.get(Destination, destination_id).secrets, 20)
    replace_secrets(app, destination_id, sealed)
    response = check(mgmt, destination_id)
    assert_refused_cleanly(response, caplog, sealed,
                           f"a ciphertext sealed with key {keyring.primary_id} failed its integrity check")


def test_the_api_answers_a_secret_sealed_by_a_dropped_key_with_a_clear_error(app, mgmt, caplog):
    caplog.set_level(logging.DEBUG)
    destination_id = stored_destination(app, mgmt, PASSWORD)
    dropped = ring()
    sealed = dropped.seal_json({"password": PASSWORD})
    replace_secrets(app, destination_id, sealed)
    response = check(mgmt, destination_id)
    assert_refused_cleanly(response, caplog, sealed, f"no key {dropped.primary_id} in the key ring")
    # An update that keeps the stored secret must not overwrite it with a guess either.
    version = mgmt.get(f"/destinations/{destination_id}").json()["version"]
    update_answer = mgmt.client.put(
        f"/mgmt/v2/destinations/{destination_id}", headers={"x-api-key": mgmt.api_key},
        json={"name": "pg", "type": "postgres", "version": version,
              "config": {"host": "warehouse.example", "port": 5432, "database": "d", "schema": "s", "user": "u"}})
    assert update_answer.status_code == 500
    with app.state.session_factory() as session:
        assert session.get(Destination, destination_id).secrets == sealed  # nothing half-written


def test_rotation_stops_at_an_altered_secret_and_rewrites_nothing(app, mgmt, keyring):
    destination_ids = [stored_destination_named(mgmt, f"pg-{n}", f"{PASSWORD}-{n}") for n in range(4)]
    with app.state.session_factory() as session:
        last = session.get(Destination, destination_ids[-1]).secrets
    replace_secrets(app, destination_ids[-1], tampered(last, 20))
    before = all_secrets(app, destination_ids)

    rotated = keyring.with_new_primary(generate_key())
    with pytest.raises(KeyRingError, match="failed its integrity check") as refused:
        reseal_all(app.state.session_factory, rotated)
    assert PASSWORD not in str(refused.value)
    # One transaction: the rows resealed before the altered one are rolled back with it.
    assert all_secrets(app, destination_ids) == before
    assert {sealed.key_id for sealed in before.values()} == {keyring.primary_id}


def stored_destination_named(mgmt, name: str, password: str) -> str:
    created = mgmt.post("/destinations", json={
        "name": name, "type": "postgres",
        "config": {"host": "warehouse.example", "port": 5432, "database": "d", "schema": "s", "user": "u",
                   "password": password},
    })
    assert created.status_code == 201, created.text
    return created.json()["id"]


def all_secrets(app, destination_ids: list[str]) -> dict[str, Sealed]:
    with app.state.session_factory() as session:
        return {d: session.get(Destination, d).secrets for d in destination_ids}
