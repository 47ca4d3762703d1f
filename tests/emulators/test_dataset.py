from datetime import timedelta

from glue_emulators.dataset import BASE_STEP, BASE_TIME, Dataset


def all_by_modified(store, since=None, include_deleted=False, page=7):
    found, after = [], None
    while True:
        batch = store.modified_between(since, None, after, page, include_deleted=include_deleted)
        if not batch:
            return found
        found += batch
        after = (batch[-1].modified_at, batch[-1].index)


def test_generated_records_are_deterministic_and_ordered():
    store = Dataset({"contacts": 50})["contacts"]
    records = all_by_modified(store)
    assert [r.index for r in records] == list(range(50))
    assert store.record(3).number("email") == Dataset({"contacts": 50})["contacts"].record(3).number("email")
    assert store.record(3).modified_at == BASE_TIME + 3 * BASE_STEP


def test_changes_move_records_to_the_end_and_since_filters():
    store = Dataset({"contacts": 100})["contacts"]
    changed = store.spread(0.1)
    assert len(changed) == 10
    store.update(changed)
    records = all_by_modified(store)
    assert len(records) == 100
    assert [r.index for r in records[-10:]] == changed
    assert all(r.version == 1 for r in records[-10:])
    since = records[-10].modified_at
    assert [r.index for r in all_by_modified(store, since)] == changed
    # an inclusive window that starts inside the original data
    assert len(all_by_modified(store, BASE_TIME + 95 * BASE_STEP)) == 10 + len([i for i in range(95, 100) if i not in changed])


def test_deletions_and_creations():
    store = Dataset({"deals": 20})["deals"]
    store.delete([0, 5])
    new = store.create(3)
    assert new == [20, 21, 22]
    assert store.live_count() == 21
    assert [r.index for r in store.by_index(-1, 100, deleted=True)] == [0, 5]
    assert 0 not in [r.index for r in store.by_index(-1, 100)]
    live = all_by_modified(store)
    assert len(live) == 21 and [r.index for r in live[-3:]] == new
    with_deleted = all_by_modified(store, include_deleted=True)
    assert len(with_deleted) == 23
    assert all(r.modified_at > BASE_TIME + timedelta(days=1) for r in with_deleted[-5:])
