"""Warnings for a database on a network share or in a cloud-synced folder."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import pytest

from eunato_desk.core.storage.location import (
    cloud_provider,
    is_unc_path,
    parse_bsd_mount_output,
    parse_mounts,
    storage_warning,
)

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw 0 0
server:/export/home /mnt/home nfs4 rw,vers=4.2 0 0
//nas/team /mnt/team\\040share cifs rw 0 0
user@host:/data /mnt/ssh fuse.sshfs rw 0 0
/dev/sdb1 /mnt/home/local ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "fs_type"),
    [
        ("/mnt/home/anna/desk.sqlite3", "nfs4"),
        ("/mnt/team share/desk.sqlite3", "cifs"),
        ("/mnt/ssh/desk.sqlite3", "fuse.sshfs"),
    ],
)
def test_a_database_on_a_network_file_system_gets_a_warning(path: str, fs_type: str) -> None:
    warning = storage_warning(Path(path), mounts=parse_mounts(MOUNTS))
    assert warning is not None
    assert path in warning
    assert f"network file system ({fs_type})" in warning
    assert "this computer's own disk" in warning


@pytest.mark.parametrize(
    "path", ["/home/anna/desk.sqlite3", "/tmp/desk.sqlite3", "/mnt/home/local/desk.sqlite3"]
)
def test_a_database_on_a_local_disk_gets_none(path: str) -> None:
    assert storage_warning(Path(path), mounts=parse_mounts(MOUNTS)) is None


def test_the_real_mount_table_is_read(tmp_path: Path) -> None:
    # The test folder is on this machine's own disk in CI and on developers' machines.
    assert storage_warning(tmp_path / "desk.sqlite3") is None


@pytest.mark.parametrize(
    ("path", "provider"),
    [
        ("/home/anna/Dropbox/work/desk.sqlite3", "Dropbox"),
        ("/home/anna/Dropbox (Personal)/desk.sqlite3", "Dropbox"),
        ("/home/anna/OneDrive/desk.sqlite3", "OneDrive"),
        ("/home/anna/OneDrive - Council/Desk/desk.sqlite3", "OneDrive"),
        ("/home/anna/Google Drive/desk.sqlite3", "Google Drive"),
        ("/Users/anna/Library/Mobile Documents/com~apple~CloudDocs/desk.sqlite3", "iCloud Drive"),
        ("/Users/anna/Library/CloudStorage/GoogleDrive-anna@example.org/My Drive/d.sqlite3",
         "Google Drive"),
        ("/Users/anna/Library/CloudStorage/OneDrive-Council/d.sqlite3", "OneDrive"),
    ],
)  # fmt: skip
def test_a_database_in_a_cloud_synced_folder_gets_a_warning(path: str, provider: str) -> None:
    assert cloud_provider(Path(path)) == provider
    warning = storage_warning(Path(path), mounts=[])
    assert warning is not None
    assert f"inside a {provider} folder" in warning


def test_windows_paths_are_recognised() -> None:
    assert is_unc_path(r"\\server\share\desk.sqlite3")
    assert is_unc_path(r"\\?\UNC\server\share\desk.sqlite3")
    assert is_unc_path("//server/share/desk.sqlite3")
    assert not is_unc_path(r"C:\Users\anna\desk.sqlite3")
    assert not is_unc_path(r"\\?\C:\Users\anna\desk.sqlite3")
    onedrive = PureWindowsPath(r"C:\Users\anna\OneDrive - Council\Documents\desk.sqlite3")
    assert cloud_provider(onedrive) == "OneDrive"
    assert cloud_provider(PureWindowsPath(r"C:\Users\anna\Documents\desk.sqlite3")) is None
    warning = storage_warning(Path(r"\\server\share\desk.sqlite3"))
    assert warning is not None and "network share" in warning


def test_a_file_named_like_a_service_is_not_a_synced_folder() -> None:
    assert cloud_provider(Path("/home/anna/data/dropbox.sqlite3")) is None


def test_macos_mount_output_is_parsed() -> None:
    text = (
        "/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
        "//anna@nas._smb._tcp.local/Team on /Volumes/Team (smbfs, nodev, nosuid, mounted by anna)\n"
    )
    mounts = parse_bsd_mount_output(text)
    assert mounts == [("/", "apfs"), ("/Volumes/Team", "smbfs")]
    warning = storage_warning(Path("/Volumes/Team/desk.sqlite3"), mounts=mounts)
    assert warning is not None and "(smbfs)" in warning
