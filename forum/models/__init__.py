from forum.models.activity import (
    Flag,
    FlagReason,
    Reaction,
    ReactionKind,
    ReadState,
    Subscription,
    Visit,
)
from forum.models.categories import Category
from forum.models.topics import Post, PostRevision, Tag, Topic

__all__ = [
    "Category",
    "Flag",
    "FlagReason",
    "Post",
    "PostRevision",
    "Reaction",
    "ReactionKind",
    "ReadState",
    "Subscription",
    "Tag",
    "Topic",
    "Visit",
]
