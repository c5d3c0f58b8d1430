//! The word lists behind the reply rules and troll suspicion, in the phrase
//! syntax of `text.rs`. They are deliberately modest: each entry is a phrase
//! seen in real replies (or in the enforcement cases of SPEC's introduction)
//! and unlikely in a generic, well-written reply. Add a phrase here together
//! with a table row in `lint/tests.rs` that shows it hit and not over-reach.

/// `confirms-patient`: wording that tells the world the reviewer is a patient.
pub const CONFIRMS_PATIENT: &[&str] = &[
    // "your recent visit", "your next appointment", "your dental treatment"
    "your ~1 visit|visits|appointment|appointments|appt|consultation|consult|check|checkup|check-up|check-in|cleaning|exam|examination|treatment|treatments|care|procedure|procedures|surgery|operation|stay|session|sessions|hygienist|dentist|doctor|physician|therapist|nurse|surgeon|provider|clinician|practitioner|gp|optician|orthodontist|chiropractor|counselor|counsellor|results|records|chart|file|prescription|medication|medications|diagnosis|x-ray|x-rays|scan|filling|fillings|crown|implant|extraction|teeth|tooth|recovery|condition|injury|symptoms|test|tests|bloodwork|labs|admission|discharge",
    "when|while you ~1 came|visited|attended|saw",
    "when|while you were ~1 here|in|seen|with|at|waiting|treated|examined",
    "you came in|to",
    "you attended|visited",
    "welcome|welcoming|welcomed you ~1 back|again",
    "see|seeing you ~1 again|back|soon|next",
    "look|looking forward to ~1 seeing|treating|welcoming|caring you",
    "for choosing",
    "for coming in|to|back",
    "for visiting",
    "for trusting us with your",
    "we|i ~1 saw|treated|examined|seen you",
    "treating|treated you",
    "caring|cared for you",
    "looking|looked|look after you",
    "patient|patients like you|yourself",
    "valued|long-time|longtime|loyal patient|patients",
    "as our|a patient",
    "been|being ~1 a|our patient|patients",
    "patient|patients of ours",
    "meet|meeting|met you",
    "enjoyed|loved ~1 seeing|meeting|treating|having you",
    "you ~1 recovering|healing",
    "you had to wait",
    "you waited",
    "you're|you've ~2 our|a patient|patients",
    "you are|were|have ~2 our|a patient|patients",
    "your time with|at us|our",
    "you a|an ~2 appointment|visit|consultation",
];

/// `clinical-detail`: clinical, insurance and billing specifics. Generic
/// words ("care", "treated with respect", "our billing team") are left alone.
pub const CLINICAL_DETAIL: &[&str] = &[
    // Diagnoses and medicines.
    "diagnosis|diagnoses|diagnosed|misdiagnosed|misdiagnosis|prognosis",
    "medication|medications|medicine|medicines|prescription|prescriptions|prescribed|dosage|antibiotic|antibiotics|painkiller|painkillers|opioid|opioids|sedation|sedated|anesthesia|anaesthetic|anesthetic",
    // Tests and results.
    "test|lab|labs|blood|biopsy|scan|x-ray results|result|work",
    "bloodwork|biopsy|mri|mammogram|ultrasound|x-ray|x-rays|xray",
    // Named procedures.
    "root canal|canals",
    "extraction|extractions|implant|implants|crown|crowns|veneer|veneers|denture|dentures|braces|invisalign|colonoscopy|vasectomy|hysterectomy|chemotherapy|chemo|dialysis|vaccination|injection|injections",
    "a|the|your|this|that ~1 filling|fillings",
    // A specific person's treatment ("the dental treatment provided").
    "the|this|that|his|her|their ~1 treatment|treatments|procedure|procedures",
    // Mental and sexual health, pregnancy: the Manasa Health Center case.
    "therapy|psychotherapy|counseling|counselling|psychiatric|psychiatrist|psychologist|depression|depressed|anxiety|bipolar|ptsd|adhd|schizophrenia|addiction|rehab|suicidal|overdose|pregnancy|pregnant|miscarriage|abortion|hiv|std|sti",
    "mental|behavioral|behavioural health",
    "eating disorder",
    // Insurance: the Elite Dental Associates case.
    "insurance|insurer|insurers|insured|uninsured|medicaid|medicare|copay|copays|co-pay|copayment|deductible|coinsurance|preauthorization|pre-authorization|out-of-network|in-network",
    "prior authorization",
    // Billing specifics.
    "your ~1 bill|bills|balance|invoice|invoices|statement|account|charge|charges|claim|claims|payment|payments|refund|coverage|plan|deposit|fee|fees",
    "the|this|that ~1 bill|balance|invoice|charge|charges|claim|refund|estimate|quote",
    "collections|collection agency",
    "payment plan",
];

