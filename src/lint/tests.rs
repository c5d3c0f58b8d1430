//! The reply lint and troll suspicion, rule by rule: what each rule must catch,
//! what it must leave alone, and the published cases it exists for.

use super::*;

fn ids(text: &str, reviewer: Option<&str>, negative: bool) -> Vec<&'static str> {
    lint_reply(text, &ReplyContext { reviewer, negative })
        .into_iter()
        .map(|f| f.rule)
        .collect()
}

fn excerpt(text: &str, reviewer: Option<&str>, negative: bool, rule: &str) -> Option<String> {
    lint_reply(text, &ReplyContext { reviewer, negative })
        .into_iter()
        .find(|f| f.rule == rule)
        .map(|f| f.excerpt)
}

/// Runs a table of (reply, expected excerpt or None) against one rule.
fn table(rule: &str, reviewer: Option<&str>, negative: bool, rows: &[(&str, Option<&str>)]) {
    for (reply, want) in rows {
        let got = excerpt(reply, reviewer, negative, rule);
        assert_eq!(got.as_deref(), *want, "rule {rule} on {reply:?}");
    }
}

const OFFICE: &str = " Please call our office manager at 555-0100.";

#[test]
fn rules_are_listed_most_severe_first_with_advice() {
    let ids: Vec<&str> = rules().iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        [
            "confirms-patient",
            "clinical-detail",
            "names-reviewer",
            "defensive",
            "no-offline-path",
            "not-gracious"
        ]
    );
    assert!(rules().windows(2).all(|w| w[0].severity >= w[1].severity));
    assert!(
        rules()
            .iter()
            .all(|r| !r.advice.is_empty() && !r.title.is_empty())
    );
}

#[test]
fn confirms_patient_hits_and_misses() {
    table(
        "confirms-patient",
        None,
        false,
        &[
            ("We hope your visit was pleasant.", Some("your visit")),
            (
                "We look forward to your next appointment.",
                Some("your next appointment"),
            ),
            (
                "Sorry to hear about your recent visit.",
                Some("your recent visit"),
            ),
            (
                "We are sorry about the wait when you came in.",
                Some("when you came in"),
            ),
            (
                "We look forward to welcoming you back!",
                Some("look forward to welcoming you back"),
            ),
            (
                "As your dentist, I always explain options.",
                Some("your dentist"),
            ),
            (
                "Thank you for choosing us for your care.",
                Some("for choosing"),
            ),
            ("Hope to see you again soon.", Some("see you again")),
            (
                "Thank you for your kind words about your hygienist.",
                Some("your hygienist"),
            ),
            (
                "We're glad your treatment went well.",
                Some("your treatment"),
            ),
            (
                "We value patients like yourself.",
                Some("patients like yourself"),
            ),
            (
                "You have been a valued patient for years.",
                Some("valued patient"),
            ),
            (
                "We were able to offer you a same day appointment.",
                Some("you a same day appointment"),
            ),
            ("It was a pleasure treating you.", Some("treating you")),
            ("It was lovely to meet you last Tuesday.", Some("meet you")),
            (
                "We hope you are recovering well.",
                Some("you are recovering"),
            ),
            (
                "Thank you for being a patient for ten years.",
                Some("being a patient"),
            ),
            (
                "We're sorry you had to wait so long.",
                Some("you had to wait"),
            ),
            (
                "We're sorry about your son's appointment.",
                Some("your son's appointment"),
            ),
            (
                "We enjoyed seeing you and your family.",
                Some("enjoyed seeing you"),
            ),
            // Generic replies confirm nothing.
            ("Thank you for your feedback.", None),
            (
                "We take every concern seriously and want to learn more.",
                None,
            ),
            ("Thank you for your kind words about our team.", None),
            ("We welcome you to call us at any time.", None),
            // A sentence break stops a phrase.
            (
                "Thank you for your feedback. Visit our website for hours.",
                None,
            ),
            ("We care about every person who contacts us.", None),
        ],
    );
}

