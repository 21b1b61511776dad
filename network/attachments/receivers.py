"""The bytes go when their row goes, after commit.

A signal, not a service call, because rows are deleted by cascades this package never sees (a
group's room, an account, a topic in the admin): every one of them must leave no file behind.
After commit, so a rolled-back deletion still has its files.
"""

from django.db import transaction

from network.attachments import storage


def remove_files(sender, instance, **kwargs) -> None:
    folder = instance.folder
    transaction.on_commit(lambda: storage.remove(folder))
