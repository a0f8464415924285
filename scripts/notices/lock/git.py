"""The ``git`` command, read-only except for storing published bytes.

Every call runs ``git`` without a shell, with a timeout, in the C locale, and
never takes git's optional locks, so a check can run beside an editor or a
commit. Any failure (no git, not a repository, a timeout) reads as "no
history", never as a traceback; the caller decides what to say about it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 30  # seconds per git call; a lock's history is small


class GitError(Exception):
    """git could not be run or answered with an error."""


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # committer date, ISO 8601
    author: str
    subject: str
    parents: tuple[str, ...] = ()  # the nearest ancestors that touched the path (git's parent rewriting)

    @property
    def short(self) -> str:
        return self.sha[:10]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in ("GIT_CONFIG_NOSYSTEM",)}
    env.update(LC_ALL="C", GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0")
    return env


@dataclass(frozen=True)
class Repo:
    """A git work tree; paths given to its methods are absolute or relative to the cwd."""

    root: Path

    def run(self, args: Sequence[str], data: bytes | None = None) -> bytes:
        try:
            result = subprocess.run(
                ["git", "-C", str(self.root), *args],
                input=data,
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
                env=_env(),
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise GitError(f"git {args[0]}: {exc}") from None
        if result.returncode != 0:
            raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
        return result.stdout

    def rel(self, path: Path) -> str:
        """``path`` relative to the work tree, as git names it."""
        return Path(os.path.realpath(path)).relative_to(os.path.realpath(self.root)).as_posix()

    def log(self, path: Path) -> list[Commit]:
        """Commits that touched ``path``, and every merge, with their parents: parents before children.

        ``--parents`` rewrites each commit's parents to the nearest ones shown, so the
        result is the whole graph of ``path``'s history, every parent of every merge
        included; the order is only used to visit parents first, never to rank branches.
        """
        fmt = "--format=%H%x1f%cI%x1f%an%x1f%s%x1f%P%x1e"
        args = ["log", "--reverse", "--topo-order", "--full-history", "--parents", fmt, "--", self.rel(path)]
        commits = []
        for record in self.run(args).decode("utf-8", "replace").split("\x1e"):
            fields = record.strip("\n").split("\x1f")
            if len(fields) == 5:
                sha, day, author, subject, parents = fields
                commits.append(Commit(sha, day, author, subject, tuple(parents.split())))
        return commits

    def blob_ids(self, specs: Sequence[str]) -> list[str | None]:
        """The blob id each ``<commit>:<path>`` names (None: no such file there), in one ``--batch-check``."""
        if not specs:
            return []
        out = self.run(["cat-file", "--batch-check"], data="".join(s + "\n" for s in specs).encode("utf-8"))
        ids: list[str | None] = []
        for line in out.decode("utf-8", "replace").splitlines():
            fields = line.split(" ")
            ids.append(fields[0] if len(fields) == 3 and fields[1] == "blob" else None)
        if len(ids) != len(specs):
            raise GitError("git cat-file answered for fewer objects than asked")
        return ids

    def has_path(self, commit: str, rel: str) -> bool:
        """Whether ``rel`` is in ``commit``'s tree; an unreadable tree is a :class:`GitError`, not a no."""
        return bool(self.run(["ls-tree", "--name-only", commit, "--", rel]).strip())

    def tracking(self, path: Path) -> str:
        """'' when git tracks ``path``; else why not ("not tracked" or "listed in .gitignore")."""
        rel = self.rel(path)
        if self.run(["ls-files", "--cached", "--", rel]).strip():
            return ""
        try:
            self.run(["check-ignore", "-q", "--", rel])
        except GitError:
            return "not tracked by git (git add it and commit)"
        return "ignored by git (.gitignore lists it), so no clone has it"

    def read_many(self, specs: Sequence[str]) -> list[bytes | None]:
        """Objects named ``<commit>:<path>`` or by blob id, in one ``git cat-file --batch``."""
        if not specs:
            return []
        out = self.run(["cat-file", "--batch"], data="".join(s + "\n" for s in specs).encode("utf-8"))
        found: list[bytes | None] = []
        pos = 0
        for _ in specs:
            end = out.index(b"\n", pos)
            header = out[pos:end].split(b" ")
            pos = end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                found.append(out[pos : pos + size])
                pos += size + 1
            elif len(header) == 3:  # a tree or commit: skip its body
                pos += int(header[2]) + 1
                found.append(None)
            else:
                found.append(None)  # "<spec> missing" or ambiguous
        return found

    def head(self) -> str | None:
        try:
            return self.run(["rev-parse", "--verify", "--quiet", "HEAD"]).decode().strip() or None
        except GitError:
            return None

    def is_shallow(self) -> bool:
        try:
            return self.run(["rev-parse", "--is-shallow-repository"]).strip() == b"true"
        except GitError:
            return False

    def store(self, paths: Sequence[Path]) -> None:
        """Keep these files' bytes in git's object store, so they can be shown even before a commit."""
        if paths:
            self.run(["hash-object", "-w", "--no-filters", "--", *(str(p) for p in paths)])


def find_repo(path: Path) -> tuple[Repo | None, str]:
    """The work tree holding ``path``, or None and the reason in plain words."""
    if shutil.which("git") is None:
        return None, "git is not installed"
    probe = path if path.is_dir() else path.parent
    try:
        result = subprocess.run(
            ["git", "-C", str(probe), "rev-parse", "--show-toplevel"],
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
            env=_env(),
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"git could not run ({exc})"
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        if reason and "not a git repository" not in reason[0]:
            return None, reason[0].removeprefix("fatal: ")
        return None, "the folder is not in a git repository"
    return Repo(Path(result.stdout.decode("utf-8", "replace").strip())), ""
