//! A deterministic corpus of realistic draft posts, for benchmarks and the
//! `gen_corpus` example.
//!
//! The posts read like what UK health and care professionals draft for social
//! media: CPD, placements, events, equipment, service news and the odd rant,
//! with hashtags, @mentions, URLs, emoji (ZWJ sequences and skin tones
//! included), greetings in other scripts and line breaks. They are 50 to 3,000
//! characters long. About one in ten contains a breach the default pack looks
//! for: an NHS number from the 999 test range with a valid check digit, a
//! ward and bed reference to a patient, a derogatory label, a discount code
//! without `#ad`, a hospital number, an invitation to DM for advice, a
//! service-user friend request, or speaking for the employer.
//!
//! Everything comes from a fixed xorshift seed, so the same `n` always gives
//! the same posts, byte for byte, on every machine.
//!
//! Shared by `benches/*.rs` and `examples/gen_corpus.rs` with
//! `#[path = ...] mod corpus;`, so not every item is used by each includer.
#![allow(dead_code)]

/// The seed used by the benchmarks and by `gen_corpus` unless told otherwise.
pub const DEFAULT_SEED: u64 = 0x5EED_0F07_5711_5700;

/// Shortest and longest post, in characters (Unicode scalar values).
pub const MIN_CHARS: usize = 50;
/// See [`MIN_CHARS`].
pub const MAX_CHARS: usize = 3_000;

/// Share of posts with a breach, in per mille.
pub const BREACH_PER_MILLE: u64 = 100;

/// A generated post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    /// Its text (never contains a line holding only `---`, never ends with a
    /// line break).
    pub text: String,
    /// The kind of breach planted in it, if any.
    pub breach: Option<&'static str>,
}

/// xorshift64* (Vigna): small, fast and plenty for picking words.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (0 is replaced, as xorshift must not start at 0).
    pub fn new(seed: u64) -> Self {
        Rng(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        // The high bits of xorshift* are the good ones.
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `per_mille`/1000.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        (self.below(1000) as u64) < per_mille
    }

    /// One element of `items`.
    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

/// `n` posts from [`DEFAULT_SEED`].
pub fn posts(n: usize) -> Vec<Post> {
    generate(n, DEFAULT_SEED)
}

/// `n` posts from `seed`.
pub fn generate(n: usize, seed: u64) -> Vec<Post> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| post(&mut rng)).collect()
}

/// The posts as one `.txt` thread file: posts separated by lines `---`.
pub fn thread_file(posts: &[Post]) -> String {
    let mut out = String::with_capacity(posts.iter().map(|p| p.text.len() + 5).sum());
    for (i, p) in posts.iter().enumerate() {
        if i > 0 {
            out.push_str("\n---\n");
        }
        out.push_str(&p.text);
    }
    out.push('\n');
    out
}

/// One post.
pub fn post(rng: &mut Rng) -> Post {
    // Most posts are short; a tail runs to LinkedIn length.
    let target = match rng.below(100) {
        0..=59 => rng.range(MIN_CHARS, 280),
        60..=84 => rng.range(281, 1_000),
        _ => rng.range(1_001, MAX_CHARS),
    };
    let breach = rng.chance(BREACH_PER_MILLE).then(|| breach(rng));
    let reserved = breach.as_ref().map_or(0, |(_, s)| s.chars().count() + 1);
    let mut sentences = body(rng, target.saturating_sub(reserved).max(1));
    let kind = breach.map(|(kind, sentence)| {
        let at = rng.below(sentences.len() + 1);
        sentences.insert(at, sentence);
        kind
    });
    let mut text = join(rng, &sentences);
    pad_and_trim(rng, &mut text);
    Post { text, breach: kind }
}

/// Filler sentences adding up to about `budget` characters (at least one).
fn body(rng: &mut Rng, budget: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut len = 0;
    while out.is_empty() || len < budget {
        let s = sentence(rng);
        let n = s.chars().count() + 1;
        if !out.is_empty() && len + n > budget + 40 {
            // Too long to fit: try a short ending instead, then stop.
            let end = rng.pick(CLOSERS).to_owned();
            if len + end.chars().count() < budget + 40 {
                out.push(end);
            }
            break;
        }
        len += n;
        out.push(s);
    }
    out
}

/// Join sentences with spaces and the occasional line break or blank line.
fn join(rng: &mut Rng, sentences: &[String]) -> String {
    let mut text = String::new();
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            text.push_str(match rng.below(10) {
                0..=5 => " ",
                6..=7 => "\n",
                _ => "\n\n",
            });
        }
        text.push_str(s);
    }
    text
}

