//! Whole builds of projects with hostile data: input that once crashed a
//! build. Each case is a regression test named after what went wrong.

mod project_copy;

use assert_cmd::Command;
use project_copy::init_project;

#[test]
fn thousands_of_huge_request_counts_do_not_overflow_the_monthly_sum() {
    let tmp = tempfile::tempdir().unwrap();
    let proj = init_project(tmp.path());
    // Each row is under the 10^15 a row may say; 20,000 of them are over
    // what a u64 holds.
    let mut csv = String::from("date,location,channel,sent\n");
    for _ in 0..20_000 {
        csv.push_str("2026-10-01,main-street,sms,999999999999999\n");
    }
    std::fs::write(proj.join("content/requests/requests.csv"), csv).unwrap();
    let out = Command::cargo_bin("reputable")
        .unwrap()
        .args(["build", "--root", proj.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let report = std::fs::read_to_string(proj.join("output/reports/2026-10/index.html")).unwrap();
    assert!(
        report.contains("18446744073709551615"),
        "the sum stops at the largest count"
    );
}
