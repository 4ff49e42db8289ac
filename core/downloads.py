"""Stored files sent to the reader who may have them: as a download, never shown inline.

A file is read through its storage (the local folder or a private bucket, core/storage.py) and
streamed: nothing here needs a path on this machine."""

from django.http import FileResponse


def private_download(
    file, *, filename: str, content_type: str, public: bool = False
) -> FileResponse:
    """A stored file (a FieldFile) as an attachment under its original name. The browser must not
    guess its type (nosniff). Unless the file is public, no cache, shared or the browser's, keeps
    a copy (private, no-store): the next reader may not be entitled to it."""
    stream = file.storage.open(file.name, "rb")
    response = FileResponse(
        stream, as_attachment=True, filename=filename, content_type=content_type
    )
    if not response.has_header("Content-Length"):
        # A stream from a bucket cannot seek to its end to measure itself: the object says.
        response["Content-Length"] = stream.size
    response["X-Content-Type-Options"] = "nosniff"
    if not public:
        response["Cache-Control"] = "private, no-store"
    return response