/// Bring the post into `MIN_CHARS..=MAX_CHARS` characters.
fn pad_and_trim(rng: &mut Rng, text: &mut String) {
    while text.chars().count() < MIN_CHARS {
        text.push(' ');
        text.push_str(rng.pick(HASHTAGS));
    }
    if text.chars().count() > MAX_CHARS {
        let cut = text
            .char_indices()
            .nth(MAX_CHARS)
            .map_or(text.len(), |(i, _)| i);
        // End on a word boundary (every sentence has spaces well before 3,000).
        let cut = text[..cut].rfind([' ', '\n']).unwrap_or(cut);
        text.truncate(cut);
    }
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
}

/// One filler sentence, with extras.
fn sentence(rng: &mut Rng) -> String {
    let mut s = String::from(rng.pick(SENTENCES));
    if s.contains("{tool}") {
        s = s.replace("{tool}", rng.pick(TOOLS));
    }
    if s.contains("{topic}") {
        s = s.replace("{topic}", rng.pick(TOPICS));
    }
    if s.contains("{place}") {
        s = s.replace("{place}", rng.pick(PLACES));
    }
    if s.contains("{who}") {
        s = s.replace("{who}", rng.pick(MENTIONS));
    }
    if s.contains("{n}") {
        s = s.replace("{n}", &rng.range(2, 60).to_string());
    }
    // Extras, each added with these odds per thousand.
    for (odds, extras) in [
        (250, EMOJI),
        (120, MENTIONS),
        (100, URLS),
        (60, OTHER_SCRIPTS),
    ] {
        if rng.chance(odds) {
            s.push(' ');
            s.push_str(rng.pick(extras));
        }
    }
    if rng.chance(220) {
        // One to three distinct hashtags.
        let first = rng.below(HASHTAGS.len());
        for k in 0..rng.range(1, 3) {
            s.push(' ');
            s.push_str(HASHTAGS[(first + k * 5) % HASHTAGS.len()]);
        }
    }
    s
}

/// A breach sentence and its kind.
fn breach(rng: &mut Rng) -> (&'static str, String) {
    match rng.below(9) {
        0 => {
            let n = test_nhs_number(rng);
            let label = rng.pick(&["NHS no", "NHS number", "NHS No.", "nhs no:"]);
            let s = match rng.below(3) {
                0 => format!(
                    "Can anyone help trace a referral? Pt {label} {n} came through on Friday and nobody has called him back."
                ),
                1 => format!(
                    "Chasing the wheelchair for my lady, {label} {n}, third week now {}",
                    rng.pick(&["😩", "🙄", "🤦🏻\u{200d}♀\u{fe0f}"])
                ),
                _ => format!("Discharge letter for {n} still not sent, patient's been waiting a week."),
            };
            ("nhs-number", s)
        }
        1 => {
            let s = format!(
                "{} in bed {} on {} Ward finally got home today after {} weeks {}",
                rng.pick(&["The lady", "The gentleman", "Mr H", "Our lovely 92-year-old"]),
                rng.range(1, 30),
                rng.pick(&["Ash", "Rowan", "Cedar", "Ward 7 (Elm)", "Larch"]),
                rng.range(2, 12),
                rng.pick(&["💜", "🎉", "🥹"]),
            );
            ("ward-bed", s)
        }
        2 => {
            let s = rng
                .pick(&[
                    "Another bed blocker on the ward and social care won't budge.",
                    "Our frequent flyer is back in A&E again this weekend, third time in a fortnight.",
                    "Honestly some of the old dears on the unit are pure acopia.",
                    "Heartsink patient of the week award goes to bay 3 😂",
                    "Wheelchair-bound gent kept calling the buzzer, such a time waster.",
                ])
                .to_owned();
            ("derogatory", s)
        }
        3 => {
            let s = format!(
                "Thanks {} for my gifted {} - obsessed! Use code {} for {}% off {}",
                rng.pick(&["@SensoryWorld", "@GripAidsUK", "@ComfyCushionCo", "@OTKitShop"]),
                rng.pick(&["weighted blanket", "perching stool", "fidget kit", "wrist splint"]),
                rng.pick(&["OTJESS15", "SARAH-OT10", "PHYSIOMAX20", "CARER25"]),
                rng.pick(&["10", "15", "20", "25"]),
                rng.pick(&["💜", "✨", "🙌🏽"]),
            );
            ("undisclosed-ad", s)
        }
        4 => {
            let s = format!(
                "Hosp no K{} still hasn't had his splint reviewed.",
                rng.range(1_000_000, 9_999_999)
            );
            ("hospital-number", s)
        }
        5 => (
            "private-advice",
            rng.pick(&[
                "If your shoulder is still sore after the op, DM me and I'll have a look at a photo.",
                "Struggling with back pain? Message me a video of how you sit and I can assess it.",
            ])
            .to_owned(),
        ),
        6 => (
            "social-connection",
            rng.pick(&[
                "One of my patients sent me a friend request on Facebook after discharge, accepted it.",
                "Ex-client added me on Insta and we follow each other now, she's doing so well!",
            ])
            .to_owned(),
        ),
        7 => (
            "speaking-for-employer",
            format!(
                "As lead OT for {} I can confirm the trust will not be rolling out the new falls pathway this year.",
                rng.pick(&[
                    "Northtown NHS Trust,",
                    "Riverside Community Health,",
                    "Eastshire ICB,"
                ])
            ),
        ),
        _ => (
            "date-of-birth",
            format!(
                "Pt DOB {:02}/{:02}/19{} admitted overnight with a fall.",
                rng.range(1, 28),
                rng.range(1, 12),
                rng.range(30, 60)
            ),
        ),
    }
}

