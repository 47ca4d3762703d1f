"""Generated records as Slack's Web API shows them: users (``U...``), conversations (``C...``) and
messages (``ts``: seconds with six decimals, unique in its channel; a message's id in Glue is
``<channel>:<ts>``).

Threads. Some generated messages are replies (``Threads``): in every block of ``span`` messages of a channel
the first is a thread's parent and its replies take the odd places after it, so other messages are posted
while the thread goes on. A parent carries ``thread_ts`` (its own ts), ``reply_count``, ``reply_users_count``,
``reply_users`` and ``latest_reply``; a reply carries its parent's ``thread_ts`` and ``parent_user_id``.
Messages created later (``/_emulator/changes/create``) are not replies; ``post_replies`` posts replies to
any thread now, as people answer old threads. A thread counts only its live replies."""

from __future__ import annotations

from dataclasses import dataclass, replace

from glue_emulators.dataset import Dataset, Record

TEAM_ID = "T0EMULATED"
MESSAGE_CHANNELS = 3  # messages are posted in the first few channels, so histories are long enough to page
NAMES = ("ada", "grace", "linus", "barbara", "ken", "margaret", "dennis", "frances")
TOPICS = ("release", "on-call", "design", "billing", "random", "support")
REPLY_USERS_SHOWN = 5  # Slack lists at most a few of a thread's repliers


def user_id(index: int) -> str:
    return f"U{index:08d}"


def channel_id(index: int) -> str:
    return f"C{index:08d}"


def is_member(channel_index: int) -> bool:
    """Whether the bot is in the channel (it reads only those); never out of a channel with messages."""
    return channel_index % 8 != 7


def ts_of(record: Record) -> str:
    return f"{record.created_at.timestamp():.6f}"


@dataclass(frozen=True)
class Threads:
    """How many replies each generated thread has (0: no threads)."""

    replies: int = 3

    @property
    def span(self) -> int:
        """Messages of a channel per thread: its parent, its replies each followed by another message, 3 more."""
        return 2 * self.replies + 4


class Renderer:
    def __init__(self, dataset: Dataset, threads: Threads = Threads()):
        self.dataset = dataset
        self.threads = threads
        self.later_replies: dict[int, int] = {}  # reply -> parent, of the replies posted after generation

    def post_replies(self, parent: int, count: int) -> list[int]:
        """New messages replying to ``parent`` (a live message that is not a reply), posted now."""
        store = self.dataset["messages"]
        if not store.exists(parent) or store.record(parent).deleted or self.parent_of(parent) is not None:
            raise ValueError(f"message {parent} cannot be replied to")
        replies = store.create(count)
        self.later_replies.update(dict.fromkeys(replies, parent))
        return replies

    def __call__(self, object_name: str, record: Record) -> dict:
        return getattr(self, object_name)(record)

    def message_channels(self) -> int:
        channels = self.dataset["channels"].count if "channels" in self.dataset.objects else 1
        return max(1, min(MESSAGE_CHANNELS, channels))

    def channel_of(self, index: int) -> int:
        return self.later_replies.get(index, index) % self.message_channels()

    def parent_of(self, index: int) -> int | None:
        """The message a reply answers, or None for a message posted in the channel itself."""
        if index in self.later_replies:
            return self.later_replies[index]
        if self.threads.replies == 0 or index >= self.dataset["messages"].initial_count:
            return None
        place = (index // self.message_channels()) % self.threads.span
        if place % 2 == 1 and place < 2 * self.threads.replies:
            return index - place * self.message_channels()
        return None

    def replies_of(self, index: int) -> list[Record]:
        """The live replies of a thread's parent, oldest first (none for any other message)."""
        store = self.dataset["messages"]
        replies = []
        if (self.threads.replies and index < store.initial_count
                and (index // self.message_channels()) % self.threads.span == 0):
            places = range(1, 2 * self.threads.replies, 2)
            replies = [store.record(index + place * self.message_channels()) for place in places]
            replies = [r for r in replies if r.index < store.initial_count]
        replies += [store.record(reply) for reply, parent in self.later_replies.items() if parent == index]
        return [r for r in replies if not r.deleted]

    def remote_id(self, object_name: str, index: int) -> str:
        if object_name == "users":
            return user_id(index)
        if object_name == "channels":
            return channel_id(index)
        return f"{channel_id(self.channel_of(index))}:{ts_of(self.dataset['messages'].record(index))}"

    def users(self, record: Record) -> dict:
        name = f"{record.pick('name', NAMES)}{record.index}"
        return {"id": user_id(record.index), "team_id": TEAM_ID, "name": name, "deleted": False,
                "real_name": name.title(), "tz": "Europe/Paris", "is_admin": record.index == 0,
                "is_bot": False, "updated": int(record.modified_at.timestamp()),
                "profile": {"real_name": name.title(), "display_name": name, "email": f"{name}@acme.example",
                            "title": record.pick("title", ("Engineer", "Designer", "Support")) + f" v{record.version}"}}

    def channels(self, record: Record) -> dict:
        private = record.index % 4 == 3
        return {"id": channel_id(record.index), "name": f"{record.pick('topic', TOPICS)}-{record.index}",
                "is_channel": not private, "is_group": private, "is_im": False, "is_private": private,
                "is_archived": False, "is_member": is_member(record.index),
                "created": int(record.created_at.timestamp()), "context_team_id": TEAM_ID,
                "creator": user_id(0), "num_members": 1 + record.number("members", 40),
                "topic": {"value": f"{record.pick('topic', TOPICS)} v{record.version}", "creator": user_id(0),
                          "last_set": int(record.modified_at.timestamp())},
                "purpose": {"value": "", "creator": "", "last_set": 0}}

    def messages(self, record: Record) -> dict:
        message = {"type": "message", "user": self._author(record),
                   "text": f"About the {record.pick('topic', TOPICS)}, take {record.version}",
                   "ts": ts_of(record), "team": TEAM_ID,
                   "channel": channel_id(self.channel_of(record.index))}
        if record.version:
            message["edited"] = {"user": message["user"], "ts": f"{record.modified_at.timestamp():.6f}"}
        parent = self.parent_of(record.index)
        if parent is not None:
            parent_record = self.dataset["messages"].record(parent)
            message.update(thread_ts=ts_of(parent_record), parent_user_id=self._author(parent_record))
        elif replies := self.replies_of(record.index):
            repliers = list(dict.fromkeys(self._author(r) for r in replies))
            message.update(thread_ts=message["ts"], reply_count=len(replies), reply_users_count=len(repliers),
                           latest_reply=ts_of(replies[-1]), reply_users=repliers[:REPLY_USERS_SHOWN],
                           is_locked=False)
        return message

    def _author(self, record: Record) -> str:
        """Who posted the message: an edit keeps it (so a thread's repliers stay what they were)."""
        users = self.dataset["users"].count if "users" in self.dataset.objects else 1
        return user_id(replace(record, version=0).number("author", max(1, users)))
