"""Generated records as Slack's Web API shows them: users (``U...``), conversations (``C...``) and
messages (``ts``: seconds with six decimals, unique in its channel; a message's id in Glue is
``<channel>:<ts>``)."""

from __future__ import annotations

from glue_emulators.dataset import Dataset, Record

TEAM_ID = "T0EMULATED"
MESSAGE_CHANNELS = 3  # messages are posted in the first few channels, so histories are long enough to page
NAMES = ("ada", "grace", "linus", "barbara", "ken", "margaret", "dennis", "frances")
TOPICS = ("release", "on-call", "design", "billing", "random", "support")


def user_id(index: int) -> str:
    return f"U{index:08d}"


def channel_id(index: int) -> str:
    return f"C{index:08d}"


def is_member(channel_index: int) -> bool:
    """Whether the bot is in the channel (it reads only those); never out of a channel with messages."""
    return channel_index % 8 != 7


def ts_of(record: Record) -> str:
    return f"{record.created_at.timestamp():.6f}"


class Renderer:
    def __init__(self, dataset: Dataset):
        self.dataset = dataset

    def __call__(self, object_name: str, record: Record) -> dict:
        return getattr(self, object_name)(record)

    def channel_of(self, index: int) -> int:
        channels = self.dataset["channels"].count if "channels" in self.dataset.objects else 1
        return index % max(1, min(MESSAGE_CHANNELS, channels))

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
        users = self.dataset["users"].count if "users" in self.dataset.objects else 1
        message = {"type": "message", "user": user_id(record.number("author", max(1, users))),
                   "text": f"About the {record.pick('topic', TOPICS)}, take {record.version}",
                   "ts": ts_of(record), "team": TEAM_ID,
                   "channel": channel_id(self.channel_of(record.index))}
        if record.version:
            message["edited"] = {"user": message["user"], "ts": f"{record.modified_at.timestamp():.6f}"}
        return message
