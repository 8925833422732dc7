//! Tests for `json`: the published layout of floats and strings, commas only between, and
//! what is written parses back.

use super::*;
use proptest::prelude::*;

fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.write_json(&mut out);
    out
}

fn f64_text(x: f64) -> String {
    to_string(&x)
}

#[test]
fn floats_are_laid_out_as_serde_json_lays_them_out() {
    let cases = [
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (1.0, "1.0"),
        (-12.34, "-12.34"),
        (0.1, "0.1"),
        (1e-5, "0.00001"),
        (1.2e-6, "1.2e-6"),
        (1e15, "1000000000000000.0"),
        (1.5e15, "1500000000000000.0"),
        (9_223_372_036_854_776.0, "9223372036854776.0"),
        // Exactly halfway between two shortest digit strings: serde_json takes the even one.
        (-161_875_826_903_816.0 - 1.0 / 8.0, "-161875826903816.12"),
        (1_712_345_678_901.0 + 1.0 / 32.0, "1712345678901.0312"),
        (1e16, "1e+16"),
        (1.25e100, "1.25e+100"),
        (5e-324, "5e-324"),
        (f64::MAX, "1.7976931348623157e+308"),
        (f64::NAN, "null"),
        (f64::NEG_INFINITY, "null"),
    ];
    for (x, text) in cases {
        assert_eq!(f64_text(x), text, "{x:e}");
    }
}

#[test]
fn control_characters_are_escaped_and_the_rest_is_not() {
    let text = to_string("a\"b\\c\n\r\t\u{8}\u{c}\u{0}\u{1f}\u{7f}é☃🦀/");
    assert_eq!(
        text,
        "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0000\\u001f\u{7f}é☃🦀/\""
    );
}

#[test]
fn objects_and_arrays_put_commas_only_between() {
    let mut out = String::new();
    object(&mut out, |o| {
        o.field("a", &1u32).field("b", &[Some(2.5), None][..]);
        array(o.key("c"), |a| {
            a.item("x");
            object(a.next_item(), |_| {});
            a.item(&Vec::<u16>::new());
        });
        o.field("d", &true);
    });
    assert_eq!(out, r#"{"a":1,"b":[2.5,null],"c":["x",{},[]],"d":true}"#);
    assert_eq!(to_string(&u64::MAX), "18446744073709551615");
}

proptest! {
    #[test]
    fn any_finite_float_reads_back_as_itself(bits in any::<u64>()) {
        let x = f64::from_bits(bits);
        let text = f64_text(x);
        if x.is_finite() {
            prop_assert_eq!(text.parse::<f64>().unwrap().to_bits(), x.to_bits());
        } else {
            prop_assert_eq!(text, "null");
        }
    }
}

proptest! {
    #[test]
    fn any_string_reads_back(s in any::<String>()) {
        let ours = to_string(s.as_str());
        prop_assert_eq!(serde_json::from_str::<String>(&ours).unwrap(), s);
    }

    #[test]
    fn strings_of_awkward_characters_read_back(
        s in "[\"\\\\\u{0}-\u{1f}\u{7f}a-zé☃🦀]{0,40}",
    ) {
        let ours = to_string(s.as_str());
        prop_assert_eq!(serde_json::from_str::<String>(&ours).unwrap(), s);
    }
}
