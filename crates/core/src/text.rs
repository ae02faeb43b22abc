//! Shared immutable text for records a large site holds by the hundred thousand (findings,
//! kept links, page URLs, breadcrumbs):
//! [`Text`] is a reference-counted `str` that clones without copying, and [`Interner`] makes
//! equal texts one allocation. A site of 100,000 pages makes ~300,000 findings whose URLs,
//! messages and evidence repeat (the same template link on every page): interned, they take
//! a fifth of the memory of one `String` per field.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// An immutable, cheaply cloned string. Reads like a `&str` (it derefs to one), compares,
/// orders and hashes as its text, and serializes as a plain JSON string.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Arc<str>);

impl Text {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether two values share one allocation (what [`Interner`] arranges for equal texts).
    pub fn shares(&self, other: &Text) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::from("")
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(Arc::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Arc::from(s))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text(Arc::from(s.as_str()))
    }
}

impl From<&Text> for Text {
    fn from(s: &Text) -> Self {
        s.clone()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Text::from)
    }
}

/// Makes equal texts share one allocation: [`Interner::intern`] swaps a text for the copy
/// already seen. Drop the interner when done; the texts stay alive through their holders.
#[derive(Default)]
pub struct Interner(HashSet<Text>);

impl Interner {
    /// Replaces `t` by the first equal text seen, or remembers it.
    pub fn intern(&mut self, t: &mut Text) {
        match self.0.get(t.as_str()) {
            Some(seen) => *t = seen.clone(),
            None => {
                self.0.insert(t.clone());
            }
        }
    }

    /// The text equal to `s` seen before, or a new one (then remembered): no allocation
    /// for a text seen before.
    pub fn text(&mut self, s: &str) -> Text {
        match self.0.get(s) {
            Some(seen) => seen.clone(),
            None => {
                let t = Text::from(s);
                self.0.insert(t.clone());
                t
            }
        }
    }

    /// How many distinct texts have been seen.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing has been seen.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_compares_and_serializes_like_a_string() {
        let t = Text::from("链接不可访问 (404)");
        assert_eq!(t, "链接不可访问 (404)");
        assert_eq!(t.as_str(), "链接不可访问 (404)");
        assert!(t.starts_with("链接"));
        assert_eq!(t.to_string(), "链接不可访问 (404)");
        assert_eq!(format!("{t:?}"), format!("{:?}", "链接不可访问 (404)"));
        assert_eq!(serde_json::to_string(&t).unwrap(), serde_json::to_string("链接不可访问 (404)").unwrap());
        let back: Text = serde_json::from_str("\"a\\\"b\"").unwrap();
        assert_eq!(back, "a\"b");
        let (a, b) = (Text::from("a"), Text::from("b"));
        assert!(a < b, "ordered as their text");
        assert_eq!(Text::default(), "");
    }

    #[test]
    fn equal_texts_share_one_allocation_once_interned() {
        let mut interner = Interner::default();
        let mut a = Text::from(String::from("http://s/a"));
        let mut b = Text::from("http://s/a");
        let mut c = Text::from("http://s/c");
        assert!(!a.shares(&b));
        interner.intern(&mut a);
        interner.intern(&mut b);
        interner.intern(&mut c);
        assert!(a.shares(&b), "the second equal text is swapped for the first");
        assert!(!a.shares(&c));
        assert_eq!((a.as_str(), c.as_str()), ("http://s/a", "http://s/c"));
        assert_eq!(interner.len(), 2);
        assert!(interner.text("http://s/c").shares(&c), "a text seen before is not copied again");
        assert_eq!(interner.text("http://s/d"), "http://s/d");
        assert_eq!(interner.len(), 3);
    }
}
