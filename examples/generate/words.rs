//! The words of the demo: reviewer names, review texts for each training
//! scenario, and reply texts (mostly policy-compliant, some deliberately
//! risky so the lint has something true to catch).

use crate::rng::Rng;

/// What a review is about; the training pages group replies by these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    Glowing,
    Mixed,
    LongWait,
    Billing,
    RudeStaff,
    ClinicalOutcome,
    Privacy,
    Troll,
}

impl Scenario {
    /// Every scenario, in declaration order.
    pub const ALL: [Scenario; 8] = [
        Scenario::Glowing,
        Scenario::Mixed,
        Scenario::LongWait,
        Scenario::Billing,
        Scenario::RudeStaff,
        Scenario::ClinicalOutcome,
        Scenario::Privacy,
        Scenario::Troll,
    ];

    /// A star rating typical of the scenario.
    pub fn rating(self, rng: &mut Rng) -> u8 {
        let w: [f64; 5] = match self {
            Scenario::Glowing => [0.0, 0.0, 0.0, 0.2, 0.8],
            Scenario::Mixed => [0.0, 0.05, 0.5, 0.45, 0.0],
            Scenario::LongWait => [0.15, 0.45, 0.35, 0.05, 0.0],
            Scenario::Billing => [0.55, 0.35, 0.1, 0.0, 0.0],
            Scenario::RudeStaff => [0.6, 0.35, 0.05, 0.0, 0.0],
            Scenario::ClinicalOutcome => [0.5, 0.4, 0.1, 0.0, 0.0],
            Scenario::Privacy => [0.85, 0.15, 0.0, 0.0, 0.0],
            Scenario::Troll => [1.0, 0.0, 0.0, 0.0, 0.0],
        };
        rng.weighted(&w) as u8 + 1
    }
}

const FIRST: &[&str] = &[
    "Maria", "James", "Linda", "Robert", "Aisha", "Wei", "Carlos", "Emily", "Darnell", "Priya",
    "Sofia", "Michael", "Hannah", "Jamal", "Olivia", "Tom", "Grace", "Luis", "Nina", "Kevin",
    "Fatima", "Ben", "Rachel", "Andre", "Yuki", "Patrick", "Chloe", "Omar", "Megan", "Victor",
    "Sandra", "Ethan", "Keisha", "Daniel", "Rosa", "Ahmed", "Julia", "Marcus", "Elena", "Greg",
];
const LAST: &[&str] = &[
    "Garcia",
    "Smith",
    "Nguyen",
    "Johnson",
    "Khan",
    "Chen",
    "Lopez",
    "Brown",
    "Williams",
    "Patel",
    "Rossi",
    "Miller",
    "Cohen",
    "Jackson",
    "Davis",
    "O'Brien",
    "Kim",
    "Hernandez",
    "Novak",
    "Murphy",
    "Ali",
    "Wright",
    "Goldberg",
    "Baptiste",
    "Tanaka",
    "Walsh",
    "Dubois",
    "Haddad",
    "Clarke",
    "Petrov",
];

/// A reviewer's display name in one of the shapes platforms show.
pub fn person(rng: &mut Rng) -> String {
    let first = *rng.pick(FIRST);
    let last = *rng.pick(LAST);
    match rng.below(4) {
        0 => format!("{first} {}.", &last[..1]),
        1 => first.to_string(),
        _ => format!("{first} {last}"),
    }
}

/// Throwaway names of the troll episode's accounts.
pub fn troll_name(rng: &mut Rng) -> String {
    let a = *rng.pick(&[
        "truth", "real", "angry", "xX", "nomore", "exposed", "patriot", "anon", "justice",
    ]);
    let b = *rng.pick(&[
        "teller", "reviewer", "dude", "Xx", "scam", "watch", "voice", "guy",
    ]);
    format!("{a}{b}{}", rng.range(10, 9999))
}

const CLINICIANS: &[&str] = &[
    "Dr. Patel",
    "Dr. Okafor",
    "Dr. Nguyen",
    "Dr. Alvarez",
    "Dr. Brennan",
    "Nurse Kim",
    "the PA, Jess",
    "Dr. Haddad",
];
const STAFF: &[&str] = &[
    "the front desk",
    "the receptionist",
    "the woman at check-in",
    "the billing office",
    "the phone staff",
    "the nurse who took my vitals",
];

