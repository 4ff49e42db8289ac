"""Where uploaded files are kept: the local folder MEDIA_ROOT (the embedded default), or a private
bucket of an S3-compatible object store (AWS S3, MinIO...) when AWS_STORAGE_BUCKET_NAME is set, so
that web servers and workers on several machines share them (core/storage.py)."""

from portal.settings.environment import VAR_DIR, env

# Uploaded documents are private: they are never served by URL, only through views that check access.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/media/"

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")


def media_storage() -> dict:
    """The `default` entry of STORAGES: the local folder, or the bucket with its endpoint (unset:
    AWS S3 itself), region and keys (unset: boto3's own chain, e.g. the machine's role)."""
    if not AWS_STORAGE_BUCKET_NAME:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    endpoint = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    options = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": endpoint,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
        # A key prefix inside the bucket, so that one bucket may hold several portals' files.
        "location": env.str("AWS_LOCATION", default=""),
        # MinIO and most S3-compatible servers address a bucket by path (host:9000/bucket/key).
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="path" if endpoint else "")
        or None,
        "signature_version": "s3v4",
    }
    return {"BACKEND": "core.storage.PrivateS3Storage", "OPTIONS": options}