#[test]
fn clinical_detail_hits_and_misses() {
    table(
        "clinical-detail",
        None,
        false,
        &[
            (
                "Your root canal was completed as planned.",
                Some("root canal"),
            ),
            ("Your insurance did not cover the crown.", Some("insurance")),
            ("The diagnosis was explained to you.", Some("diagnosis")),
            (
                "Your medication cannot be refilled by phone.",
                Some("medication"),
            ),
            (
                "The test results were sent on Friday.",
                Some("test results"),
            ),
            ("Your balance is still outstanding.", Some("Your balance")),
            ("A refund of $120 was issued.", Some("$120")),
            ("The estimate was explained.", Some("The estimate")),
            (
                "We were pleased with the dental treatment provided.",
                Some("the dental treatment"),
            ),
            ("Your dental anxiety has reduced.", Some("anxiety")),
            ("Mental health care needs patience.", Some("Mental health")),
            // Generic words stay allowed.
            ("Everyone deserves to be treated with respect.", None),
            ("Our billing team is happy to help; please call us.", None),
            ("We care about every person who contacts us.", None),
            ("Everyone at the surgery was pleased to read this.", None),
            (
                "Our cleaning staff work hard to keep the building spotless.",
                None,
            ),
            (
                "We aim to deliver a high standard of care to everyone.",
                None,
            ),
        ],
    );
}

#[test]
fn names_reviewer_hits_and_misses() {
    let rows: &[(&str, &str, Option<&str>)] = &[
        (
            "Alex Archer",
            "Alex, thank you for the review.",
            Some("Alex"),
        ),
        ("Alex Archer", "Thank you, Mr Archer.", Some("Archer")),
        ("alex Kerrow", "Hi ALEX, we appreciate it.", Some("ALEX")),
        ("Sammi-Finley Moss", "Hi Sammi, thank you!", Some("Sammi")),
        ("Sol Dee (user88)", "Thank you Sol.", Some("Sol")),
        (
            "Gray Cole",
            "Gray, thank you for your rating.",
            Some("Gray"),
        ),
        ("gray grant", "Hi Gray, we are glad.", Some("Gray")),
        ("Taylor", "Alex's friend Taylor's review", Some("Taylor's")),
        // Everyday words that happen to be names.
        ("Hope Lee", "Hope to hear from you soon.", None),
        ("Will Turner", "Will you call us?", None),
        ("gray grant", "Our new building is gray and white.", None),
        ("Mark Long", "We take a long view of quality.", None),
        // Short parts, handles and titles are not names to look for.
        ("Jo Xu", "Thank you, Jo is our receptionist.", None),
        (
            "A Google User",
            "Thank you for your review, Google user.",
            None,
        ),
        ("Dr. Smith", "Thank you, Dr. Jones will call.", None),
        // Word boundaries: "Ann" is not in "announce".
        ("Ann Lee", "We are pleased to announce new hours.", None),
        // Letters beyond ASCII, in the name or in the reply.
        ("Zoë Brandt", "Thank you, Zoë!", Some("Zoë")),
        ("Zoë Brandt", "THANK YOU, ZOË.", Some("ZOË")),
        ("Zoë Brandt", "Thank you, Zoe.", None),
        ("Alex Archer", "Merci — Alex, à bientôt.", Some("Alex")),
    ];
    for (name, reply, want) in rows {
        let got = excerpt(reply, Some(name), false, "names-reviewer");
        assert_eq!(got.as_deref(), *want, "{name:?} in {reply:?}");
    }
    assert_eq!(ids("Thank you Alex.", None, false), Vec::<&str>::new());
}