fn join(parts: &[String]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A review text for a scenario; `kids` makes it a pediatric practice's.
pub fn review_text(s: Scenario, kids: bool, rng: &mut Rng) -> String {
    let who = if kids {
        *rng.pick(&[
            "my son",
            "my daughter",
            "our toddler",
            "my 6-year-old",
            "the baby",
        ])
    } else {
        *rng.pick(&["I", "my husband", "my mom", "my wife", "my dad"])
    };
    let doc = *rng.pick(CLINICIANS);
    let staff = *rng.pick(STAFF);
    let t = match s {
        Scenario::Glowing => {
            let open = rng.pick(&[
                format!("{doc} is wonderful."),
                format!("Cannot say enough good things about {doc}."),
                "Best clinic in town, hands down.".to_string(),
                "Five stars all around.".to_string(),
                format!("We have been coming here for years and {doc} never disappoints."),
                "Such a friendly, well-run office.".to_string(),
                "Quick, kind and thorough.".to_string(),
            ]).clone();
            let mid = rng.pick(&[
                format!("{doc} took the time to listen and explained everything clearly."),
                "Check-in took two minutes and we were seen right on time.".to_string(),
                if kids { format!("{who} was nervous about shots and the nurse made it a game.") }
                else { "Never felt rushed, and every question got a real answer.".to_string() },
                "The new online check-in is a huge improvement.".to_string(),
                "The staff remembered us and asked how things were going.".to_string(),
                String::new(),
                "Parking was easy and the waiting room was spotless.".to_string(),
            ]).clone();
            let end = rng.pick(&[
                "Highly recommend!".to_string(),
                "Thank you all!".to_string(),
                "So glad we found this place.".to_string(),
                String::new(),
                "Would give six stars if I could.".to_string(),
                "Keep up the great work.".to_string(),
            ]).clone();
            join(&[open, mid, end])
        }
        Scenario::Mixed => {
            let good = rng.pick(&[
                format!("{doc} is great once you actually get in the room."),
                "The care itself was fine.".to_string(),
                "Clinicians are knowledgeable and kind.".to_string(),
                "Nice clean office, friendly nurses.".to_string(),
            ]).clone();
            let bad = rng.pick(&[
                "Getting an appointment takes weeks though.".to_string(),
                "But the phone line is always busy, I called 6 times.".to_string(),
                format!("{} was a bit short with us.", cap(staff)),
                "The portal keeps logging me out, which is annoying.".to_string(),
                "Waited about 40 minutes past our time.".to_string(),
            ]).clone();
            let end = rng.pick(&[
                "Overall okay.".to_string(),
                "3 stars, could be better.".to_string(),
                String::new(),
                "Would return, with lowered expectations on scheduling.".to_string(),
            ]).clone();
            join(&[good, bad, end])
        }
        Scenario::LongWait => {
            let mins = rng.pick(&[45, 50, 60, 75, 90, 105, 120]);
            join(&[
                rng.pick(&[
                    format!("Waited {mins} minutes past our appointment time."),
                    format!("Sat in the waiting room for {mins} minutes with {who} and nobody said a word."),
                    format!("{mins} minute wait, again."),
                    format!("Arrived 15 minutes early as asked, then waited {mins} minutes."),
                ]).clone(),
                rng.pick(&[
                    "Nobody told us why or how long it would be.".to_string(),
                    "When we asked, the answer was \"they're running behind\".".to_string(),
                    "The waiting room was packed and half the chairs were broken.".to_string(),
                    "Then the actual visit lasted five minutes.".to_string(),
                    String::new(),
                ]).clone(),
                rng.pick(&[
                    "People have jobs!".to_string(),
                    "Respect people's time.".to_string(),
                    "Looking for a new practice.".to_string(),
                    String::new(),
                    "If you're going to run late, at least call.".to_string(),
                ]).clone(),
            ])
        }
        Scenario::Billing => join(&[
            rng.pick(&[
                "Got a bill for $340 three months later for a visit that was supposed to be covered.".to_string(),
                "Billing is a nightmare.".to_string(),
                "Charged twice for the same visit, and it took four calls to get a refund.".to_string(),
                "They sent my account to collections without a single reminder.".to_string(),
                "Was told the lab work was in network. It was not.".to_string(),
            ]).clone(),
            rng.pick(&[
                format!("{} kept transferring me, and nobody could explain the charges.", cap("the billing office")),
                "On hold for 45 minutes, then disconnected.".to_string(),
                "The \"estimate\" they gave me was off by hundreds of dollars.".to_string(),
                String::new(),
            ]).clone(),
            rng.pick(&[
                "Check every statement, folks.".to_string(),
                "Unacceptable.".to_string(),
                String::new(),
                "Filing a complaint with my insurer.".to_string(),
            ]).clone(),
        ]),
        Scenario::RudeStaff => join(&[
            rng.pick(&[
                format!("{} was incredibly rude.", cap(staff)),
                format!("Rolled her eyes at me and sighed when I asked a question — {staff}, I mean."),
                format!("Never been spoken to like that. {} acted like we were a burden.", cap(staff)),
                format!("{} hung up on me. Twice.", cap(staff)),
            ]).clone(),
            rng.pick(&[
                format!("{doc} is fine but I shouldn't have to deal with this attitude to see them."),
                "I'm a paying customer, not an inconvenience.".to_string(),
                "Other patients in the waiting room noticed too.".to_string(),
                String::new(),
            ]).clone(),
            rng.pick(&[
                "Somebody needs customer service training.".to_string(),
                "Will not be back.".to_string(),
                String::new(),
            ]).clone(),
        ]),
        Scenario::ClinicalOutcome => join(&[
            rng.pick(&[
                format!("{doc} said it was just a virus. Two days later {} was in the ER with pneumonia.", if who == "I" { "I" } else { who }),
                format!("{doc} brushed off my symptoms for months."),
                "Prescribed something that made everything worse and nobody called back when I reported side effects.".to_string(),
                "The stitches came out crooked and now it's infected.".to_string(),
                "Got my test results from the portal with zero explanation, had to google everything.".to_string(),
            ]).clone(),
            rng.pick(&[
                "Felt dismissed the whole time.".to_string(),
                "I had to push hard just to get a referral.".to_string(),
                String::new(),
                "Second opinion elsewhere found the problem in one visit.".to_string(),
            ]).clone(),
            rng.pick(&[
                "Trust your gut and get a second opinion.".to_string(),
                "Very disappointed.".to_string(),
                String::new(),
            ]).clone(),
        ]),
        Scenario::Privacy => join(&[
            rng.pick(&[
                "The receptionist read my diagnosis out loud at the front desk with a full waiting room.".to_string(),
                "They mailed my lab results to my old address. My ex now knows my business.".to_string(),
                "Staff were gossiping about another patient by name within earshot of everyone.".to_string(),
                "Someone left a stack of charts face-up on the counter.".to_string(),
            ]).clone(),
            rng.pick(&[
                "Is HIPAA a joke here?".to_string(),
                "Completely unprofessional.".to_string(),
                "I reported it and never heard back.".to_string(),
            ]).clone(),
        ]),
        Scenario::Troll => join(&[
            rng.pick(&[
                "This place is a total shit show run by idiots.".to_string(),
                "SCAM SCAM SCAM. Bunch of crooks and morons.".to_string(),
                "Worst fucking clinic on earth, you people are garbage.".to_string(),
                "Never been here but I heard enough. Crooks.".to_string(),
                "Go to hell, all of you. Scumbags.".to_string(),
                "The receptionist is a lying piece of trash and everyone should know where she parks.".to_string(),
                "Idiots. Idiots everywhere. Do NOT go here!!!".to_string(),
                "Absolute clowns. Burn it down.".to_string(),
            ]).clone(),
            rng.pick(&[
                "Everybody leave a 1 star.".to_string(),
                "Shut it down.".to_string(),
                String::new(),
                "Pathetic losers.".to_string(),
                "Check out my channel for the truth about these frauds.".to_string(),
            ]).clone(),
        ]),
    };
    if t.is_empty() { "Great.".into() } else { t }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub const PHONE: &str = "555-0142";
pub const EMAIL: &str = "feedback@riversidefamilyhealth.example";

/// A reply that follows the written policy: no names, nothing that confirms
/// a care relationship, gracious, and (for complaints) an offline path.
pub fn good_reply(rating: Option<u8>, rng: &mut Rng) -> String {
    let r = rating.unwrap_or(3);
    if r >= 4 {
        join(&[
            rng.pick(&[
                "Thank you for taking the time to share such kind words.",
                "Thank you so much for the wonderful review!",
                "We really appreciate you taking a moment to write this.",
                "Thank you for the five-star feedback.",
                "What a lovely note to read, thank you.",
            ]).to_string(),
            rng.pick(&[
                "We'll pass it on to the whole team.",
                "Our staff work hard to make every visit to the clinic welcoming, and it means a lot to them to hear this.",
                "We're glad the team made a good impression.",
                "Comments like this make the team's day.",
                "",
            ]).to_string(),
        ])
    } else if r == 3 {
        join(&[
            rng.pick(&[
                "Thank you for the honest feedback.",
                "Thank you for taking the time to share this.",
                "We appreciate you letting us know.",
            ]).to_string(),
            rng.pick(&[
                "We're sorry things weren't better, and we're working on scheduling and phone wait times.",
                "We're sorry to hear it wasn't a five-star experience.",
                "We're always looking for ways to improve.",
            ]).to_string(),
            format!(
                "If you'd like to talk it through, please call our patient experience lead at {PHONE}."
            ),
        ])
    } else {
        join(&[
            rng.pick(&[
                "Thank you for taking the time to share this.",
                "Thank you for raising this with us.",
                "We appreciate you letting us know about this.",
            ]).to_string(),
            rng.pick(&[
                "We're sorry to hear about the experience you describe.",
                "We're sorry to hear this, and we take every concern seriously.",
                "We're truly sorry, and we want to make this right.",
                "We're sorry to hear this; it's not the standard we hold ourselves to.",
            ]).to_string(),
            "We can't discuss details here, but".to_string(),
            rng.pick(&[
                format!("please call our patient experience lead at {PHONE} so we can learn more."),
                format!("we'd like to learn more: please call {PHONE} or email {EMAIL}."),
                format!("please reach out to our patient experience lead at {PHONE} or {EMAIL} so we can look into it."),
            ]).clone(),
        ])
    }
}

/// What kind of mistake a risky reply makes (each a lint rule of SPEC §4.4).
#[derive(Debug, Clone, Copy)]
pub enum Risk {
    NamesReviewer,
    ConfirmsPatient,
    ClinicalDetail,
    Defensive,
    NoOfflinePath,
}

/// A reply that breaks the policy in one way the lint must catch.
pub fn risky_reply(rating: Option<u8>, author: &str, scenario: Scenario, rng: &mut Rng) -> String {
    let negative = rating.is_some_and(|r| r <= 2);
    let first = author
        .split(' ')
        .next()
        .unwrap_or(author)
        .trim_end_matches('.');
    let risk = match (negative, rng.below(5)) {
        (false, 0 | 1) => Risk::NamesReviewer,
        (false, _) => Risk::ConfirmsPatient,
        (true, 0) => Risk::NamesReviewer,
        (true, 1) => Risk::ConfirmsPatient,
        (true, 2) => Risk::ClinicalDetail,
        (true, 3) => Risk::Defensive,
        (true, _) => Risk::NoOfflinePath,
    };
    match risk {
        Risk::NamesReviewer => {
            if negative {
                format!(
                    "Hi {first}, we're sorry to hear this. Please call {PHONE} so we can help."
                )
            } else {
                format!("Thank you {first}! We're so glad you're happy with the team.")
            }
        }
        Risk::ConfirmsPatient if !negative => rng
            .pick(&[
                "Thank you! We look forward to seeing you at your next appointment.",
                "We're glad your visit went well and look forward to welcoming you back.",
                "Thank you for choosing us for your family's care!",
            ])
            .to_string(),
        Risk::ConfirmsPatient => rng
            .pick(&[
                format!("We're sorry your appointment ran late. Please call {PHONE} if we can help."),
                format!("We apologize for the wait during your visit. Please call {PHONE}."),
                format!("We're sorry to hear about your visit with us. Please call {PHONE} so we can help."),
            ])
            .clone(),
        Risk::ClinicalDetail => match scenario {
            Scenario::Billing => format!(
                "We reviewed your account and the charge was correct: your insurance denied the claim, so the balance was billed to you. Call {PHONE} to set up a payment plan."
            ),
            _ => format!(
                "We're sorry. Our records show the medication prescribed was appropriate for your diagnosis and your test results were normal. Please call {PHONE} to discuss."
            ),
        },
        Risk::Defensive => rng
            .pick(&[
                "That is not true. Our records show you arrived 20 minutes late and you failed to bring your insurance card.".to_string(),
                "This is not an accurate account. Our staff followed every procedure.".to_string(),
                "That is not true, and we stand by our team.".to_string(),
            ])
            .clone(),
        Risk::NoOfflinePath => rng
            .pick(&["We're sorry to hear this.", "Noted. We'll look into it.", "Sorry about that."])
            .to_string(),
    }
}

/// A reply written in anger to a troll: what the policy says never to do.
pub fn troll_reply(rng: &mut Rng) -> String {
    rng.pick(&[
        "Get a life. None of this is true and you know it.",
        "That is not true. You have never even been here.",
    ])
    .to_string()
}

/// The note a responder leaves with a `contact` action.
pub fn contact_note(channel: &str, rng: &mut Rng) -> String {
    match channel {
        "phone" => rng
            .pick(&[
                "Called the reviewer; listened, apologised, escalated to the practice manager.",
                "Left a voicemail with the patient experience line number.",
                "Spoke by phone; agreed a follow-up call next week.",
            ])
            .to_string(),
        "email" => rng
            .pick(&[
                "Emailed through the contact form address; offered a call with the practice manager.",
                "Sent an email with a direct line to the patient experience lead.",
            ])
            .to_string(),
        _ => rng
            .pick(&[
                "Sent a private message offering a call.",
                "Private message: asked for a good number to call back.",
            ])
            .to_string(),
    }
}

/// Why a review was flagged to the platform (Google's categories).
pub fn flag_note(rng: &mut Rng) -> String {
    rng.pick(&[
        "Flagged as harassment and profanity.",
        "Flagged: hate speech / profanity.",
        "Flagged: off-topic, part of a coordinated wave of fake reviews.",
        "Flagged: personal information about a staff member.",
    ])
    .to_string()
}
