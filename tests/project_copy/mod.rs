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

/// Runs the `reputable` binary with `args` (in `dir` when given): its exit
/// code (-1 when a signal ended it), standard output and standard error.
pub fn reputable_in(dir: Option<&Path>, args: &[&str]) -> (i32, String, String) {
    let mut cmd = assert_cmd::Command::cargo_bin("reputable").unwrap();
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    let out = cmd.args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `reputable_in` the current folder.
pub fn reputable(args: &[&str]) -> (i32, String, String) {
    reputable_in(None, args)
}

/// The names in `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}