#[test]
fn defensive_hits_and_misses() {
    table(
        "defensive",
        None,
        false,
        &[
            ("That is not true.", Some("not true")),
            ("That simply isn't true.", Some("isn't true")),
            ("You failed to show up on time.", Some("You failed to")),
            ("Get a life.", Some("Get a life")),
            (
                "Our records show you cancelled twice.",
                Some("Our records show"),
            ),
            ("You were rude to our receptionist.", Some("You were rude")),
            ("This is a fake review.", Some("fake review")),
            ("We have no record of this.", Some("no record of")),
            // Apologies that mention the reviewer are not blame.
            ("We're sorry you didn't feel heard.", None),
            ("It is not your fault that the phones were busy.", None),
            ("We're sorry if you had to wait.", None),
        ],
    );
}

#[test]
fn no_offline_path_hits_and_misses() {
    let bare = "We're sorry to hear this and will share it with the team.";
    table(
        "no-offline-path",
        None,
        true,
        &[
            (bare, Some(bare)),
            ("We're sorry. Please call us at 555-0100.", None),
            ("We're sorry. Please call us.", None),
            ("We're sorry. Write to feedback@example.org.", None),
            (
                "We're sorry; we'd like to talk this through with you.",
                None,
            ),
            (
                "We're sorry. Please get in touch with our office manager.",
                None,
            ),
            ("We're sorry. 01632 960123 reaches our manager.", None),
        ],
    );
    // Replies to reviews that are not negative need no offline path.
    assert_eq!(excerpt(bare, None, false, "no-offline-path"), None);
}

#[test]
fn not_gracious_hits_and_misses() {
    let cold = "Please call 555-0100 to discuss.";
    table(
        "not-gracious",
        None,
        true,
        &[
            (cold, Some(cold)),
            ("Thank you for the feedback. Please call 555-0100.", None),
            ("We're sorry to read this. Please call 555-0100.", None),
            ("We apologise. Please call 555-0100.", None),
            ("We appreciate you telling us. Please call 555-0100.", None),
        ],
    );
    assert_eq!(excerpt(cold, None, false, "not-gracious"), None);
}

#[test]
fn long_excerpts_of_absence_rules_are_cut() {
    let long = "Please ".repeat(20);
    let got = excerpt(&long, None, true, "not-gracious").unwrap_or_default();
    assert!(got.ends_with('…') && got.chars().count() <= 61, "{got}");
}

/// Paraphrases of the published US enforcement cases (SPEC introduction):
/// each is caught by the rule it broke.
#[test]
fn the_enforcement_cases_are_caught() {
    let cases: &[(&str, Option<&str>, &str, &[&str])] = &[
        (
            "Elite Dental Associates, 2019: name, treatment and insurance",
            Some("Maria Garcia"),
            "It's sad to see Ms. Garcia's comments. She came in for a root canal and her insurance would not cover the crown, so we offered a payment plan.",
            &["clinical-detail", "names-reviewer"],
        ),
        (
            "Dr. U. Phillip Igbinadolor & Associates, 2022: protected health information",
            Some("James Thomas"),
            "Mr. Thomas has been a patient of ours since 2015. He was diagnosed with advanced gum disease and declined the treatment plan we recommended.",
            &["confirms-patient", "clinical-detail", "names-reviewer"],
        ),
        (
            "New Vision Dental, 2022: patient information in replies",
            Some("K. Nguyen"),
            "We're sorry you feel that way, but your insurance only covered part of your cleaning and your balance of $180 is still due.",
            &["confirms-patient", "clinical-detail"],
        ),
        (
            "Manasa Health Center, 2023: mental-health details",
            Some("Riley Jordan"),
            "We understand you are frustrated, but your medication for bipolar disorder cannot be refilled without seeing the psychiatrist first.",
            &["clinical-detail"],
        ),
        (
            "The reply that ended \"Get a life\"",
            None,
            "We have done everything we could for you. Get a life.",
            &["defensive"],
        ),
    ];
    for (case, reviewer, reply, want) in cases {
        let got = ids(reply, *reviewer, true);
        for rule in *want {
            assert!(got.contains(rule), "{case}: expected {rule}, got {got:?}");
        }
    }
}

