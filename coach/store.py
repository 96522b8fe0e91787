"""User files: where they live, and reading and writing them safely.

Follows shared/conventions.md ("Where things live", "User files"). Pure Python on purpose: no
Textual or Rich here, so the CLI and tests can use it cheaply. Every failure becomes a StoreError
whose str() is a one-line message fit to show a user.
"""

from __future__ import annotations

import contextlib
import enum
import os
import re
import shutil
import stat
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from coach import paths

if TYPE_CHECKING:  # tomllib, tomlkit, tomli-w load on first use: `coach check` may need none
    import tomllib

    import tomlkit

FORMAT_VERSION: Final = 1
MAX_FILE_BYTES: Final = 16 * 1024 * 1024
BACKUP_COUNT: Final = 5
_SLUG_RE: Final = re.compile(r"[a-z0-9-]{1,64}")
# tomllib on 3.11 only puts the position in the message text.
_AT_LINE_RE: Final = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_AT_END_RE: Final = re.compile(r"\s*\(at end of document\)$")


class StoreError(Exception):
    """A user file could not be read or written; str() is a one-line message for the user."""


class TomlFileError(StoreError):
    """A file's content is unusable (does not parse, not UTF-8, too large)."""

    def __init__(
        self, path: Path, message: str, line: int | None = None, col: int | None = None
    ) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line
        self.col = col

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.message}"


# --- paths -------------------------------------------------------------------------------------


def _private_dir(path: Path) -> Path:
    """Create `path` and any missing parents as 0700 (chmod too: the umask filters mkdir's mode)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    try:
        for directory in reversed(missing):
            with contextlib.suppress(FileExistsError):  # another coach got there first
                directory.mkdir(mode=0o700)
                os.chmod(directory, 0o700)
    except OSError as exc:
        raise StoreError(f"cannot create directory {path}: {_reason(exc)}") from exc
    if not path.is_dir():
        raise StoreError(f"{path} exists but is not a directory")
    return path


def _env_dir(var: str, default: str) -> Path:
    value = os.environ.get(var, "")
    return _private_dir(Path(value).expanduser() if value else Path(default))


def coach_home() -> Path:
    return _env_dir("COACH_HOME", paths.platform_data_dir())


def cache_dir() -> Path:
    """Self-test results and the like; safe to delete at any time."""
    return _env_dir("COACH_CACHE", paths.platform_cache_dir())


def config_path() -> Path:
    return coach_home() / "config.toml"


def personal_path() -> Path:
    return coach_home() / "personal.toml"


def state_path() -> Path:
    return coach_home() / "state.toml"


def sessions_dir() -> Path:
    return _private_dir(coach_home() / "sessions")


def exports_dir() -> Path:
    """Where the app writes exports unless told otherwise (private, like the sessions)."""
    return _private_dir(coach_home() / "exports")


def validate_session_name(name: str) -> str:
    if not isinstance(name, str) or not _SLUG_RE.fullmatch(name):
        raise StoreError(
            f"session name {_quote(name)} is not allowed: "
            "use 1-64 lowercase letters, digits or hyphens"
        )
    return name


def session_path(name: str) -> Path:
    return sessions_dir() / f"{validate_session_name(name)}.toml"


def slugify(text: str) -> str:
    """ "Dr. Lee's Offers!" -> "dr-lees-offers"; always a valid session name."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    plain = plain.lower().replace("'", "")  # "Lee's" -> "lees", not "lee-s"
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:64].strip("-")
    return slug or "session"


def _quote(value: object) -> str:
    # Escape control characters so a hostile name cannot restyle the terminal.
    text = str(value)
    text = text if len(text) <= 70 else text[:67] + "..."
    shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
    return f'"{shown}"'


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


# --- reading -----------------------------------------------------------------------------------


# The records here are NamedTuples, not frozen dataclasses: this module loads before the app's
# first frame, where defining a frozen dataclass costs ~0.8 ms and a NamedTuple ~0.13 ms.
class Fingerprint(NamedTuple):
    mtime_ns: int
    size: int
    sha256: str


