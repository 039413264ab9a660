//! Time bands of the day, such as 19:00-23:00, by which bounds and gaps are reported.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A band of the day, `[start, end)` in minutes after midnight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    /// A short name, such as `evening`.
    pub name: String,
    /// First minute of the band.
    pub start: u32,
    /// Minute after the band's last.
    pub end: u32,
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}-{}", self.name, hhmm(self.start), hhmm(self.end))
    }
}

/// `"HH:MM"` of a minute of the day (`24:00` for the end of the day).
pub fn hhmm(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// The bands a day is cut into. Every minute of the day falls in exactly one band.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bands(pub Vec<Band>);

impl Default for Bands {
    /// Night 00:00-07:00, morning 07:00-11:00, midday 11:00-14:00, afternoon 14:00-19:00,
    /// evening 19:00-23:00, late 23:00-24:00: the morning and evening peaks of home care
    /// (breakfast and bed calls) each in a band of their own.
    fn default() -> Self {
        Bands::from_cuts(&[7 * 60, 11 * 60, 14 * 60, 19 * 60, 23 * 60]).expect("the default cuts are increasing")
    }
}

impl Bands {
    /// Bands cut at the given minutes of the day (strictly increasing, inside 1..1440), named
    /// by their clock times except for the default cuts' names.
    pub fn from_cuts(cuts: &[u32]) -> Result<Bands, String> {
        if cuts.windows(2).any(|w| w[0] >= w[1]) || cuts.iter().any(|&c| c == 0 || c >= 1440) {
            return Err("band cuts must be strictly increasing clock times after 00:00 and before 24:00".into());
        }
        let mut edges = vec![0];
        edges.extend_from_slice(cuts);
        edges.push(1440);
        let default_names =
            [(0, "night"), (420, "morning"), (660, "midday"), (840, "afternoon"), (1140, "evening"), (1380, "late")];
        let bands = edges
            .windows(2)
            .map(|w| {
                let named = default_names.iter().find(|&&(s, _)| s == w[0]).map(|&(_, n)| n);
                let name = match named {
                    Some(n) if cuts == [420, 660, 840, 1140, 1380] => n.to_string(),
                    _ => format!("{}-{}", hhmm(w[0]), hhmm(w[1])),
                };
                Band { name, start: w[0], end: w[1] }
            })
            .collect();
        Ok(Bands(bands))
    }

    /// Parse `"07:00,11:00,19:00"` as cuts.
    pub fn parse(text: &str) -> Result<Bands, String> {
        let cuts = text
            .split(',')
            .map(|t| {
                let (h, m) = t.trim().split_once(':').ok_or_else(|| format!("`{t}` is not HH:MM"))?;
                let (h, m): (u32, u32) = (
                    h.parse().map_err(|_| format!("`{t}` is not HH:MM"))?,
                    m.parse().map_err(|_| format!("`{t}` is not HH:MM"))?,
                );
                if m >= 60 {
                    return Err(format!("`{t}` is not HH:MM"));
                }
                Ok(h * 60 + m)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Bands::from_cuts(&cuts)
    }

    /// The index of the band that holds `minute` of the day (taken modulo a day).
    pub fn of(&self, minute: i64) -> usize {
        let m = minute.rem_euclid(1440) as u32;
        self.0.iter().position(|b| b.start <= m && m < b.end).unwrap_or(self.0.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_minute_has_one_band() {
        let b = Bands::default();
        assert_eq!(b.0.len(), 6);
        assert_eq!(b.0[4].to_string(), "evening 19:00-23:00");
        assert_eq!(b.of(19 * 60), 4);
        assert_eq!(b.of(19 * 60 - 1), 3);
        assert_eq!(b.of(1440 + 30), 0);
    }

    #[test]
    fn cuts_parse_and_refuse_bad_ones() {
        let b = Bands::parse("07:00, 19:00").unwrap();
        assert_eq!(
            b.0.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(),
            ["00:00-07:00", "07:00-19:00", "19:00-24:00"]
        );
        assert!(Bands::parse("19:00,07:00").is_err());
        assert!(Bands::parse("7").is_err());
        assert!(Bands::parse("00:00").is_err());
    }
}