/// Replies from the UK dental practice's Takeout archive (shared samples),
/// paraphrased with the reviewer names the archive carries.
const TAKEOUT_REPLIES: &[(&str, &str, &[&str])] = &[
    (
        "Alex Archer",
        "Alex, your Dentist was pleased to read that you found the dental care provided to be both gentle and a pain free experience and looks forward to welcoming you back at your next appointment.",
        &["confirms-patient", "names-reviewer"],
    ),
    (
        "Blair Brook",
        "Blair, Omar and the team, are delighted to read that you no longer fear attending the dentist, and thank you for your kind words.",
        &["names-reviewer"],
    ),
    (
        "Casey Carter",
        "Casey, Ruth Mills, thanks you for your kind words and recommendation and looks forward to welcoming you back to the dental centre at your next appointment.",
        &["confirms-patient", "names-reviewer"],
    ),
    (
        "Dana Dale",
        "Ruth Mills and Leena Shah, were both delighted to read your feedback detailing the dental care they have provided for you, Ruth Mills over the years and your emergency appointment with Leena Shah and thank you for your kind words.",
        &["confirms-patient"],
    ),
    (
        "Eden Ewing",
        "Eden, thank you for your positive feedback.",
        &["names-reviewer"],
    ),
    (
        "Finley Ford",
        "Hi Finley, we are glad to hear feedback on your experience with Orchard Lane Dental and we look forward to seeing you again.",
        &["confirms-patient", "names-reviewer"],
    ),
    (
        "gray grant",
        "Hi Gray, we are glad that coming to the dentist is a lovely experience, doesn't get much higher praise than that!",
        &["names-reviewer"],
    ),
    (
        "Harper Hale",
        "Thank you Harper for your 5 star review!",
        &["names-reviewer"],
    ),
    (
        "Indy Irwin",
        "Thank You Indy, for a lovely review. We are delighted to hear your of your positive experience at the practice and we look forward to welcoming you back.",
        &["confirms-patient", "names-reviewer"],
    ),
    (
        "alex Kerrow",
        "Hi Alex, we appreciate your kind words and are always happy to help.",
        &["names-reviewer"],
    ),
    (
        "Logan Lane",
        "Jacky, Omar and the dental team were delighted to read your feedback not only from your recent appointment at the dental centre, but your husband's experience too. We look forward to welcoming you both back to the dental centre at your next visit.",
        &["confirms-patient"],
    ),
    (
        "Sammi-Finley Moss",
        "Hi Sammi, We are delighted to hear your praise for Leena, thank you for the postive feedback!",
        &["names-reviewer"],
    ),
    (
        "Noel North",
        "Noel, thank you, for your positive feedback.",
        &["names-reviewer"],
    ),
    (
        "Oakley Oak",
        "Oakley, Pete, was pleased to read your feedback, that he made you feel calm and relaxed during your dental treatment and looks forward to welcoming you back, at your next visit.",
        &["confirms-patient", "names-reviewer"],
    ),
    (
        "Parker Pike",
        "Parker, thank you for your recommendation and positive feedback.",
        &["names-reviewer"],
    ),
    (
        "Quinn Quill",
        "Thank you Quinn for the 5 star review!",
        &["names-reviewer"],
    ),
    (
        "Riley Reed",
        "Riley, the dental team are delighted to hear your feedback on the service we provide and look forward to welcoming you back at your next visit.",
        &["confirms-patient", "names-reviewer"],
    ),
    (
        "Riley Stone",
        "Riley, thank you for sharing your thoughts on your recent visit with the Hygienist and that you found your visit to be helpful and informative.",
        &["confirms-patient", "names-reviewer"],
    ),
    (
        "Taylor",
        "Thankyou Taylor, We are glad to hear your dental anxiety has reduced. Our Aim at Orchard Lane Dental is to provide comprehensive treatment whilst keeping patients at ease.",
        &["clinical-detail", "names-reviewer"],
    ),
    (
        "Wren West",
        "Wren, the dental team thanks you for kind words and looks forward to welcoming you back at your next appointment.",
        &["confirms-patient", "names-reviewer"],
    ),
    (
        "Xen Xu",
        "Xen, we were pleased that we were able to offer you a same day appointment for Toby and that you were pleased with the dental treatment provided, thank you for sharing your feedback.",
        &["confirms-patient", "clinical-detail", "names-reviewer"],
    ),
    (
        "Yael Young",
        "Thankyou, we are blessed to have such amazing patients like yourself Yael. Glad to hear that your happy with both the dental treatment and the service",
        &["confirms-patient", "clinical-detail", "names-reviewer"],
    ),
    (
        "Zion Zed",
        "Zion, the team, are pleased to read that you were happy with the service provided and that you found them to be friendly and competent. Thank you, for your positive feedback.",
        &["names-reviewer"],
    ),
    (
        "Avery Ash",
        "Avery, thank you for your 5 star rating.",
        &["names-reviewer"],
    ),
    (
        "Bryn Birch",
        "Bryn, thank you for sharing your experience of attending the dental centre over the years. The team look forward to welcoming you back at your next appointment.",
        &["confirms-patient", "names-reviewer"],
    ),
    (
        "Gray Cole",
        "Gray, thank you for your 5 star rating.",
        &["names-reviewer"],
    ),
];

