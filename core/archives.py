"""ZIP archives (docx, xlsx, pptx, odt, ods) judged by their directory, without unpacking them.

A "zip bomb" is small on disk and huge unpacked: an .odt of 1 MB whose `mimetype` member is 1 GiB
of zeros. Its central directory says so before anything is inflated: each member's declared size
and compressed size. `check_archive` reads only that (first counting the members, so that not
even the directory of a file with hundreds of thousands of tiny ones is parsed) and
refuses an archive with too many members (UPLOAD_ARCHIVE_MAX_MEMBERS), that would unpack to too
much in all (UPLOAD_ARCHIVE_MAX_UNPACKED_MB), or with a member compressed further than office
files ever are (UPLOAD_ARCHIVE_MAX_RATIO). A member whose declared sizes cannot be true (more
compressed bytes than deflate ever writes for its size) is refused as damaged: the declared sizes
are what the checks trust. What is read afterwards (core.uploads reads `mimetype`) is read with a
bounded read, so a directory that lies still costs no more than those bytes.

Office programs write members stored or deflated, without encryption (a password-protected
document is encrypted inside an OLE2 file, not a ZIP); anything else is refused here with a clear
message, rather than failing later in zipfile.
"""

import struct
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MEGABYTE = 1024 * 1024
# The end of central directory record: its signature, its fixed size, and the longest comment
# that may follow it (so it starts within the last 22 + 65,535 bytes of the file).
END_SIGNATURE = b"PK\x05\x06"
END_FORMAT = "<4s4H2LH"
END_SIZE = struct.calcsize(END_FORMAT)
END_SEARCH = END_SIZE + 0xFFFF
# An entry of the central directory: its signature and fixed size (name, extra field and comment
# follow, their lengths at offset 28).
CENTRAL_SIGNATURE = b"PK\x01\x02"
CENTRAL_SIZE = 46
# The compression ratio is judged only for members that unpack to more than this: a small member
# may be very compressible (a run of spaces) and costs nothing.
RATIO_FLOOR_BYTES = MEGABYTE
# Deflate never writes much more than its input (5 bytes per 16 KiB stored block, and a header);
# a member claiming more compressed bytes than this for its size has lied about its size.
DEFLATE_OVERHEAD = 1024
ENCRYPTED_FLAG = 0x1
OFFICE_COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


def member_count(upload, *, stop_after: int) -> int | None:
    """How many members the archive holds: the larger of what its end record declares and the
    entries actually found in its central directory (zipfile reads every entry there, whatever
    the end record says), counted without parsing them, up to `stop_after` + 1. None when there
    is no end record (not a ZIP). A ZIP64 archive declares 0xFFFF in the end record, more than any
    limit: it is refused as having too many members."""
    upload.seek(max(0, upload.size - END_SEARCH))
    tail = upload.read(END_SEARCH)
    end = tail.rfind(END_SIGNATURE)
    if end < 0 or len(tail) - end < END_SIZE:
        upload.seek(0)
        return None
    fields = struct.unpack(END_FORMAT, tail[end : end + END_SIZE])
    declared, directory_size = fields[4], fields[5]
    # Where zipfile looks for the directory: just before the end record.
    upload.seek(max(0, upload.size - len(tail) + end - directory_size))
    directory = upload.read(min(directory_size, upload.size))
    upload.seek(0)
    found, position = 0, 0
    while found <= stop_after and directory[position : position + 4] == CENTRAL_SIGNATURE:
        found += 1
        position += CENTRAL_SIZE + sum(struct.unpack_from("<3H", directory, position + 28))
    return max(declared, found)


def check_archive(upload) -> None:
    """Refuse (ValidationError, codes `archive_members`, `archive_unpacked`, `archive_ratio`,
    `archive_encrypted`, `archive_damaged`) an archive whose directory shows a bomb; a file that is
    no ZIP passes (its kind is judged elsewhere). Nothing is inflated. The file is left at its
    start."""
    upload.seek(0)
    if upload.read(4) != b"PK\x03\x04":
        upload.seek(0)
        return
    count = member_count(upload, stop_after=settings.UPLOAD_ARCHIVE_MAX_MEMBERS)
    if count is None:
        return
    if count > settings.UPLOAD_ARCHIVE_MAX_MEMBERS:
        raise ValidationError(
            _("The document holds more than %(limit)s files inside; it is refused."),
            code="archive_members",
            params={"limit": settings.UPLOAD_ARCHIVE_MAX_MEMBERS},
        )
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    finally:
        upload.seek(0)
    for member in members:
        check_member(member)
    check_unpacked_size(sum(member.file_size for member in members))


def check_member(member: zipfile.ZipInfo) -> None:
    """One member, by what the directory declares of it."""
    if member.flag_bits & ENCRYPTED_FLAG:
        raise ValidationError(
            _("Password-protected documents are not accepted: remove the password and upload it."),
            code="archive_encrypted",
        )
    stored_wrongly = member.compress_type == zipfile.ZIP_STORED and (
        member.compress_size != member.file_size
    )
    overhead = member.file_size // 100 + DEFLATE_OVERHEAD
    if (
        member.compress_type not in OFFICE_COMPRESSIONS
        or stored_wrongly
        or member.compress_size > member.file_size + overhead
    ):
        raise ValidationError(
            _("This document is damaged. Please save it again from its program and upload it."),
            code="archive_damaged",
        )
    ratio = settings.UPLOAD_ARCHIVE_MAX_RATIO
    if member.file_size > RATIO_FLOOR_BYTES and member.file_size > ratio * member.compress_size:
        raise ValidationError(
            _(
                "This document is refused: a file inside it is compressed more than %(ratio)s "
                "times, as in a “zip bomb”."
            ),
            code="archive_ratio",
            params={"ratio": ratio},
        )


def check_unpacked_size(total: int) -> None:
    limit = settings.UPLOAD_ARCHIVE_MAX_UNPACKED_MB
    if total > limit * MEGABYTE:
        raise ValidationError(
            _("This document would unpack to more than %(limit)s MB; it is refused."),
            code="archive_unpacked",
            params={"limit": limit},
        )
