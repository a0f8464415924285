"""The folders a build writes: refuse dangerous ones, mark our own, lock, swap, and explain disk errors.

A build deletes files in three places: the generated Markdown folder, the
staging folder it builds into and the old site it replaces. Each of those is a
folder the build created and marked with :data:`MARKER`; a folder without the
marker is never emptied. A generated or site folder that is, or lies inside,
``content/`` or ``locales/``, or that is the project root (or holds it), is
refused before anything is written, since a mistake in ``mkdocs.yml`` must
never cost the legal text.
"""

from __future__ import annotations

import errno
import getpass
import hashlib
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType

try:  # POSIX; on Windows concurrent builds are only kept apart by their own staging folders
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

#: An empty file that says "the notices build made this folder and may empty it".
MARKER = ".notices-owned"


class BuildFolderError(Exception):
    """A problem with a folder the build writes, told as ``path: error: message`` plus a hint."""

    def __init__(self, path: Path | str, message: str, hint: str) -> None:
        super().__init__(f"{path}: error: {message}\n  hint: {hint}")
        self.path, self.message, self.hint = str(path), message, hint


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def refuse_dangerous(folder: Path, role: str, setting: str, project: Path, protected: Iterable[Path]) -> None:
    """Refuse an output ``folder`` that is or lies inside a protected folder, or that holds the project.

    ``role`` names the folder for the message ("generated folder"), ``setting``
    the mkdocs.yml key that sets it.
    """
    folder, project = folder.resolve(), project.resolve()
    for guarded in (p.resolve() for p in protected):
        if _within(folder, guarded) or _within(guarded, folder):
            raise BuildFolderError(
                folder,
                f"the {role} is {guarded.name}/ or overlaps it; the build empties its {role}, "
                f"which would delete the files in {guarded.name}/",
                f"set {setting} in mkdocs.yml to a folder of its own, such as build/docs or site",
            )
    if _within(project, folder):
        raise BuildFolderError(
            folder,
            f"the {role} is the project folder (or holds it); the build empties its {role}",
            f"set {setting} in mkdocs.yml to a folder of its own inside the project, such as build/docs or site",
        )


def looks_like_old_site(folder: Path) -> bool:
    """A site built before folders were marked: MkDocs' own sitemap and 404 page are there."""
    return (folder / "sitemap.xml").is_file() and (folder / "404.html").is_file()


def claim(
    folder: Path, role: str, setting: str, accept: Callable[[Path], bool] | None = None, create: bool = True
) -> None:
    """Make ``folder`` ours: create it with the marker, or accept one that has it (or that ``accept`` allows).

    A folder that already holds files and no marker is refused: the build did
    not make it, so it will not empty it.
    """
    try:
        foreign = folder.is_dir() and not (folder / MARKER).exists() and any(folder.iterdir())
        if foreign and not (accept is not None and accept(folder)):
            raise BuildFolderError(
                folder,
                f"the {role} already holds files the build did not make, and the build empties its {role}",
                f"move those files away, or set {setting} in mkdocs.yml to a new folder",
            )
        if not create and not folder.exists():
            return  # site/ appears only when a build succeeds
        folder.mkdir(parents=True, exist_ok=True)
        (folder / MARKER).touch()
    except OSError as exc:
        raise disk_error(exc, folder) from None


