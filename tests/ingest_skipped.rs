//! Every entry under the data folders is read or listed as skipped with
//! its reason (hidden files, notes, pipes, links, unreadable folders), and
//! a file that matches no format is counted in rows not read, in `check`
//! and `build` alike.

mod project_copy;

use assert_cmd::Command;
use project_copy::init_project;
use reputable::ingest::list_data;
use reputable::problems::Severity;
use std::path::Path;

const REVIEWS: &str = "platform,review_id,location,author,rating,posted_at,text\ngoogle,a1,Downtown,Jo,5,2026-03-04,Good.\n";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// (severity, file, reason) of each skipped entry, in order.
fn skipped(root: &Path) -> (Vec<String>, Vec<(Severity, String, String)>) {
    let (files, problems) = list_data(root);
    let files = files.into_iter().map(|(_, shown)| shown).collect();
    let problems = problems
        .into_iter()
        .map(|p| {
            assert_eq!(p.code, "skipped-file");
            (p.severity, p.file, p.message)
        })
        .collect();
    (files, problems)
}

#[cfg(unix)]
#[test]
fn entries_that_are_not_read_are_listed_with_their_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let reviews = root.join("content/reviews");
    write(&reviews.join("google.csv"), REVIEWS);
    write(
        &reviews.join("README.md"),
        "# Where these exports come from\n",
    );
    write(&reviews.join(".DS_Store"), "\0\0");
    write(&reviews.join(".old/reviews.csv"), REVIEWS);
    // A link to a file outside content is followed; one to nothing is not.
    write(&root.join("exports/yelp.csv"), REVIEWS);
    std::os::unix::fs::symlink(root.join("exports/yelp.csv"), reviews.join("linked.csv")).unwrap();
    std::os::unix::fs::symlink(root.join("gone.csv"), reviews.join("broken.csv")).unwrap();
    // A link to a folder above it would go round for ever.
    std::os::unix::fs::symlink(root.join("content"), reviews.join("circle")).unwrap();
    let fifo = reviews.join("pipe.csv");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let has_fifo = made.is_ok_and(|s| s.success());

    let (files, problems) = skipped(root);
    assert_eq!(
        files,
        ["content/reviews/google.csv", "content/reviews/linked.csv"]
    );
    let mut want = vec![
        (Severity::Notice, "content/reviews/.DS_Store", "hidden file"),
        (Severity::Notice, "content/reviews/.old", "hidden folder"),
        (
            Severity::Notice,
            "content/reviews/README.md",
            "notes beside the data",
        ),
        (
            Severity::Warning,
            "content/reviews/broken.csv",
            "does not exist",
        ),
        (
            Severity::Warning,
            "content/reviews/circle",
            "folder that holds it",
        ),
    ];
    if has_fifo {
        want.push((Severity::Warning, "content/reviews/pipe.csv", "named pipe"));
    }
    assert_eq!(problems.len(), want.len(), "{problems:#?}");
    for ((sev, file, msg), (want_sev, want_file, want_msg)) in problems.iter().zip(&want) {
        assert_eq!((sev, file.as_str()), (want_sev, *want_file));
        assert!(
            msg.starts_with("not read: ") && msg.contains(want_msg),
            "{msg}"
        );
    }
    if !has_fifo {
        eprintln!("note: mkfifo failed; the named pipe is not checked");
        return;
    }
    insta::assert_snapshot!(
        problems
            .iter()
            .map(|(s, f, m)| format!("{}: {f}: {m}", s.as_str()))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let locked = tmp.path().join("content/responses/2025");
    write(&locked.join("log.csv"), REVIEWS);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_ok() {
        // Running as root: every folder can be read.
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("note: folders cannot be made unreadable here (root?); skipping");
        return;
    }
    let (files, problems) = skipped(tmp.path());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(files.is_empty());
    assert_eq!(problems.len(), 1);
    let (sev, file, msg) = &problems[0];
    assert_eq!(
        (*sev, file.as_str()),
        (Severity::Error, "content/responses/2025")
    );
    assert!(msg.contains("cannot be read"), "{msg}");
}

#[test]
fn check_and_build_list_skipped_files_and_count_rows_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = init_project(tmp.path());
    let reviews = proj.join("content/reviews");
    write(&reviews.join("README.md"), "Exports from the front desk.\n");
    let mut export = String::from("Reviewer,Stars,Comment\n");
    for i in 0..228 {
        export.push_str(&format!("Patient {i},5,\"Kind, quick\"\n"));
    }
    write(&reviews.join("x.csv"), &export);
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("reputable")
            .unwrap()
            .args(args)
            .args(["--root", proj.to_str().unwrap()])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.code(), text)
    };
    let (code, text) = run(&["check"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("content/reviews/x.csv: 228 rows not read: no date column\n"),
        "{text}"
    );
    // Listed without --verbose, although a notice.
    assert!(
        text.contains("notice[skipped-file]: not read: notes beside the data")
            && text.contains("--> content/reviews/README.md"),
        "{text}"
    );
    let (code, text) = run(&["build"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("content/reviews/x.csv: 228 rows not read: no date column\n"),
        "{text}"
    );
    let site = std::fs::read_to_string(proj.join("output/data-quality/index.html")).unwrap();
    assert!(site.contains("skipped-file") && site.contains("content/reviews/README.md"));
    assert!(site.contains("228 rows not read"));
}
