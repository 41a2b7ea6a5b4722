"""Is the database somewhere SQLite cannot keep it safe? Network shares and cloud-synced folders.

SQLite relies on the local file system's locks and write ordering. On a network share
(NFS, SMB/CIFS, SSHFS...) locks may be ignored and writes reordered; a sync client (OneDrive,
Dropbox, Google Drive, iCloud Drive...) copies the file while it is being written, uploads the
database without its ``-wal`` file, and can bring back an older copy or a "conflicted copy".
Either can corrupt the database or lose recent work. ``storage_warning`` returns a message to
show before creating or opening a database there (it never refuses: the user decides).
"""

from __future__ import annotations

import ntpath
import os
import sys
from collections.abc import Iterable
from pathlib import Path, PurePath

# Linux / BSD file-system types that live on another machine.
NETWORK_FS_TYPES = {
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "coda",
    "9p", "ceph", "glusterfs", "lustre", "gpfs", "davfs", "webdav", "sshfs", "fuse.sshfs",
    "fuse.rclone", "fuse.davfs2", "fuse.gvfsd-fuse", "fuse.s3fs", "fuse.gcsfuse",
    "fuse.google-drive-ocamlfuse", "fuse.onedriver", "fuse.glusterfs", "fuse.cephfs",
}  # fmt: skip

# Folder names used by sync clients (compared without regard to case).
CLOUD_FOLDERS = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
    "box sync": "Box",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "pcloud drive": "pCloud",
    "megasync": "MEGA",
    "sync.com": "Sync.com",
}
# Prefixes of folder names: "OneDrive - Contoso", "Dropbox (Personal)", macOS
# "~/Library/CloudStorage/GoogleDrive-name@example.org".
CLOUD_PREFIXES = {
    "onedrive - ": "OneDrive",
    "onedrive-": "OneDrive",
    "dropbox (": "Dropbox",
    "dropbox-": "Dropbox",
    "googledrive-": "Google Drive",
}

ADVICE = (
    "SQLite databases can be damaged or lose recent work there. Keep the database on this "
    "computer's own disk (backups may go to a shared or synced folder)."
)


def cloud_provider(path: PurePath) -> str | None:
    """The sync service whose folder contains the file ``path``, judged by folder names."""
    folders = [part.strip().lower() for part in path.parts[:-1]]
    for i, name in enumerate(folders):
        if name == "cloudstorage" and i + 1 < len(folders):  # macOS File Provider folders
            service = path.parts[i + 1].split("-", 1)[0]
            return CLOUD_FOLDERS.get(service.lower(), service)
    for name in folders:
        if name in CLOUD_FOLDERS:
            return CLOUD_FOLDERS[name]
        for prefix, provider in CLOUD_PREFIXES.items():
            if name.startswith(prefix):
                return provider
    return None


def is_unc_path(text: str) -> bool:
    r"""``\\server\share\...`` or ``//server/share/...`` (and ``\\?\UNC\...``)."""
    if text.startswith(("\\\\?\\UNC\\", "\\\\?\\unc\\")):
        return True
    if text.startswith(("\\\\?\\", "\\\\.\\")):
        return False
    drive, _ = ntpath.splitdrive(text)
    return drive.startswith(("\\\\", "//")) and len(drive) > 2


def parse_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, file-system type) pairs from ``/proc/mounts`` text."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            point = fields[1].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")
            mounts.append((point, fields[2].lower()))
    return mounts


def parse_bsd_mount_output(text: str) -> list[tuple[str, str]]:
    """(mount point, type) from macOS/BSD ``mount`` output: ``dev on /point (type, ...)``."""
    mounts = []
    for line in text.splitlines():
        if " on " not in line or " (" not in line:
            continue
        rest = line.split(" on ", 1)[1]
        point, _, options = rest.rpartition(" (")
        mounts.append((point, options.split(",", 1)[0].strip(" )").lower()))
    return mounts


def system_mounts() -> list[tuple[str, str]]:
    """The mount table of this machine; empty where it cannot be read."""
    if sys.platform.startswith("linux"):
        try:
            return parse_mounts(Path("/proc/mounts").read_text(encoding="utf-8"))
        except OSError:
            return []
    if sys.platform == "darwin" or "bsd" in sys.platform:
        import subprocess  # only here: it costs a few ms at every start elsewhere

        try:
            out = subprocess.run(
                ["mount"], capture_output=True, text=True, timeout=5, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        return parse_bsd_mount_output(out)
    return []


def network_fs_type(path: Path, mounts: Iterable[tuple[str, str]]) -> str | None:
    """The network file-system type of the mount holding ``path`` (the longest mount point
    that contains it), or None if that mount is local."""
    text = str(path)
    best, best_type = "", ""
    for point, fs_type in mounts:
        inside = text == point or text.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, best_type = point, fs_type
    if best_type in NETWORK_FS_TYPES or best_type.startswith("fuse.sshfs"):
        return best_type
    return None


def _windows_remote_drive(path: Path) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = ntpath.splitdrive(str(path))[0]
    if not drive:
        return False
    drive_remote = 4
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)  # type: ignore[attr-defined]


def _resolved(path: Path) -> Path:
    """The absolute path with symlinks resolved, for a file that may not exist yet."""
    try:
        return Path(os.path.realpath(path))
    except OSError:
        return Path(os.path.abspath(path))


def storage_warning(
    db_path: Path, *, mounts: Iterable[tuple[str, str]] | None = None
) -> str | None:
    """A message if the database is (or would be) on a network share or in a cloud-synced
    folder; None when it is on a local disk. ``mounts`` replaces the system mount table."""
    raw = str(db_path)
    if is_unc_path(raw):
        return f"{db_path} is on a network share. {ADVICE}"
    path = _resolved(Path(db_path))
    provider = cloud_provider(path) or cloud_provider(Path(raw))
    if provider:
        return (
            f"{db_path} is inside a {provider} folder, which is synchronised to the cloud. {ADVICE}"
        )
    if sys.platform == "win32":  # pragma: no cover - Windows only
        if is_unc_path(str(path)) or _windows_remote_drive(path):
            return f"{db_path} is on a network drive. {ADVICE}"
        return None
    fs_type = network_fs_type(path, system_mounts() if mounts is None else mounts)
    if fs_type:
        return f"{db_path} is on a network file system ({fs_type}). {ADVICE}"
    return None
