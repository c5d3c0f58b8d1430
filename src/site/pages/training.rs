//! The staff pages: the response policy and the training scenarios.

use super::report::*;
use super::shared::*;
use crate::project::Project;
use serde_json::{Value, json};

/// `policy/index.html`.
pub fn policy(project: &Project) -> Value {
    json!({ "policy": project.content.policy })
}

/// `training/index.html`.
pub fn training_index(l: &Lookup) -> Value {
    let p = l.project;
    let scenarios: Vec<Value> = p
        .content
        .training
        .iter()
        .map(|s| {
            json!({
                "slug": slug(&s.slug),
                "title": s.doc.title,
                "summary": s.doc.summary,
                "href": format!("{}/index.html", slug(&s.slug)),
                "samples": s.samples.len(),
                "exemplars": p.exemplars.iter().filter(|e| e.scenario == s.slug).count(),
            })
        })
        .collect();
    let other: Vec<Value> = p
        .exemplars
        .iter()
        .filter(|e| !p.content.training.iter().any(|s| s.slug == e.scenario))
        .map(|e| exemplar(l, e))
        .collect();
    json!({ "scenarios": scenarios, "other": other })
}

/// `training/<slug>/index.html`.
pub fn training(l: &Lookup, index: usize) -> Value {
    let p = l.project;
    let s = &p.content.training[index];
    let exemplars: Vec<Value> = p
        .exemplars
        .iter()
        .filter(|e| e.scenario == s.slug)
        .map(|e| exemplar(l, e))
        .collect();
    json!({
        "scenario": s,
        "slug": slug(&s.slug),
        "exemplars": exemplars,
    })
}
