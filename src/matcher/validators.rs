//! Check-digit validators for identifiers a rule's pattern has found.
//!
//! A pattern finds text shaped like an identifier; a validator decides whether
//! that text could really be one. Rules name them with `validate:`.
//!
//! * `nhs-number`: NHS number (England, Wales, Isle of Man) and the Northern
//!   Ireland Health and Care number, which shares its format: ten digits whose
//!   last is a modulus-11 check digit (NHS Data Dictionary, "NHS NUMBER").
//! * `chi-number`: Scottish Community Health Index number: ten digits, the first
//!   six a date of birth `DDMMYY`, the last a modulus-11 check digit (NHS Data
//!   Dictionary, "COMMUNITY HEALTH INDEX NUMBER").
//!
//! * `nino`: UK National Insurance number: two prefix letters, six digits, a
//!   suffix letter A-D, with HMRC's letter rules (HMRC National Insurance
//!   Manual NIM39110): the first letter is not D, F, I, Q, U or V; the second
//!   is not D, F, I, O, Q, U or V; the prefixes BG, GB, KN, NK, NT, TN and ZZ
//!   are not allocated.
//! * `uk-postcode`: a postcode with the BS 7666 shape: outward code `A9`, `A99`,
//!   `AA9`, `AA99`, `A9A` or `AA9A` and inward code `9AA`, with the letter
//!   restrictions of each position (or `GIR 0AA`).
//! * `uk-phone`: a UK telephone number: `0` plus 9 or 10 digits, or `+44`
//!   (optionally `(0)`) plus 9 or 10 digits, in a real number range (01, 02,
//!   03, 05, 07, 08, 09).
//! * `uk-mobile`: a UK mobile number (071-075, 077-079).
//!
//! Number validators ignore separators (spaces, hyphens, dots); any other
//! non-digit fails. Letter validators ignore case and spaces.

/// A named validator a rule can apply to its matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validator {
    /// NHS or Health and Care number (modulus 11).
    NhsNumber,
    /// Scottish CHI number (date of birth + modulus 11).
    ChiNumber,
    /// UK National Insurance number.
    Nino,
    /// UK postcode (BS 7666 shape).
    UkPostcode,
    /// UK telephone number.
    UkPhone,
    /// UK mobile telephone number.
    UkMobile,
}

impl Validator {
    /// Every validator name, for error messages and documentation.
    pub const NAMES: &'static [&'static str] = &[
        "nhs-number",
        "chi-number",
        "nino",
        "uk-postcode",
        "uk-phone",
        "uk-mobile",
    ];

    /// The validator called `name` in rule files.
    pub fn by_name(name: &str) -> Option<Self> {
        match name {
            "nhs-number" => Some(Self::NhsNumber),
            "chi-number" => Some(Self::ChiNumber),
            "nino" => Some(Self::Nino),
            "uk-postcode" => Some(Self::UkPostcode),
            "uk-phone" => Some(Self::UkPhone),
            "uk-mobile" => Some(Self::UkMobile),
            _ => None,
        }
    }

    /// Whether `text` passes this validator.
    pub fn check(self, text: &str) -> bool {
        match self {
            Self::NhsNumber => nhs_number_is_valid(text),
            Self::ChiNumber => chi_number_is_valid(text),
            Self::Nino => nino_is_valid(text),
            Self::UkPostcode => uk_postcode_is_valid(text),
            Self::UkPhone => uk_phone_digits(text).is_some(),
            Self::UkMobile => uk_phone_digits(text).is_some_and(|d| is_mobile(&d)),
        }
    }
}

/// The digits of `text` if it is exactly ten digits with optional separators.
fn ten_digits(text: &str) -> Option<[u8; 10]> {
    let mut digits = [0u8; 10];
    let mut n = 0;
    for c in text.chars() {
        match c {
            '0'..='9' => {
                *digits.get_mut(n)? = c as u8 - b'0';
                n += 1;
            }
            ' ' | '-' | '.' | '\u{00A0}' => {}
            _ => return None,
        }
    }
    (n == 10).then_some(digits)
}