def _same_content(a: Fingerprint | None, b: Fingerprint | None) -> bool:
    # mtime alone misses edits within the clock's resolution, so compare content.
    if a is None or b is None:
        return a is b
    return a.size == b.size and a.sha256 == b.sha256


def fingerprint(path: Path) -> Fingerprint | None:
    import hashlib  # here, not at the top: OpenSSL loads in ~2 ms, before the app's first frame

    try:
        # O_NONBLOCK and a regular file only: a FIFO or a device put in its place cannot hang us
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise StoreError(f"{path} is not a regular file; coach reads and writes only files")
            digest = hashlib.file_digest(f, "sha256")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {_reason(exc)}") from exc
    return Fingerprint(st.st_mtime_ns, st.st_size, digest.hexdigest())


def _read_bytes(path: Path) -> tuple[bytes, Fingerprint] | None:
    """The file's bytes, or None when it does not exist; refuses huge and special files
    (through the one bounded reader, paths.read_limited: a FIFO or /dev/zero cannot hang it)."""
    try:
        data = paths.read_limited(path, MAX_FILE_BYTES)
        mtime_ns = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return None
    except paths.FileRefused as exc:
        if exc.size is not None:
            raise TomlFileError(path, str(exc)) from None
        raise StoreError(f"{path}: {exc}") from None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {_reason(exc)}") from exc
    import hashlib  # see fingerprint

    return data, Fingerprint(mtime_ns, len(data), hashlib.sha256(data).hexdigest())


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8")) + 1
        raise TomlFileError(
            path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8", line, col
        ) from None
    return text.removeprefix("\ufeff")  # a BOM some Windows editors add


def _toml_error(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> TomlFileError:
    message = getattr(exc, "msg", None) or str(exc)
    line, col = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    if match := _AT_LINE_RE.search(message):
        message = message[: match.start()]
        if line is None:
            line, col = int(match[1]), int(match[2])
    elif match := _AT_END_RE.search(message):
        message = message[: match.start()] + " at end of file"
        if line is None:
            line, col = text.count("\n") + 1, len(text) - text.rfind("\n")
    return TomlFileError(path, message, line, col)


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    import tomllib

    from coach import toml_safe

    try:
        return toml_safe.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, text, exc) from None


def read_text(path: Path) -> tuple[str, Fingerprint]:
    got = _read_bytes(Path(path))
    if got is None:
        raise StoreError(f"{path} does not exist")
    return _decode(Path(path), got[0]), got[1]


def read_toml(path: Path) -> tuple[dict[str, Any], Fingerprint]:
    text, fp = read_text(path)
    return _parse_toml(Path(path), text), fp


# --- writing -----------------------------------------------------------------------------------


class _Unset(enum.Enum):
    UNSET = enum.auto()


UNSET: Final = _Unset.UNSET


class WriteResult(NamedTuple):
    path: Path  # where our text went: the file itself, or a conflict file beside it
    conflict: bool
    message: str


def backup_path(path: Path, n: int) -> Path:
    return path.with_name(f"{path.name}.{n}")


def _rotate_backups(path: Path, temp: paths.TempFile) -> None:
    """Keep what is about to be replaced as NAME.1, NAME.1 as NAME.2 and so on; touches only
    backups, never the file.

    Oldest first, each step puts a whole copy of a file under one of the writer's temp names and
    renames it onto the next number. So a kill at any instant leaves every backup a whole earlier
    version and the numbers without a gap; at worst two neighbours are equal, which the next save
    shifts on.
    """
    if not _is_plain_file(path):
        return
    for n in range(BACKUP_COUNT - 1, 0, -1):
        if _is_plain_file(backup_path(path, n)):  # a link or FIFO planted as a backup: skipped
            _replace_with_copy(backup_path(path, n), backup_path(path, n + 1), temp.part(n + 1))
    _replace_with_copy(path, backup_path(path, 1), temp.part(1))


