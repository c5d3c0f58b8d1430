//! The data-quality page: every problem found in the data.

use crate::project::Project;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// `data-quality/index.html`.
pub fn data_quality(project: &Project) -> Value {
    // Most severe first, so the few warnings are not lost among hundreds of
    // notices; within a severity, in the order they were found (file, line).
    let mut sorted: Vec<&crate::problems::Problem> = project.data.problems.iter().collect();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.severity));
    let problems: Vec<Value> = sorted
        .into_iter()
        .map(|pr| {
            json!({
                "severity": pr.severity.as_str(),
                "code": pr.code,
                "place": pr.place(),
                "file": pr.file,
                "line": pr.line,
                "column": pr.column,
                "message": pr.message,
            })
        })
        .collect();
    let mut codes: BTreeMap<&str, u64> = BTreeMap::new();
    for pr in &project.data.problems {
        *codes.entry(pr.code).or_default() += 1;
    }
    json!({
        "problems": problems,
        "tally": crate::problems::Tally::of(&project.data.problems),
        "codes": codes.into_iter().map(|(c, n)| json!({"code": c, "count": n})).collect::<Vec<_>>(),
        "files": project.data.files.len(),
        "reviews": project.data.reviews.len(),
        "actions": project.data.actions.len(),
    })
}