/// The modulus-11 check digit for nine digits, or `None` when the remainder
/// calls for 10 (such numbers are never issued).
///
/// Weights 10 down to 2; check = 11 − (sum mod 11), with 11 meaning 0.
pub fn mod11_check_digit(first_nine: &[u8; 9]) -> Option<u8> {
    let sum: u32 = first_nine
        .iter()
        .zip((2..=10).rev())
        .map(|(&d, w)| u32::from(d) * w)
        .sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        check => u8::try_from(check).ok(),
    }
}

fn mod11_valid(digits: &[u8; 10]) -> bool {
    let mut first_nine = [0u8; 9];
    first_nine.copy_from_slice(&digits[..9]);
    mod11_check_digit(&first_nine) == Some(digits[9])
}

/// Whether `text` is an NHS or Health and Care number: ten digits (optionally
/// grouped 3-3-4 with spaces, hyphens or dots) with a valid modulus-11 check digit.
pub fn nhs_number_is_valid(text: &str) -> bool {
    ten_digits(text).is_some_and(|d| mod11_valid(&d))
}

/// Whether `text` is a CHI number: ten digits whose first six are a real
/// calendar date `DDMMYY` and whose last is a valid modulus-11 check digit.
pub fn chi_number_is_valid(text: &str) -> bool {
    let Some(d) = ten_digits(text) else {
        return false;
    };
    let day = d[0] * 10 + d[1];
    let month = d[2] * 10 + d[3];
    let year = d[4] * 10 + d[5];
    is_calendar_date(day, month, year) && mod11_valid(&d)
}

/// Whether `day`/`month` exist in a year ending in `yy` (either century).
fn is_calendar_date(day: u8, month: u8, yy: u8) -> bool {
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        // 29 February exists in some year of either century whenever yy is a
        // multiple of 4 (2000 was a leap year even though 1900 was not).
        2 if yy.is_multiple_of(4) => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

/// Whether `text` is a National Insurance number (spaces allowed anywhere).
pub fn nino_is_valid(text: &str) -> bool {
    let compact: Vec<u8> = text
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .map(|b| b.to_ascii_uppercase())
        .collect();
    let [a, b, digits @ .., suffix] = compact.as_slice() else {
        return false;
    };
    digits.len() == 6
        && digits.iter().all(u8::is_ascii_digit)
        && a.is_ascii_uppercase()
        && b.is_ascii_uppercase()
        && !b"DFIQUV".contains(a)
        && !b"DFIOQUV".contains(b)
        && !matches!(
            &[*a, *b],
            b"BG" | b"GB" | b"KN" | b"NK" | b"NT" | b"TN" | b"ZZ"
        )
        && (b'A'..=b'D').contains(suffix)
}

/// Whether `text` is a postcode with the BS 7666 shape (case and the space between
/// the outward and inward codes do not matter).
pub fn uk_postcode_is_valid(text: &str) -> bool {
    let compact: Vec<u8> = text
        .bytes()
        .filter(|b| *b != b' ')
        .map(|b| b.to_ascii_uppercase())
        .collect();
    if compact == b"GIR0AA" {
        return true;
    }
    if !(5..=7).contains(&compact.len()) {
        return false;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let inward_ok = inward[0].is_ascii_digit()
        && inward[1..]
            .iter()
            .all(|c| c.is_ascii_uppercase() && !b"CIKMOV".contains(c));
    let first_ok = |c: u8| c.is_ascii_uppercase() && !b"QVX".contains(&c);
    let second_ok = |c: u8| c.is_ascii_uppercase() && !b"IJZ".contains(&c);
    let digit = |c: u8| c.is_ascii_digit();
    let outward_ok = match *outward {
        [a, n] => first_ok(a) && digit(n),
        [a, n, m] if digit(n) && digit(m) => first_ok(a),
        [a, n, l] if digit(n) => first_ok(a) && b"ABCDEFGHJKSTUW".contains(&l),
        [a, b, n] => first_ok(a) && second_ok(b) && digit(n),
        [a, b, n, m] if digit(n) && digit(m) => first_ok(a) && second_ok(b),
        [a, b, n, l] => first_ok(a) && second_ok(b) && digit(n) && b"ABEHMNPRVWXY".contains(&l),
        _ => false,
    };
    outward_ok && inward_ok
}

/// The national digits (starting with 0) of a UK telephone number, if `text` is one.
fn uk_phone_digits(text: &str) -> Option<Vec<u8>> {
    let t = text.trim();
    let (international, rest) = match t.strip_prefix("+44") {
        Some(rest) => (true, rest.trim_start().trim_start_matches("(0)")),
        None => (false, t),
    };
    let mut digits = Vec::new();
    if international {
        digits.push(0);
    }
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c as u8 - b'0'),
            ' ' | '-' | '.' | '(' | ')' | '\u{00A0}' => {}
            _ => return None,
        }
    }
    if international && digits.get(1) == Some(&0) {
        return None;
    }
    let valid_range =
        digits.first() == Some(&0) && matches!(digits.get(1), Some(1 | 2 | 3 | 5 | 7 | 8 | 9));
    (valid_range && (10..=11).contains(&digits.len())).then_some(digits)
}

