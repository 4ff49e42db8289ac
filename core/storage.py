"""Where uploaded files are kept: the local folder (MEDIA_ROOT, the embedded default) or a private
bucket of an S3-compatible object store (AWS S3, MinIO...), chosen by the settings
(portal/settings/storage.py).

Uploaded files are private either way: they have no address of their own. They are read through the
storage API (`open`, `size`, `delete`) by the views that check who may have them
(core/downloads.py), which stream them to the reader. A bucket's own addresses, public or signed,
would bypass those checks, so `url()` refuses.
"""

from botocore.exceptions import ClientError
from django.core.files.base import File
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class PrivateFileHasNoAddress(Exception):
    """An uploaded file was asked for an address: serve it through a view that checks access."""


class StreamedObject(File):
    """An object of the bucket opened for reading, read as its body arrives (not downloaded
    whole into memory or a temporary file before the first byte goes out)."""

    def __init__(self, obj, name: str):
        self.obj = obj
        super().__init__(self._body(), name)

    def _body(self):
        try:
            response = self.obj.get()
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                raise FileNotFoundError(f"File does not exist: {self.obj.key}") from error
            raise
        self._size = response["ContentLength"]
        return response["Body"]

    @property
    def size(self) -> int:
        return self._size

    def open(self, mode=None):
        self.file.close()
        self.file = self._body()
        return self

    def seekable(self) -> bool:
        return False

    def chunks(self, chunk_size=None):
        yield from self.file.iter_chunks(chunk_size or self.DEFAULT_CHUNK_SIZE)


class PrivateS3Storage(S3Storage):
    """A private S3-compatible bucket: objects keep the bucket's own access (never a public ACL),
    a name is never overwritten (the portal generates them), and a file opened for reading is
    streamed."""

    default_acl = None
    file_overwrite = False
    querystring_auth = True

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            return super()._open(name, mode)
        obj = self.bucket.Object(self._normalize_name(clean_name(name)))
        return StreamedObject(obj, name)

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise PrivateFileHasNoAddress(
            f"{name} is private: serve it through a view that checks access (core.downloads)."
        )