def owned(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def remove_owned(folder: Path) -> None:
    """Delete ``folder`` only if it carries the marker."""
    if owned(folder):
        shutil.rmtree(folder, ignore_errors=True)


def disk_error(exc: OSError, path: Path) -> BuildFolderError:
    """A plain-words message for a failed write, naming the folder and what to do."""
    where = Path(exc.filename) if isinstance(exc.filename, str) else path
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return BuildFolderError(
            where,
            "the disk is full (or the file is too large to write); the site was left as it was",
            "free some disk space, then build again",
        )
    if code == errno.EROFS:
        return BuildFolderError(
            where, "this folder is on a read-only disk", "set site_dir in mkdocs.yml to a writable folder"
        )
    if code in (errno.EACCES, errno.EPERM):
        return BuildFolderError(
            where,
            "cannot write here (permission denied); the site was left as it was",
            "make the folder writable for your user, or set site_dir in mkdocs.yml to a folder you can write",
        )
    if code in (errno.ENOTDIR, errno.EEXIST):
        return BuildFolderError(
            where,
            "a file stands where the build needs a folder",
            "rename or move that file, or set site_dir in mkdocs.yml to another folder",
        )
    return BuildFolderError(where, f"cannot write: {exc.strerror or exc}", "check the folder exists and is writable")


def user_lock_dir() -> Path:
    """A folder of this user's own for lock files, so another account's leftovers never block:
    ``$XDG_RUNTIME_DIR/notices`` when there is one, else ``<temp>/notices-<user id>``, made private."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    uid = os.getuid() if hasattr(os, "getuid") else None
    if runtime and os.path.isdir(runtime):
        folder = Path(runtime) / "notices"
    else:
        folder = Path(tempfile.gettempdir()) / f"notices-{uid if uid is not None else getpass.getuser()}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError as exc:
        raise disk_error(exc, folder) from None
    if not stat.S_ISDIR(info.st_mode) or (uid is not None and info.st_uid != uid):
        raise BuildFolderError(
            folder,
            "the folder for this user's lock files is not a folder of this user account (another account, or a "
            "link, made it)",
            f"delete {folder} (as its owner or an administrator), or set TMPDIR to a folder of your own",
        )
    return folder


def hold_lock(path: Path, on_wait: Callable[[], None] | None = None, timeout: float = 1800.0) -> int | None:
    """An exclusive kernel file lock on ``path`` (waiting for another holder): its descriptor, or None on
    timeout. It goes away with the process, so a crash never leaves a lock behind; close it to release."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise disk_error(exc, path.parent) from None
    if fcntl is None:  # pragma: no cover
        return fd
    deadline = time.monotonic() + timeout
    waited = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if not waited and on_wait is not None:
                on_wait()
            waited = True
            if time.monotonic() > deadline:
                os.close(fd)
                return None
            time.sleep(0.05)


#: Locks this process holds, by lock file: (descriptor, holders). A kernel file lock taken twice by one
#: process on two descriptors waits for itself, so a second holder in the same process shares the first.
_HELD: dict[Path, tuple[int, int]] = {}


class BuildLock:
    """An exclusive lock on one output folder, so two builds never write it at once.

    The second build waits for the first (saying so) instead of both writing
    half a site. The lock is a kernel file lock: it goes away with the process,
    so a build that crashed never leaves a lock behind.
    """

    def __init__(self, target: Path, on_wait: Callable[[], None] | None = None) -> None:
        self.target = target
        # Outside the project (nothing to clean up, nothing for git to see), in this user's own folder.
        self.digest = hashlib.sha256(str(target.resolve()).encode()).hexdigest()[:16]
        self.on_wait = on_wait
        self._fd: int | None = None

    @property
    def path(self) -> Path:
        return user_lock_dir() / f"build-{self.target.name}-{self.digest}.lock"

    def acquire(self, timeout: float = 1800.0) -> None:
        if self._fd is not None:
            return
        path = self.path
        held = _HELD.get(path)
        if held is not None:  # this process holds it already (static-i18n builds every language in one process)
            _HELD[path] = (held[0], held[1] + 1)
            self._fd = held[0]
            return
        fd = hold_lock(path, self.on_wait, timeout)
        if fd is None:
            raise BuildFolderError(
                self.target, "another build of this site is still running", "wait for it to finish, then build again"
            )
        _HELD[path] = (fd, 1)
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        path = self.path
        fd, count = _HELD.pop(path, (self._fd, 1))
        if count > 1:
            _HELD[path] = (fd, count - 1)
        else:
            os.close(fd)  # closing the descriptor releases the lock
        self._fd = None

    def __enter__(self) -> BuildLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


def new_staging(final: Path) -> Path:
    """A fresh, marked folder beside ``final`` for one build only (two builds never share one)."""
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))
        (staging / MARKER).touch()
    except OSError as exc:
        raise disk_error(exc, final.parent) from None
    return staging


def sweep_leftovers(final: Path) -> None:
    """Remove staging and old-site folders that a killed build left beside ``final`` (call under the lock)."""
    if not final.parent.is_dir():
        return
    for path in final.parent.glob(f".{final.name}.*"):
        if not path.is_dir():
            continue
        legacy = path.name == f".{final.name}.old" and looks_like_old_site(path)
        if owned(path) or legacy:
            shutil.rmtree(path, ignore_errors=True)


def swap_in(staging: Path, final: Path) -> None:
    """Put the finished build in place of ``final``; on any failure ``final`` stays as it was.

    The old site is moved to a uniquely named folder first, so a leftover from
    an interrupted swap can never block the next build.
    """
    old = final.with_name(f".{final.name}.old-{os.getpid()}-{time.monotonic_ns()}")
    moved = False
    try:
        if final.exists():
            final.replace(old)
            moved = True
        staging.replace(final)
    except OSError as exc:
        if moved and not final.exists():
            old.replace(final)
        raise disk_error(exc, final) from None
    if moved:
        shutil.rmtree(old, ignore_errors=True)


def write_if_different(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` through a temporary file unless it already holds it; True when written.

    Watchers (``mkdocs serve``, ``notices serve``) rebuild on every write, so an unchanged file is not touched.
    """
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True