fn is_mobile(national: &[u8]) -> bool {
    national.len() == 11 && national[1] == 7 && matches!(national[2], 1..=5 | 7..=9)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Make a valid number from nine digits (or `None` when none exists).
    fn complete(first_nine: u64) -> Option<String> {
        let s = format!("{first_nine:09}");
        let mut nine = [0u8; 9];
        for (slot, b) in nine.iter_mut().zip(s.bytes()) {
            *slot = b - b'0';
        }
        mod11_check_digit(&nine).map(|c| format!("{s}{c}"))
    }

    #[test]
    fn documented_worked_example() {
        // The NHS Data Dictionary's format example, 943 476 5919, is valid.
        assert!(nhs_number_is_valid("943 476 5919"));
        assert!(nhs_number_is_valid("943-476-5919"));
        assert!(nhs_number_is_valid("9434765919"));
        // The widely printed syntax example fails the check.
        assert!(!nhs_number_is_valid("987 654 4321"));
    }

    #[test]
    fn generated_numbers_are_valid_and_every_other_last_digit_is_not() {
        // Walk the test range 999 000 000x upwards: every completed number must
        // validate, and every other final digit must fail.
        let mut checked = 0;
        for first_nine in 999_000_000u64..999_000_400 {
            let Some(valid) = complete(first_nine) else {
                continue;
            };
            assert!(nhs_number_is_valid(&valid), "{valid}");
            let last = valid.as_bytes()[9] - b'0';
            for wrong in (0..10u8).filter(|&d| d != last) {
                let invalid = format!("{}{wrong}", &valid[..9]);
                assert!(!nhs_number_is_valid(&invalid), "{invalid}");
            }
            checked += 1;
        }
        assert!(checked > 300);
    }

    #[test]
    fn remainder_ten_is_never_valid() {
        // 999 000 000x needs check digit 10, so no final digit makes it valid.
        let nine = [9, 9, 9, 0, 0, 0, 0, 0, 0];
        assert_eq!(mod11_check_digit(&nine), None);
        assert!((0..10).all(|d| !nhs_number_is_valid(&format!("999000000{d}"))));
    }

    #[test]
    fn wrong_lengths_and_characters_fail() {
        assert!(!nhs_number_is_valid("999000001"));
        assert!(!nhs_number_is_valid("99900000180"));
        assert!(!nhs_number_is_valid("999 000 001O"));
        assert!(!nhs_number_is_valid(""));
    }

    #[test]
    fn chi_needs_a_date_and_a_check_digit() {
        // Generate CHI numbers from synthetic dates of birth at test time.
        let mut valid = 0;
        for (day, month, year) in [(1u32, 1u32, 0u32), (29, 2, 88), (31, 12, 99), (15, 6, 45)] {
            for serial in 0..40u32 {
                let nine = format!("{day:02}{month:02}{year:02}{serial:03}");
                let Some(chi) = complete(nine.parse().unwrap()) else {
                    continue;
                };
                assert!(chi_number_is_valid(&chi), "{chi}");
                assert!(chi_number_is_valid(&format!("{} {}", &chi[..6], &chi[6..])));
                valid += 1;
            }
        }
        assert!(valid > 100);
        // Same check digit arithmetic, impossible dates.
        for bad_date in [
            320_100_000u64,
            311_100_000,
            300_200_000,
            290_289_000,
            10_000_000,
        ] {
            let chi = complete(bad_date)
                .or_else(|| complete(bad_date + 1))
                .unwrap();
            assert!(!chi_number_is_valid(&chi), "{chi}");
        }
    }

    #[test]
    fn national_insurance_numbers() {
        // HMRC's documentation example uses the unallocated prefix QQ.
        assert!(!nino_is_valid("QQ 12 34 56 A"));
        for ok in [
            "AB 12 34 56 C",
            "ab123456c",
            "HH 01 02 03 D",
            "TW987654A",
            "AZ 123 456 A",
        ] {
            assert!(nino_is_valid(ok), "{ok}");
        }
        for bad in [
            "AB 12 34 56 E",
            "AB 12 34 56 1",
            "DA123456A",
            "AO123456A",
            "BG123456A",
            "ZZ123456A",
            "NT998877A",
            "AB1234567A",
            "AB12345A",
        ] {
            assert!(!nino_is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn postcodes() {
        // RCOT's published office postcode, and one of each outward shape.
        for ok in [
            "SE1 1LB", "M1 1AA", "M60 1NW", "CR2 6XH", "DN55 1PT", "W1A 1HQ", "EC1A 1BB",
            "GIR 0AA", "ec1a1bb", "BT1 5GS",
        ] {
            assert!(uk_postcode_is_valid(ok), "{ok}");
        }
        for bad in [
            "QA1 1AA", "VA1 1AA", "AI1 1AA", "M1 1CA", "M1 1AI", "1A1 1AA", "W1I 1AA", "EC1C 1BB",
            "12345", "SW1A",
        ] {
            assert!(!uk_postcode_is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn phone_numbers() {
        // Ofcom's drama ranges.
        for ok in [
            "07700 900461",
            "07700900123",
            "020 7946 0123",
            "0113 496 0123",
            "01632 960123",
            "+44 7700 900461",
            "+44 (0)20 7946 0123",
            "+447700900461",
        ] {
            assert!(Validator::UkPhone.check(ok), "{ok}");
        }
        for bad in [
            "7700 900461",
            "0113 496 01",
            "07700 9004611",
            "+44 07700 900461",
            "04700 900461",
            "999",
            "116 123",
            "+1 415 555 0132",
        ] {
            assert!(!Validator::UkPhone.check(bad), "{bad}");
        }
        assert!(Validator::UkMobile.check("07700 900461"));
        assert!(!Validator::UkMobile.check("0113 496 0123"));
        assert!(!Validator::UkMobile.check("07600 900461"));
    }

    #[test]
    fn leap_days() {
        assert!(is_calendar_date(29, 2, 0));
        assert!(is_calendar_date(29, 2, 24));
        assert!(!is_calendar_date(29, 2, 23));
        assert!(!is_calendar_date(0, 1, 23));
        assert!(!is_calendar_date(1, 13, 23));
    }
}