#[test]
fn takeout_replies_that_name_or_confirm_are_caught() {
    for (name, reply, want) in TAKEOUT_REPLIES {
        let got = ids(reply, Some(name), false);
        for rule in *want {
            assert!(
                got.contains(rule),
                "{name}: expected {rule}, got {got:?} for {reply:?}"
            );
        }
    }
}

/// The real archive, when the shared samples sit beside the repository:
/// every reply that uses the reviewer's name is caught. Skips when absent.
#[test]
fn shared_takeout_sample_replies_using_the_name_are_caught() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/samples/google-takeout-dental-uk.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    let json: serde_json::Value = serde_json::from_str(&text).expect("the sample is valid JSON");
    let mut checked = 0;
    for r in json["reviews"].as_array().into_iter().flatten() {
        let (Some(name), Some(reply)) = (
            r["reviewer"]["displayName"].as_str(),
            r["reviewReply"]["comment"].as_str(),
        ) else {
            continue;
        };
        let uses_name = text::name_parts(name).iter().any(|p| {
            text::tokenize(reply)
                .iter()
                .any(|t| t.norm.split('-').any(|w| w.trim_end_matches("'s") == p))
        });
        let got = ids(reply, Some(name), false);
        if uses_name {
            assert!(got.contains(&"names-reviewer"), "{name}: {reply}");
            checked += 1;
        }
        let tells_visit = [
            "your next",
            "your recent",
            "welcoming you back",
            "seeing you again",
        ]
        .iter()
        .any(|p| reply.to_lowercase().contains(p));
        if tells_visit {
            assert!(got.contains(&"confirms-patient"), "{name}: {reply}");
        }
    }
    assert!(checked >= 20, "only {checked} replies used the name");
}

#[test]
fn good_generic_replies_have_no_high_finding() {
    let replies = [
        "Thank you for your feedback. We take every concern seriously; please call our office manager at 555-0100 so we can learn more.",
        "Thank you for taking the time to share this. We're sorry to hear it, and we'd like to understand what happened: please call our practice manager at 555-0100 or e-mail feedback@example.org.",
        "Thank you for your kind words about our team! We'll pass them on.",
        "We're sorry to read this. Our privacy rules keep us from discussing anyone's care in public, but we would welcome a call at 555-0100.",
    ];
    for reply in replies {
        let high: Vec<_> = lint_reply(
            reply,
            &ReplyContext {
                reviewer: Some("Alex Archer"),
                negative: true,
            },
        )
        .into_iter()
        .filter(|f| f.severity == LintSeverity::High)
        .collect();
        assert!(high.is_empty(), "{reply}: {high:?}");
    }
    assert_eq!(
        ids(&format!("Thank you.{OFFICE}"), None, true),
        Vec::<&str>::new()
    );
}

