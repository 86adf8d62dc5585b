//! Masking matched text that may identify a person.

/// Mask `text`, keeping its layout (spaces, punctuation) but hiding letters and
/// digits: the first is kept, and for long numbers (eight digits or more) the
/// last two, so `999 000 0018` becomes `9•• ••• ••18` and `Mrs Hughes` becomes
/// `M•• ••••••`.
pub fn mask(text: &str) -> String {
    let total = text.chars().filter(|c| c.is_alphanumeric()).count();
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let keep_tail = if digits >= 8 { 2 } else { 0 };
    let mut seen = 0;
    text.chars()
        .map(|c| {
            if !c.is_alphanumeric() {
                return c;
            }
            seen += 1;
            if seen == 1 || seen > total - keep_tail {
                c
            } else {
                '•'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn keeps_shape_hides_content() {
        assert_eq!(mask("999 000 0018"), "9•• ••• ••18");
        assert_eq!(mask("9990000018"), "9•••••••18");
        assert_eq!(mask("Mrs Hughes"), "M•• ••••••");
        assert_eq!(mask("JB"), "J•");
        assert_eq!(mask(""), "");
    }
}
