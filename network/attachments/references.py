"""What carries attachments, and where a member may upload to: a registry, so that the forum
(which builds on network) plugs its posts in without network importing the forum.

A reference kind names the Attachment field pointing at the content ("post", "message") and
answers, through its app's access policy, whether a user may read that content and whether
anonymous visitors may. An upload target ("topic:12", "room:3") answers whether the member may
write there; it raises Http404 or PermissionDenied like the policy's own checks.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    field: str
    readable: Callable[[object, int], bool]  # (user, content id)
    public: Callable[[int], bool]  # (content id): readable by anonymous visitors


REFERENCES: dict[str, Reference] = {}
TARGETS: dict[str, Callable[[object, str], None]] = {}


def register_reference(field: str, *, readable, public) -> None:
    REFERENCES[field] = Reference(field, readable, public)


def register_target(kind: str, check: Callable[[object, str], None]) -> None:
    TARGETS[kind] = check
