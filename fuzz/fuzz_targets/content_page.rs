//! One staff-written content file, read both as the policy and as a training
//! page: front matter split and parse, placeholders, Markdown, the lint of
//! sample replies, and the "do" sample check. Every error must render.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reputable::config::Config;
use reputable::content::{self, Content};
use std::sync::OnceLock;

/// A configuration that sets every placeholder, with HTML in its values.
const CONFIG: &str = r#"organization: "Riverside <b>Family</b> & Health"
timezone: America/New_York
contact:
  phone: "555-0142"
  email: feedback@example.org
  responder: "<img src=x onerror=alert(1)> lead"
locations:
  - id: downtown
    name: Downtown Clinic
    sources: ["Downtown"]
"#;

fn config() -> &'static Config {
    static CONFIG_ONCE: OnceLock<Config> = OnceLock::new();
    CONFIG_ONCE.get_or_init(|| Config::parse(CONFIG, "reputable.yaml").expect("a valid config"))
}

fuzz_target!(|text: &str| {
    let config = config();
    match content::policy(text, "content/policy.md", config) {
        Ok(doc) => {
            let _ = doc.html.len();
        }
        Err(errors) => errors.iter().for_each(|d| drop(d.to_string())),
    }
    match content::training(text, "content/training/fuzz.md", "fuzz", config) {
        Ok((_, scenario)) => {
            let content = Content {
                policy: None,
                training: vec![scenario],
            };
            for d in content::training_errors(&content) {
                let _ = d.to_string();
            }
        }
        Err(errors) => errors.iter().for_each(|d| drop(d.to_string())),
    }
});
