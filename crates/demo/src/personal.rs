//! Fictional personal data for the planted leaks: 18-digit resident ID numbers with valid
//! GB 11643 check digits and real calendar birth dates, mobile numbers, and the masked forms
//! a compliant 公示 uses (`3301**********1234`, `138****5678`).

use chrono::NaiveDate;

/// One person on a published list.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    /// Name.
    pub name: &'static str,
    /// 男 / 女 (matches the ID number's gender digit).
    pub gender: &'static str,
    /// Full 18-digit ID number.
    pub id: String,
    /// Full 11-digit mobile number.
    pub mobile: String,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// The GB 11643 check character of the first 17 digits.
pub(crate) fn check_digit(first17: &str) -> char {
    let sum: u32 = first17.chars().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
    CHECK[(sum % 11) as usize] as char
}

/// An ID number: 6-digit region, birth date, 3-digit sequence (odd last digit: male).
pub(crate) fn id_number(region: &str, birth: NaiveDate, seq: u32) -> String {
    let first = format!("{region}{}{:03}", birth.format("%Y%m%d"), seq % 1000);
    let check = check_digit(&first);
    format!("{first}{check}")
}

/// `3301**********1234`.
pub(crate) fn mask_id(id: &str) -> String {
    format!("{}**********{}", &id[..4], &id[14..])
}

/// `138****5678`.
pub(crate) fn mask_mobile(m: &str) -> String {
    format!("{}****{}", &m[..3], &m[7..])
}

const NAMES: [[(&str, &str); 6]; 4] = [
    [("王建国", "男"), ("李秀英", "女"), ("张志强", "男"), ("刘桂芳", "女"), ("陈国平", "男"), ("杨玉兰", "女")],
    [("赵丽娟", "女"), ("孙明辉", "男"), ("周海燕", "女"), ("吴建华", "男"), ("郑晓东", "男"), ("钱美玲", "女")],
    [("黄思远", "男"), ("林雨婷", "女"), ("何俊杰", "男"), ("高诗涵", "女"), ("罗文博", "男"), ("梁欣怡", "女")],
    [("冯德明", "男"), ("许春兰", "女"), ("邓卫东", "男"), ("曹淑珍", "女"), ("彭志刚", "男"), ("曾丽华", "女")],
];
const REGIONS: [&str; 5] = ["330102", "330105", "330106", "330108", "330110"];
const PREFIXES: [&str; 8] = ["138", "139", "135", "137", "150", "158", "186", "189"];

/// `n` (at most 6) deterministic people of list `set` (0–3); different sets never repeat.
pub(crate) fn people(set: usize, n: usize) -> Vec<Person> {
    let base = NaiveDate::from_ymd_opt(1956 + 9 * set as i32, 3, 12).expect("valid date");
    NAMES[set % 4]
        .iter()
        .take(n)
        .enumerate()
        .map(|(k, &(name, gender))| {
            let birth = base + chrono::TimeDelta::days(1237 * k as i64 + 97 * set as i64);
            // The sequence's last digit carries the gender: odd for men, even for women.
            let seq = 10 * (17 * k as u32 + 31 * set as u32 + 3) % 1000 + if gender == "男" { 1 } else { 2 };
            let region = REGIONS[(k + set) % REGIONS.len()];
            let body = (12_345_678 + 7919 * set as u64 * 1000 + 104_729 * k as u64 * 37) % 100_000_000;
            Person {
                name,
                gender,
                id: id_number(region, birth, seq),
                mobile: format!("{}{body:08}", PREFIXES[(k * 3 + set) % PREFIXES.len()]),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digit_of_the_textbook_example() {
        assert_eq!(check_digit("11010519491231002"), 'X');
    }

    #[test]
    fn generated_ids_are_valid_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for set in 0..4 {
            for p in people(set, 6) {
                assert_eq!(p.id.len(), 18);
                assert_eq!(check_digit(&p.id[..17]), p.id.chars().last().unwrap());
                let birth = NaiveDate::parse_from_str(&p.id[6..14], "%Y%m%d");
                assert!(birth.is_ok(), "{}", p.id);
                let male = p.id[16..17].parse::<u32>().unwrap() % 2 == 1;
                assert_eq!(male, p.gender == "男");
                assert_eq!(p.mobile.len(), 11);
                assert!(seen.insert(p.id.clone()));
            }
        }
    }

    #[test]
    fn masks_keep_four_and_four() {
        assert_eq!(mask_id("330102198001011234"), "3301**********1234");
        assert_eq!(mask_mobile("13812345678"), "138****5678");
    }
}
