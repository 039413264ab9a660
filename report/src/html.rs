//! Small helpers shared by the sections: escaping, number formats, colours.

use std::fmt::Write;

/// `text` escaped for HTML text and attribute values (both quote kinds).
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// A value as JSON that is safe inside a `<script type="application/json">` element: `<`, `>`
/// and `&` only ever occur inside JSON strings, where `\u003c` and friends mean the same.
pub(crate) fn script_json(value: &serde_json::Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(ch),
        }
    }
    out
}

/// Minutes as `rota check` prints them: `78`, or `78.25` when not whole.
pub(crate) fn num(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A ratio as `rota check` prints it: two decimals, or `n/a` when undefined.
pub(crate) fn opt(x: Option<f64>) -> String {
    x.map_or("n/a".to_string(), |v| format!("{v:.2}"))
}

/// Hours with two decimals.
pub(crate) fn h2(x: f64) -> String {
    format!("{x:.2}")
}

/// A share (0–1) as a whole percentage, or `—`.
pub(crate) fn pct(x: Option<f64>) -> String {
    x.map_or("—".to_string(), |v| format!("{:.0}%", v * 100.0))
}

/// A coordinate with at most one decimal, for lean SVG.
pub(crate) fn c1(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// The colour of carer number `i`: hues a golden angle apart, so neighbours differ.
pub(crate) fn carer_colour(i: usize) -> String {
    let hue = (i as f64 * 137.508) % 360.0;
    let light = [38, 48, 30][i % 3];
    format!("hsl({:.0},70%,{}%)", hue, light)
}

/// A table header row; every column sorts on click (`page.rs`).
pub(crate) fn header_row(out: &mut String, columns: &[&str]) {
    out.push_str("<thead><tr>");
    for c in columns {
        let _ = write!(out, "<th>{}</th>", esc(c));
    }
    out.push_str("</tr></thead>");
}

/// A table cell whose sort key is the number `key` and whose text is `text` (escaped here).
pub(crate) fn num_cell(out: &mut String, key: f64, text: &str) {
    let _ = write!(out, "<td class=\"n\" data-v=\"{}\">{}</td>", num(key), esc(text));
}

/// A table cell of plain text (escaped here).
pub(crate) fn text_cell(out: &mut String, text: &str) {
    let _ = write!(out, "<td>{}</td>", esc(text));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(esc(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        let v = serde_json::json!(["</script><b>&"]);
        assert_eq!(script_json(&v), r#"["\u003c/script\u003e\u003cb\u003e\u0026"]"#);
    }

    #[test]
    fn numbers_read_like_rota_check() {
        assert_eq!(num(78.0), "78");
        assert_eq!(num(78.25), "78.25");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(opt(None), "n/a");
        assert_eq!(opt(Some(0.456)), "0.46");
        assert_eq!(c1(12.04), "12");
        assert_eq!(c1(12.25), "12.3");
    }
}