/// A ten-digit NHS number from the 999 test range (never issued to anyone)
/// with a valid modulus-11 check digit, grouped 3-3-4.
pub fn test_nhs_number(rng: &mut Rng) -> String {
    loop {
        let mut digits = [9u32, 9, 9, 0, 0, 0, 0, 0, 0, 0];
        for d in &mut digits[3..9] {
            *d = rng.below(10) as u32;
        }
        let sum: u32 = digits[..9]
            .iter()
            .zip((2..=10).rev())
            .map(|(d, w)| d * w)
            .sum();
        let check = (11 - sum % 11) % 11;
        if check == 10 {
            continue;
        }
        digits[9] = check;
        let s: String = digits.iter().map(|d| char::from(b'0' + *d as u8)).collect();
        return format!("{} {} {}", &s[..3], &s[3..6], &s[6..]);
    }
}

const SENTENCES: &[&str] = &[
    "Two days learning about {topic}: my head is full and my reflective log is up to date.",
    "Huge thanks to {who} for a thought-provoking session on {topic} this morning.",
    "Reflecting on a busy week in {place}: so much good work happening quietly.",
    "Our team has been trialling {tool} and the feedback so far is really encouraging.",
    "Anyone got good resources on {topic} for a newly qualified OT? Asking for a student.",
    "Students, remember that placement is about learning, not knowing everything already.",
    "Today marks {n} years since I qualified and I still love this job.",
    "Delighted to share that our poster on {topic} was accepted for the RCOT conference!",
    "The evidence on {topic} has moved on a lot in the last five years; worth a re-read.",
    "Quick reminder that Carers Week is coming up - check in on the carers in your life.",
    "Spent the afternoon adapting a kitchen with {tool} and a lot of creativity.",
    "Great to see {n} people at our community falls prevention drop-in at {place} today.",
    "Supervision this week was exactly what I needed. Protect that time, managers!",
    "Wondering how other teams manage waiting lists for {topic} without burning out.",
    "Our recruitment open day is on Saturday at {place}, come and say hello.",
    "If you haven't read the new guidance on {topic} yet, it's short and very practical.",
    "Running a journal club next month on {topic}; all AHPs welcome.",
    "Proud of our apprentices who passed their end-point assessments this week.",
    "Every time someone asks what OTs do I say: we help people do the things that matter to them.",
    "Coffee, handover, huddle, go. Thursday mornings in {place} have a rhythm of their own.",
    "I've been thinking about how we talk about risk, and how often we mean our own anxiety.",
    "A reminder that {tool} is not a substitute for a proper assessment of the home environment.",
    "Loved co-producing our new leaflet on {topic} with the people who actually use the service.",
    "Three things I wish I'd known as a student: ask early, write it down, and eat lunch.",
    "Our webinar on {topic} is now online with captions and a transcript.",
    "Ward-based therapy is changing fast and we need to keep the person at the centre.",
    "Shout out to the domestic and portering teams who keep {place} running.",
    "Nothing online is ever truly private, so think before you post, colleagues.",
    "Registration for the regional AHP conference closes on Friday.",
    "We measured our outcomes for {topic} using goal attainment scaling and learnt a lot.",
    "Pleased to be presenting with {who} on {topic} next week.",
    "Does anyone have experience of {tool} in a forensic setting? Keen to hear.",
    "Sunday reading: a lovely qualitative study on {topic}.",
    "Our Welsh-language clinic at {place} is growing; diolch to everyone involved.",
    "Grateful for colleagues who make time to teach, even on the hardest shifts.",
    "The waiting room at {place} has new accessible signage thanks to our service users' group.",
    "Pacing, planning and prioritising: still the most useful fatigue advice I know.",
    "Mental health OTs, what are your favourite group activities for winter?",
    "Really interesting debate at the branch meeting about {topic} and workforce.",
    "Off to {place} for a day of home visits with {tool} in the boot.",
    "Top tips for new starters:\n1. Ask questions.\n2. Find your people.\n3. Write notes the same day.",
    "\"Nothing about us without us\" should be on the wall of every service planning meeting.",
    "Ten minutes of graded activity a day adds up; small steps are still steps.",
    "Our caseload numbers for {topic} have doubled since 2019 while staffing has not.",
    "Brilliant to host {n} first-year students at {place} - the questions kept us on our toes!",
    "Lunchtime learning today: {who} walked us through {topic} in twenty minutes flat.",
    "Night shift done. Tea, toast, bed. See you all on Monday.",
    "Can we talk about how much unpaid overtime goes into report writing?",
    "Celebrating our support workers today - the backbone of {place}.",
    "Hot take: {tool} is only as good as the goals it serves.",
    "Book club pick this month is about {topic}; copies at {place} reception.",
];