#[test]
fn troll_suspicion_names_google_categories() {
    let rows: &[(&str, Option<(&str, &str)>)] = &[
        (
            "This place is shit and so are you",
            Some(("profanity", "shit")),
        ),
        ("The dentist is an idiot.", Some(("harassment", "idiot"))),
        ("I hope you die.", Some(("harassment", "hope you die"))),
        (
            "Go back to your own country!",
            Some(("hate speech", "Go back to your own country")),
        ),
        (
            "Her home address is 12 Elm Street.",
            Some(("personal information", "Her home address")),
        ),
        (
            "As a former employee I know how bad it is.",
            Some(("conflict of interest", "former employee")),
        ),
        (
            "Great deals at https://example.com now",
            Some(("spam", "https")),
        ),
        ("Waited two hours and nobody said sorry.", None),
        ("The bill was wrong and nobody called back.", None),
        ("Dr. Patel was kind but the receptionist was rude.", None),
        ("I wish they would kill the hold music.", None),
    ];
    for (review, want) in rows {
        let got = troll_suspicion(review).map(|t| (t.category, t.excerpt));
        assert_eq!(
            got.as_ref().map(|(c, e)| (*c, e.as_str())),
            *want,
            "{review:?}"
        );
    }
}

#[test]
fn phone_numbers_and_emails_are_found() {
    let t = "Call 555-0100, (555) 010-0100 or +44 1632 960123; write to a.b@example.org. Not 2026-03-08 or 24 hours.";
    let phones: Vec<&str> = text::phone_numbers(t).into_iter().map(|r| &t[r]).collect();
    assert_eq!(phones, ["555-0100", "(555) 010-0100", "+44 1632 960123"]);
    let mails: Vec<&str> = text::emails(t).into_iter().map(|r| &t[r]).collect();
    assert_eq!(mails, ["a.b@example.org"]);
}

mod over_a_dataset {
    use super::*;
    use crate::config::Config;
    use crate::ingest::Dataset;
    use crate::model::ActionKind;
    use crate::testkit::{action, review};

    fn config() -> Config {
        Config::parse(
            "organization: Test\ntimezone: Europe/London\n",
            "reputable.yaml",
        )
        .expect("valid")
    }

    fn data(c: &Config) -> Dataset {
        use ActionKind::*;
        let mut data = Dataset {
            files: vec!["log.csv".into()],
            reviews: vec![
                review(
                    "a",
                    "Alex Archer",
                    5.0,
                    "2026-03-01T10:00:00Z",
                    "Lovely.",
                    c,
                ),
                review(
                    "b",
                    "Bo Dee",
                    1.0,
                    "2026-03-02T10:00:00Z",
                    "You are all idiots.",
                    c,
                ),
                review(
                    "c",
                    "Cy Fox",
                    1.0,
                    "2026-03-03T10:00:00Z",
                    "Waited two hours.",
                    c,
                ),
                // Posted after as-of: neither its reply nor the review count.
                review(
                    "d",
                    "Di Roe",
                    1.0,
                    "2026-04-20T10:00:00Z",
                    "Shit service.",
                    c,
                ),
            ],
            actions: vec![
                // Names the reviewer; positive, so no offline path is needed.
                action("a", Reply, "2026-03-01T11:00:00Z", "Thank you Alex!", c),
                action("b", Flag, "2026-03-02T11:00:00Z", "", c),
                // Negative: a clean reply, and a later one with no offline path.
                action(
                    "c",
                    Reply,
                    "2026-03-03T11:00:00Z",
                    "We're sorry. Please call 555-0100.",
                    c,
                ),
                action(
                    "c",
                    Reply,
                    "2026-03-04T11:00:00Z",
                    "We're sorry to hear this.",
                    c,
                ),
                // A reply after as-of is left out.
                action(
                    "c",
                    Reply,
                    "2026-04-21T11:00:00Z",
                    "See you at your next visit.",
                    c,
                ),
                action("d", Reply, "2026-04-21T11:00:00Z", "Thank you Di.", c),
                // A reply with no text has nothing to lint.
                action("a", Reply, "2026-03-05T11:00:00Z", "  ", c),
            ],
            ..Dataset::default()
        };
        crate::ingest::link(&mut data, c.tz());
        data
    }

