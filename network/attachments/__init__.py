"""Attachments of forum posts and chat messages (issue 18).

- `inspection`: what an uploaded file is, decided by its content; images re-encoded without
  metadata, in a full, a display and a thumbnail size;
- `storage`: the bytes, under PRIVATE_MEDIA_ROOT, one folder per attachment;
- `references`: the kinds of content that carry attachments (chat messages here, forum posts
  registered by the forum), each with who may read it and where one may upload to;
- `permissions`: the one decision who may read an attachment, from its referencing content;
- `services`: upload, attach, delete, the orphan clean-up task; `selectors`: reads;
- `views`/`urls`: the upload endpoint (JSON) and the checked download.
"""
