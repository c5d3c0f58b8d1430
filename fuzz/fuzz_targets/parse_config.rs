//! `reputable.yaml` as `Config::parse` reads it. Errors must render (the
//! caret line indexes into the source line), and a parsed configuration must
//! answer the questions the rest of the build asks of it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reputable::config::Config;

fuzz_target!(|text: &str| {
    match Config::parse(text, "reputable.yaml") {
        Ok(config) => {
            let _ = config.tz();
            let _ = config.location_index();
            let _ = config.targets.hours_for(true);
            for l in &config.locations {
                let _ = config.location_name(&l.id);
            }
        }
        Err(d) => {
            let _ = d.to_string();
        }
    }
});
