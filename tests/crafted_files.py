"""Hostile files built by the tests themselves, small on disk: decompression bombs and pictures
that would decode to too many pixels."""

import functools
import io
import struct
import zipfile
import zlib

from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
GIBIBYTE = 1024**3


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header(width: int, height: int) -> bytes:
    """A PNG that is only a header claiming width by height (8-bit RGB) and an empty image: the
    "decompression bomb" of the report (65 bytes here, 68 there) when it claims 20000 by 20000."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b""))
        + png_chunk(b"IEND", b"")
    )


@functools.cache
def real_png(width: int, height: int) -> bytes:
    """A genuine black-and-white PNG of that size (12000 by 12000 is 17 KB on disk)."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_claiming(width: int, height: int) -> bytes:
    """A genuine small JPEG whose frame header (SOF0) claims width by height."""
    buffer = io.BytesIO()
    Image.new("L", (64, 64)).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@functools.cache
def odt_bomb() -> bytes:
    """An OpenDocument text whose `mimetype` member is 1 GiB of zeros: about 1 MB on disk, its
    directory telling the truth about both sizes. Built once per test run (about 3 s)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as odt:
        with odt.open("mimetype", "w") as member:
            member.write(ODT_MIMETYPE)
            zeros = bytes(1024 * 1024)
            for _ in range(GIBIBYTE // len(zeros)):
                member.write(zeros)
        odt.writestr("content.xml", b"<office:document-content/>")
    return buffer.getvalue()


def odt(members: dict[str, bytes] | None = None, **options) -> bytes:
    """A small, ordinary OpenDocument text (more members may be given), written with `options`
    (zipfile.ZipFile's compression and compresslevel)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", **options) as archive:
        archive.writestr("mimetype", ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", b"<office:document-content/>")
        for name, data in (members or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def rewritten(data: bytes, member: str, **fields: int) -> bytes:
    """The archive with a member's `flags`, compression `method` or declared `size` rewritten, in
    its local header and its central directory entry alike (as a hostile tool would write them)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    local = archive.getinfo(member).header_offset
    central = archive.start_dir
    while data[central + 46 : central + 46 + len(member)] != member.encode():
        lengths = struct.unpack("<3H", data[central + 28 : central + 34])
        central += 46 + sum(lengths)
    offsets = {"flags": (6, 8), "method": (8, 10), "size": (22, 24)}
    data = bytearray(data)
    for name, value in fields.items():
        width = 4 if name == "size" else 2
        for start, offset in zip((local, central), offsets[name], strict=True):
            data[start + offset : start + offset + width] = value.to_bytes(width, "little")
    return bytes(data)