    #[test]
    fn replies_are_linted_with_name_and_class_up_to_as_of() {
        let c = config();
        let data = data(&c);
        let as_of = "2026-03-31T23:59:59Z".parse().expect("timestamp");
        let analysis = crate::figures::analyse(&data, &c, Some(as_of));
        let got: Vec<(&str, Vec<&str>)> = lint_replies(&data, &analysis)
            .iter()
            .map(|r| {
                (
                    data.actions[r.action].text.as_deref().unwrap_or(""),
                    r.findings.iter().map(|f| f.rule).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Thank you Alex!", vec!["names-reviewer"]),
                ("We're sorry to hear this.", vec!["no-offline-path"]),
            ]
        );
    }

    #[test]
    fn a_reply_used_again_is_named_per_reviewer_and_found_as_lint_reply_finds_it() {
        use ActionKind::Reply;
        let c = config();
        let template = "Thank you Sam, we are sorry about your appointment.";
        let mut data = Dataset {
            files: vec!["log.csv".into()],
            reviews: vec![
                review("e", "Sam Lee", 1.0, "2026-03-01T10:00:00Z", "Bad.", &c),
                review("f", "Kim Wu", 1.0, "2026-03-02T10:00:00Z", "Bad.", &c),
                review("g", "Sam Ode", 5.0, "2026-03-03T10:00:00Z", "Good.", &c),
            ],
            actions: ["e", "f", "g"]
                .iter()
                .map(|id| action(id, Reply, "2026-03-04T10:00:00Z", template, &c))
                .collect(),
            ..Dataset::default()
        };
        crate::ingest::link(&mut data, c.tz());
        let analysis = crate::figures::analyse(&data, &c, None);
        let got = lint_replies(&data, &analysis);
        let rules: Vec<Vec<&str>> = got
            .iter()
            .map(|r| r.findings.iter().map(|f| f.rule).collect())
            .collect();
        assert_eq!(
            rules,
            [
                vec!["confirms-patient", "names-reviewer", "no-offline-path"],
                vec!["confirms-patient", "no-offline-path"],
                vec!["confirms-patient", "names-reviewer"],
            ]
        );
        for r in &got {
            let review = &data.reviews[data.links[r.action].unwrap() as usize];
            let ctx = ReplyContext {
                reviewer: review.author.as_deref(),
                negative: review.rating == Some(1.0),
            };
            assert_eq!(r.findings, lint_reply(template, &ctx));
        }
    }

    #[test]
    fn trolls_are_found_among_counted_reviews() {
        let c = config();
        let data = data(&c);
        let as_of = "2026-03-31T23:59:59Z".parse().expect("timestamp");
        let analysis = crate::figures::analyse(&data, &c, Some(as_of));
        let got: Vec<(&str, &str, String)> = find_trolls(&data, &analysis)
            .into_iter()
            .map(|t| {
                (
                    data.reviews[t.review].id.as_str(),
                    t.suspicion.category,
                    t.suspicion.excerpt,
                )
            })
            .collect();
        assert_eq!(got, [("b", "harassment", "idiots".to_string())]);
    }
}
