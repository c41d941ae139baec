"""Reading an article file's bytes, and decoding them as UTF-8 text.

Both say why not in one line instead of raising something unexpected: a FIFO, a
folder named *.md, a 2 GB file or a UTF-16 file each cost that file only.
"""

from __future__ import annotations

import errno
import os
import stat

# The archive's files are a few KB; anything this big is not an article.
MAX_FILE_BYTES = 4 * 1024 * 1024


class UnreadableError(Exception):
    """The file can't be read; the message is the one-line reason."""


class NotTextError(ValueError):
    """The bytes are not UTF-8 text; the message is the one-line reason."""


def too_large_reason(size: int) -> str:
    return f"too large ({size / 1048576:.1f} MB; articles are at most 4 MB)"


def read_article_bytes(path: str) -> bytes:
    """The file's bytes (at most MAX_FILE_BYTES), or UnreadableError saying why not."""
    try:
        # O_NONBLOCK: opening a FIFO named *.md must not hang the load waiting for a writer.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UnreadableError("file disappeared before it could be read") from None
    except PermissionError:
        raise UnreadableError("permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnreadableError("symlink loop") from None
        raise UnreadableError(f"cannot open: {exc.strerror or exc}") from None
    except ValueError:  # a NUL in the path
        raise UnreadableError("not a valid file name") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableError("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableError("not a regular file (a pipe, socket or device)")
        if info.st_size > MAX_FILE_BYTES:
            raise UnreadableError(too_large_reason(info.st_size))
        # Sized reads straight from the descriptor: a 4 MB buffer per small file is costly.
        # Up to one byte past the limit, so a file that grew after fstat is still too large.
        chunks: list[bytes] = []
        total = 0
        want = info.st_size + 1
        while total <= MAX_FILE_BYTES:
            chunk = os.read(descriptor, want)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            want = 1 << 20  # the file is longer than fstat said: read on in big steps
        return b"".join(chunks) if len(chunks) != 1 else chunks[0]
    except PermissionError:
        raise UnreadableError("permission denied") from None
    except IsADirectoryError:
        raise UnreadableError("is a directory, not a file") from None
    except OSError as exc:
        raise UnreadableError(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)


def decode_utf8(content: bytes) -> str:
    """UTF-8 text, or NotTextError with a reason that names the likely encoding."""
    if content.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise NotTextError("not UTF-8 text (it is UTF-32; save it as UTF-8)")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotTextError("not UTF-8 text (it is UTF-16; save it as UTF-8)")
    if b"\x00" in content:
        if _looks_like_utf16(content):
            raise NotTextError("not UTF-8 text (looks like UTF-16; save it as UTF-8)")
        raise NotTextError("binary file (contains NUL bytes)")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = content[exc.start]
        hint = "; maybe Latin-1 or Windows-1252" if byte >= 0x80 else ""
        raise NotTextError(
            f"not UTF-8 text (byte 0x{byte:02X} at offset {exc.start:,}{hint})"
        ) from None


def _looks_like_utf16(content: bytes) -> bool:
    # ASCII-heavy UTF-16 has a NUL in every other byte, on one side only.
    sample = content[:4096]
    half = max(len(sample) // 2, 1)
    even_nuls = sample[0::2].count(0) / half
    odd_nuls = sample[1::2].count(0) / half
    return max(even_nuls, odd_nuls) > 0.3 and min(even_nuls, odd_nuls) < 0.05