const CLOSERS: &[&str] = &[
    "Views my own.",
    "More soon!",
    "Thoughts welcome.",
    "Have a good weekend all.",
    "#OTalk",
    "Thank you!",
];

const TOPICS: &[&str] = &[
    "hand therapy for people with arthritis",
    "sensory integration",
    "vocational rehabilitation",
    "fatigue management in long COVID",
    "falls prevention",
    "dementia-friendly environments",
    "seating and postural management",
    "moving and handling",
    "hand therapy after tendon repair",
    "cognitive rehabilitation after stroke",
    "trauma-informed care",
    "occupational justice",
    "social prescribing",
    "paediatric handwriting",
    "perinatal mental health",
    "frailty",
    "telehealth assessments",
    "pressure care",
];

const TOOLS: &[&str] = &[
    "a perching stool",
    "the new hoist",
    "a bath board",
    "grab rails",
    "the Assessment of Motor and Process Skills",
    "the COPM",
    "a weighted blanket",
    "a tablet-based cognitive screen",
    "a rise-and-recline chair",
    "adapted cutlery",
];

const PLACES: &[&str] = &[
    "the community hub",
    "Northtown library",
    "the day hospital",
    "our outpatient clinic",
    "the rehab unit",
    "Riverside leisure centre",
    "the university",
    "the reablement service",
];

const HASHTAGS: &[&str] = &[
    "#OTalk",
    "#OccupationalTherapy",
    "#OTweek",
    "#AHPs",
    "#NHS",
    "#CPD",
    "#StudentOT",
    "#Physio",
    "#NursingTwitter",
    "#SLT",
    "#DementiaAwareness",
    "#FallsPrevention",
    "#MentalHealthAwareness",
    "#CarersWeek",
    "#AHPsDay",
    "#SocialCare",
    "#WeAreTheNHS",
    "#InclusionMatters",
];

const MENTIONS: &[&str] = &[
    "@theRCOT",
    "@The_HCPC",
    "@NHSEngland",
    "@nmcnews",
    "@theBMA",
    "@RCSLT",
    "@thecsp",
    "@AHPsEngland",
    "@DementiaUK",
    "@CarersUK",
    "@OTalk_",
];

const URLS: &[&str] = &[
    "https://www.rcot.co.uk/practice-resources",
    "https://www.nhs.uk/conditions/falls/",
    "https://doi.org/10.1177/03080226231234567",
    "https://www.hcpc-uk.org/standards/",
    "https://example.org/events/ahp-conference-2026?utm_source=twitter&utm_medium=social",
    "https://bit.ly/3xOTtalk",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
];

const EMOJI: &[&str] = &[
    "💜",
    "✅",
    "🙌",
    "👏🏽",
    "👩🏾\u{200d}⚕\u{fe0f}",
    "🧑\u{200d}🦽",
    "❤\u{fe0f}",
    "🏳\u{fe0f}\u{200d}🌈",
    "👨\u{200d}👩\u{200d}👧",
    "🤷🏻\u{200d}♀\u{fe0f}",
    "😂",
    "☕",
    "🎉🎉",
    "🙏🏿",
    "💪🏼",
    "🏴\u{e0067}\u{e0062}\u{e0077}\u{e006c}\u{e0073}\u{e007f}",
];

const OTHER_SCRIPTS: &[&str] = &[
    "Diolch yn fawr!",
    "Dziękuję wszystkim!",
    "شکریہ",
    "ਧੰਨਵਾਦ",
    "ধন্যবাদ",
    "谢谢大家",
    "धन्यवाद",
    "Ευχαριστώ πολύ",
    "Mulțumesc!",
    "شكرا جزيلا",
    "Tapadh leibh",
    "ありがとう",
];