/// `defensive`: arguing, correcting or blaming in public.
pub const DEFENSIVE: &[&str] = &[
    "not ~1 true",
    "isn't|wasn't|aren't ~1 true",
    "untrue",
    "false ~1 claim|claims|accusation|accusations|review|statement|statements",
    "lying|liar|liars",
    "fake review",
    "you fail|failed|fails to",
    "you failed",
    "you refused|refuse",
    "you were|are|was ~1 rude|abusive|aggressive|late|hostile|disrespectful|yelling|shouting|threatening|unreasonable|mistaken|wrong",
    "your own fault",
    "was|is|it's your fault",
    "get a life",
    "our records ~1 show|shows|indicate|indicates|reflect|confirm|say|state",
    "according to our records",
    "no record of",
    "did nothing wrong",
    "not our fault|problem|responsibility",
    "calm down",
    "shame on you",
    "how dare",
    "you obviously|clearly",
    "clearly you",
    "nonsense|ridiculous|absurd",
];

/// Any of these counts as an invitation to take the conversation offline.
pub const OFFLINE_PATH: &[&str] = &[
    "call|calling|phone|telephone|ring|contact|contacting|email|e-mail|emailing|text|dm|write|reach|speak|talk|message",
    "get in touch",
    "privately|offline|personally|directly",
    "in person",
];

/// Thanks.
pub const THANKS: &[&str] = &["thank*", "grateful", "appreciate*", "gratitude"];

/// Regret.
pub const REGRET: &[&str] = &[
    "sorry",
    "apolog*",
    "regret*",
    "unfortunate*",
    "saddened",
    "sad|concerned|disappointed|troubled|upset to hear|read|learn",
];

/// Name parts that are never matched: titles, particles and the words
/// platforms put in place of a name.
pub const NAME_IGNORE: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "sir",
    "madam",
    "the",
    "and",
    "van",
    "von",
    "der",
    "den",
    "del",
    "della",
    "de",
    "la",
    "le",
    "da",
    "di",
    "du",
    "st",
    "jr",
    "sr",
    "ii",
    "iii",
    "iv",
    "user",
    "guest",
    "anonymous",
    "customer",
    "patient",
    "client",
    "google",
    "local",
    "guide",
    "mom",
    "mum",
    "dad",
    "family",
    "team",
    "review",
    "reviewer",
    "someone",
    "person",
    "member",
];

/// Name parts that are also everyday words: they count as the name only when
/// capitalised and not merely starting a sentence ("Hi Grace," "Grace, thank
/// you" but not "Hope to hear from you").
pub const NAME_COMMON: &[&str] = &[
    "will", "may", "can", "mark", "bill", "ray", "pat", "rob", "sue", "art", "max", "grace",
    "hope", "joy", "faith", "dawn", "summer", "june", "april", "august", "rose", "lily", "ivy",
    "holly", "page", "hall", "king", "young", "white", "brown", "green", "black", "gray", "grey",
    "long", "little", "wood", "price", "rich", "frank", "sunny", "star", "love", "bell", "north",
    "south", "east", "west", "lane", "ash", "oak", "reed", "stone", "brook", "dale", "hale",
    "pike", "birch", "elm", "cole", "moss", "more", "best", "care", "hill", "field", "park",
    "well", "wells", "smart", "able", "early", "day", "knight", "new", "case", "booth", "fair",
    "major", "strong", "sweet", "good", "hunt", "cook", "baker", "story", "wise", "free",
];

/// Words after a number that make it a sum of money (`120 USD`).
pub const CURRENCIES: &[&str] = &["usd", "gbp", "eur", "dollars", "pounds", "euros"];

/// Troll suspicion, by Google's flag category, in the order they are tried.
/// The hate-speech list names attitudes, not slurs; extend it with care.
pub const TROLL: &[(&str, &[&str])] = &[
    (
        "hate speech",
        &[
            "go back to your|their ~1 country|countries",
            "go back where you came from",
            "subhuman|subhumans|vermin",
            "illegal aliens",
            "be deported",
        ],
    ),
    (
        "harassment",
        &[
            "kill|murder|shoot|stab you|yourself|them|him|her",
            "kys",
            "hope you|they|he|she ~1 die|dies|rot|suffer",
            "rot in hell",
            "burn ~2 down",
            "watch your back",
            "know where you live",
            "you'll|you will pay",
            "idiot|idiots|moron|morons|imbecile|imbeciles|scum|scumbag|scumbags|loser|losers|retard|retarded|cretin|cretins",
            "piece of garbage|trash|crap|shit|work",
        ],
    ),
    (
        "profanity",
        &[
            "fuck*|motherfuck*|shit|shitty|shithole|bullshit|bitch|bitches|asshole|assholes|arsehole|bastard|bastards|cunt|dickhead|wanker|twat|wtf|stfu",
        ],
    ),
    (
        "personal information",
        &[
            "home address|number|phone",
            "lives at|on",
            "his|her home|cell|mobile|personal number|phone|address",
            "social security",
        ],
    ),
    (
        "conflict of interest",
        &[
            "former|ex employee|employees",
            "ex-employee|ex-employees",
            "i ~1 work|worked|working here|there",
            "i used to work",
            "my competitor|competitors",
            "come to my|our practice|clinic|office",
        ],
    ),
    (
        "spam",
        &[
            "http|https|www",
            "promo|discount|coupon code",
            "click here",
            "buy now",
            "check out my",
            "crypto|bitcoin|forex",
        ],
    ),
    ("off-topic", &["vote for", "election|elections"]),
];