def _is_plain_file(path: Path) -> bool:
    """A regular file itself, not a symlink to one (never followed, never read through)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _replace_with_copy(src: Path, dst: Path, tmp: str) -> None:
    """Make `dst` a whole copy of `src` in one rename, through `tmp` (a temp name of this save)."""
    with contextlib.suppress(OSError):
        if os.path.samefile(src, dst):
            return  # a save killed after this step left them equal: nothing to do
    st = os.lstat(src)
    if st.st_nlink > 1 or (hasattr(os, "geteuid") and st.st_uid != os.geteuid()):
        # Linked elsewhere too, or another user's: a hard link and a chmod would reach that
        # file (as root, change its mode); a copy of our own instead.
        _copy_file(src, tmp)
    else:
        _link_backup(src, tmp)
    os.replace(tmp, dst)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)  # a rename between two links to one file leaves both names


def _link_backup(src: Path, tmp: str) -> None:
    try:
        os.link(src, tmp, follow_symlinks=False)  # nothing is copied; the backup keeps its mtime
    except OSError:  # no hard links on this file system (FAT, some network shares)
        _copy_file(src, tmp)
    else:
        try:
            if stat.S_IMODE(os.stat(tmp).st_mode) != 0o600:
                os.chmod(tmp, 0o600)  # src is about to be replaced or overwritten anyway
        except OSError:  # not ours to chmod (made by another user): a copy of our own then
            os.unlink(tmp)
            _copy_file(src, tmp)


def _copy_file(src: Path, tmp: str) -> None:
    fd = paths.new_private_file(tmp)
    nofollow = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    with open(fd, "wb") as dst, open(os.open(src, nofollow), "rb") as source:
        shutil.copyfileobj(source, dst)
        dst.flush()
        os.fsync(dst.fileno())


def _atomic_replace(path: Path, data: bytes, *, backups: bool, family: Path | None = None) -> None:
    """Write `data` whole to a temp file beside `path` and fsync it; only then rotate the
    backups and rename the temp file onto `path`.

    Temp files are named after `family` (default `path`): a conflict file's are named after the
    file it stands beside, so that file's next save removes them if this one is killed.
    """
    family = family or path
    try:
        paths.remove_stale_temps(path.parent, family.name)
        temp = paths.TempFile(str(path.parent), family.name)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {_reason(exc)}") from exc
    try:
        temp.write(data, fsync=True)
        if backups:
            _rotate_backups(path, temp)
        os.replace(temp.path, path)
    except BaseException as exc:
        temp.discard()
        if isinstance(exc, OSError):
            raise StoreError(f"cannot write {path}: {_reason(exc)}; it was left as it was") from exc
        raise
    finally:
        temp.close()
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    # Makes the rename durable; not possible on every platform, hence best effort.
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _save_beside(path: Path, text: str, reason: str) -> WriteResult:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    beside = path.with_name(f"{path.stem}.conflict-{stamp}{path.suffix}")
    counter = 2
    while beside.exists():
        beside = path.with_name(f"{path.stem}.conflict-{stamp}-{counter}{path.suffix}")
        counter += 1
    _atomic_replace(beside, text.encode("utf-8"), backups=False, family=path)
    return WriteResult(beside, True, f"{reason}; your version was saved as {beside}")


def _target(path: Path) -> Path:
    """The file to write; StoreError when it is a symbolic link or not a regular file.

    Never written through: a link planted where a session, an export or the config goes could
    point at any file (run as root, another user's). The temp file beside it is created with
    O_EXCL|O_NOFOLLOW under a random name and renamed onto the path, which replaces a link
    planted after this check rather than following it."""
    path = Path(path).expanduser()
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {_reason(exc)}") from exc
    if stat.S_ISLNK(st.st_mode):
        raise StoreError(
            f"{path} is a symbolic link; coach does not write through links "
            "(replace it with the file itself); nothing was written"
        )
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(f"{path} is not a regular file; nothing was written")
    return path


def atomic_write_text(
    path: Path, text: str, *, expected: Fingerprint | _Unset | None = UNSET
) -> WriteResult:
    """Write atomically with backups; `expected` is the fingerprint from when it was read."""
    path = _target(path)
    if not isinstance(expected, _Unset) and not _same_content(fingerprint(path), expected):
        return _save_beside(path, text, f"{path} changed on disk since it was read")
    _atomic_replace(path, text.encode("utf-8"), backups=True)
    return WriteResult(path, False, f"saved {path}")


def atomic_write_toml_text(
    path: Path,
    text: str,
    *,
    expected: Fingerprint | _Unset | None = UNSET,
    checked: bool = False,
) -> WriteResult:
    """As atomic_write_text, but never writes invalid TOML nor over a file that fails to parse,
    nor a file larger than coach reads back (MAX_FILE_BYTES).

    ``checked``: the caller has made sure ``text`` parses (coach.session checks its own text
    piece by piece: parsing a session of thousands of attempts whole takes seconds). The file
    on disk is parsed only when it is not the one last read or written (``expected``)."""
    import tomllib

    path = _target(path)
    data = text.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise StoreError(
            f"{path} was not saved: it would be {len(data):,} bytes, and coach refuses to read "
            f"files over 16 MiB ({MAX_FILE_BYTES:,} bytes); the file was left as it was"
        )
    if not checked:
        from coach import toml_safe

        try:
            toml_safe.loads(text)  # what coach would not read back is not written
        except tomllib.TOMLDecodeError as exc:
            raise StoreError(
                f"{path} was not written: the new text is not valid TOML "
                f"({_toml_error(Path('new text'), text, exc)})"
            ) from None
    known = isinstance(expected, Fingerprint) and _same_content(fingerprint(path), expected)
    if not known:  # it parsed when read or written; anything else may not
        try:
            current = _read_bytes(path)
            if current is not None:
                _parse_toml(path, _decode(path, current[0]))
        except TomlFileError as exc:
            return _save_beside(path, text, f"{exc}; the file was left untouched for you to fix")
    return atomic_write_text(path, text, expected=expected)


def _drop_none(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_drop_none(v) for v in value if v is not None]
    return value


def dump_program_toml(data: Mapping[str, Any]) -> str:
    """TOML for files only coach writes: format_version first, None (unknown) values omitted."""
    cleaned = _drop_none(data)
    version = cleaned.pop("format_version", FORMAT_VERSION)
    return dump_toml_fragment({"format_version": version, **cleaned})


def dump_toml_fragment(data: Mapping[str, Any]) -> str:
    """TOML for part of a file coach writes (no format_version added); None values omitted."""
    cleaned = _drop_none(data)
    try:
        import tomli_w

        # A parser reads a line break inside a multi-line string as "\n", so text holding "\r"
        # (pasted from Windows) is written escaped on one line to come back exactly as typed.
        multiline = not _any_string(cleaned, lambda v: "\r" in v)
        return tomli_w.dumps(cleaned, multiline_strings=multiline)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"internal error: cannot save this data as TOML: {exc}") from exc


def _any_string(value: Any, test: Callable[[str], bool]) -> bool:
    if isinstance(value, str):
        return test(value)
    if isinstance(value, Mapping):
        return any(_any_string(v, test) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_any_string(v, test) for v in value)
    return False


def write_private_text(path: Path, text: str) -> WriteResult:
    """Exports (Markdown plans): atomic, 0600, with backups."""
    return atomic_write_text(path, text)


# --- config.toml -------------------------------------------------------------------------------


@dataclass
class Config:
    program_packs: list[Path] = field(default_factory=list)
    theme: str = "textual-dark"
    live_flags: bool = True
    keymap: dict[str, str] = field(default_factory=dict)


_CONFIG_KEYS: Final = ("format_version", "program_packs", "theme", "live_flags", "keymap")


def _key_position(text: str, key: str, table: str = "") -> tuple[int | None, int | None]:
    """Where `key = ...` sits in `table` ("" = top level); tomllib gives no positions."""
    current = ""
    key_re = re.compile(rf"""\s*(["']?){re.escape(key)}\1\s*=""")
    for number, line in enumerate(text.splitlines(), start=1):
        if header := re.match(r"\s*\[\s*([^\[\]]+?)\s*\]", line):
            current = header[1].strip("\"'")
        elif current == table and (match := key_re.match(line)):
            return number, match.start(1) + 1
    return None, None


def load_config() -> tuple[Config, list[str]]:
    """The config plus warnings (`path:line:col: message`); a bad config never raises."""
    config = Config()
    try:
        path = config_path()
        got = _read_bytes(path)
        if got is None:
            return config, []
        text = _decode(path, got[0])
        data = _parse_toml(path, text)
    except StoreError as exc:
        return config, [f"{exc}; using the default settings"]

    warnings: list[str] = []

    def warn(key: str, message: str, table: str = "") -> None:
        warnings.append(str(TomlFileError(path, message, *_key_position(text, key, table))))

    for key, value in data.items():
        if key == "format_version":
            if value != FORMAT_VERSION:
                warn(key, f"format_version {value!r} is not known to this coach; reading anyway")
        elif key == "program_packs":
            if not isinstance(value, list):
                warn(key, 'program_packs should be a list of paths, e.g. ["~/packs/mine.toml"]')
                continue
            for item in value:
                if isinstance(item, str) and item:
                    pack = Path(item).expanduser()
                    config.program_packs.append(pack if pack.is_absolute() else path.parent / pack)
                else:
                    warn(key, f"program_packs entry {item!r} is not a path; ignored")
        elif key == "theme":
            if isinstance(value, str) and value:
                config.theme = value
            else:
                warn(key, f"theme should be a name in quotes, not {value!r}; using the default")
        elif key == "live_flags":
            if isinstance(value, bool):
                config.live_flags = value
            else:
                warn(key, f"live_flags should be true or false, not {value!r}; using true")
        elif key == "keymap":
            if not isinstance(value, dict):
                warn(key, 'keymap should be a table: [keymap] with lines like quit = "ctrl+q"')
                continue
            for binding, keys in value.items():
                if isinstance(keys, str):
                    config.keymap[binding] = keys
                else:
                    warn(binding, f"keymap.{binding} should be keys in quotes; ignored", "keymap")
        else:
            import difflib

            close = difflib.get_close_matches(key, _CONFIG_KEYS, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            warn(key, f'unknown key "{key}"{hint}; ignored')
    return config, warnings


# --- files the user edits by hand (tomlkit keeps their comments) ------------------------------


def _load_document(path: Path) -> tuple[tomlkit.TOMLDocument, Fingerprint | None]:
    """The file as a tomlkit document (a new one holding format_version when it does not exist);
    TomlFileError when it does not parse."""
    import tomlkit
    import tomlkit.exceptions

    got = _read_bytes(path)
    if got is None:
        doc = tomlkit.document()
        doc.add("format_version", FORMAT_VERSION)
        return doc, None
    text = _decode(path, got[0])
    _parse_toml(path, text)  # tomllib first: its messages and positions are the ones we document
    try:
        return tomlkit.parse(text), got[1]
    except tomlkit.exceptions.ParseError as exc:
        raise TomlFileError(path, str(exc).split(" at line ")[0], exc.line, exc.col + 1) from None
    except tomlkit.exceptions.TOMLKitError as exc:
        raise TomlFileError(path, str(exc)) from None


def _save_document(
    path: Path, doc: tomlkit.TOMLDocument, expected: Fingerprint | None
) -> WriteResult:
    import tomlkit

    text = tomlkit.dumps(doc)
    if "format_version" not in doc:
        text = f"format_version = {FORMAT_VERSION}\n{text}"
    return atomic_write_toml_text(path, text, expected=expected)


def load_personal_document() -> tuple[tomlkit.TOMLDocument, Fingerprint | None]:
    return _load_document(personal_path())


def save_personal_document(doc: tomlkit.TOMLDocument, expected: Fingerprint | None) -> WriteResult:
    return _save_document(personal_path(), doc, expected)


def save_config_value(key: str, value: bool | str) -> WriteResult:
    """Set one top-level key of config.toml, keeping the user's comments and other keys.

    Raises TomlFileError when config.toml does not parse (it is then left exactly as it is) and
    StoreError when it cannot be read or written.
    """
    if key not in ("theme", "live_flags"):  # the lists and tables stay the user's to edit
        raise ValueError(f"{key} is not a config.toml setting coach writes")
    path = config_path()
    doc, expected = _load_document(path)
    doc[key] = value
    return _save_document(path, doc, expected)


# --- state.toml (program-owned) ----------------------------------------------------------------


def _read_state() -> dict[str, Any]:
    try:
        path = state_path()
        got = _read_bytes(path)
        return {} if got is None else _parse_toml(path, _decode(path, got[0]))
    except StoreError:
        return {}  # the state is a convenience; a broken one must not stop the app


def last_session() -> str | None:
    name = _read_state().get("last_session")
    return name if isinstance(name, str) and _SLUG_RE.fullmatch(name) else None


def remember_last_session(name: str) -> WriteResult:
    state = _read_state()
    state["last_session"] = validate_session_name(name)
    return atomic_write_toml_text(state_path(), dump_program_toml(state))


# --- sessions ----------------------------------------------------------------------------------


class SessionInfo(NamedTuple):
    name: str
    path: Path
    modified: datetime
    parses: bool


def list_sessions() -> list[SessionInfo]:
    """Newest first; backups, conflict and temp files are skipped (their stems are not slugs)."""
    found: list[tuple[int, SessionInfo]] = []
    directory = sessions_dir()
    try:
        entries = list(directory.iterdir())
    except OSError as exc:
        raise StoreError(f"cannot list {directory}: {_reason(exc)}") from exc
    for entry in entries:
        if entry.suffix != ".toml" or not _SLUG_RE.fullmatch(entry.stem):
            continue
        try:
            st = entry.stat()
            if not stat.S_ISREG(st.st_mode):
                continue
            got = _read_bytes(entry)
            if got is None:
                continue
            _parse_toml(entry, _decode(entry, got[0]))
            parses = True
        except TomlFileError:
            parses = False
        except (OSError, StoreError):
            continue
        modified = datetime.fromtimestamp(st.st_mtime).astimezone()
        found.append((st.st_mtime_ns, SessionInfo(entry.stem, entry, modified, parses)))
    found.sort(key=lambda item: (-item[0], item[1].name))
    return [info for _, info in found]


class ConflictFile(NamedTuple):
    session: str  # the session it stands beside
    path: Path
    modified: datetime


_CONFLICT_RE: Final = re.compile(r"([a-z0-9-]{1,64})\.conflict-[0-9]{8}-[0-9]{6}(?:-[0-9]+)?\.toml")


def list_conflicts() -> list[ConflictFile]:
    """The conflict files in the sessions folder (``NAME.conflict-<stamp>.toml``: a save that
    found the session changed on disk), newest first; they are listed beside the sessions so that
    a version kept there is not forgotten. Regular files only (links and FIFOs are skipped)."""
    directory = sessions_dir()
    try:
        entries = list(directory.iterdir())
    except OSError as exc:
        raise StoreError(f"cannot list {directory}: {_reason(exc)}") from exc
    found: list[tuple[int, ConflictFile]] = []
    for entry in entries:
        match = _CONFLICT_RE.fullmatch(entry.name)
        if match is None:
            continue
        try:
            st = os.lstat(entry)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            modified = datetime.fromtimestamp(st.st_mtime).astimezone()
            found.append((st.st_mtime_ns, ConflictFile(match[1], entry, modified)))
    found.sort(key=lambda item: (-item[0], item[1].path.name))
    return [info for _, info in found]
