//! Copies of fixture projects in temp folders, for the tests that build,
//! serve or check a whole project.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub const FIXTURE: &str = "tests/fixtures/sites/riverside";

/// Copies the folder `from` into `to`, in a fixed order.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).sort_by_file_name() {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A temp dir holding a copy of the fixture project as `proj/`.
pub fn workspace() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("proj");
    copy_dir(Path::new(FIXTURE), &proj);
    (tmp, proj)
}

/// A new project made by `reputable init` in `tmp/practice`.
pub fn init_project(tmp: &Path) -> PathBuf {
    let proj = tmp.join("practice");
    let out = assert_cmd::Command::cargo_bin("reputable")
        .unwrap()
        .args(["init", proj.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    proj
}
