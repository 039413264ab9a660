//! Realistic synthetic weeks at real residential postcodes.
//!
//! [`generate`] turns a [`GenerateOptions`] and a [`PostcodeTable`] into a [`Problem`]: clients
//! placed at residential postcodes (weighted by each small area's 65+ population where the table
//! gives it), a daily call pattern per package on the profile's billing grid, double-handed and
//! time-critical calls, skills, preferences, exclusions and plausible key and preferred carers;
//! carers at residential postcodes of the same area with split shifts, skills that expire,
//! travel modes and pay. Every parameter and its source is in [`params`] and
//! `datasets/README.md`.
//!
//! The same options and table always give the same problem, byte for byte once written with
//! [`crate::format::to_json`]: all randomness comes from [`crate::rng::Rng`], with separate
//! streams for carers and clients (so adding clients does not change the carers).
//!
//! ```
//! use rota::generate::{generate, GenerateOptions, PostcodeTable};
//! let csv = "postcode,lat,lon,ward_name\nCT1 1AD,51.2925,1.1069,Northgate\n\
//!            CT1 1AE,51.2829,1.0846,Northgate\nCT2 7NZ,51.2990,1.0700,Blean\n";
//! let table = PostcodeTable::from_reader(csv.as_bytes()).unwrap();
//! let problem = generate(&GenerateOptions::new("kent", 3, 4, 7), &table).unwrap();
//! assert_eq!(problem.clients.len(), 3);
//! assert_eq!(problem.carers.len(), 4);
//! ```

mod carers;
mod clients;
pub mod next_week;
pub mod params;
mod postcodes;
pub mod slots;
mod stats;

pub use next_week::{next_week, NextWeekParams, ShippedNextWeek, SHIPPED_NEXT_WEEK};
pub use params::{default_area, default_week_start, Slot, AREAS};
pub use postcodes::{Postcode, PostcodeTable};
pub use slots::same_slots;
pub use stats::DatasetStats;

use crate::model::{ContractProfile, Problem, Skill, TravelConfig, FORMAT_VERSION};
use crate::rng::Rng;
use crate::time::Week;
use chrono::NaiveDate;

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct GenerateOptions {
    /// The contract profile of every client: `kent`, `milton-keynes`, `hammersmith-fulham`,
    /// `bexley` or `custom`.
    pub profile: String,
    /// The area's name: names the problem and sets the area's style ([`params::AreaStyle`]).
    pub area: String,
    /// Number of clients.
    pub clients: usize,
    /// Number of day carers, on the mix of [`params::SHIFTS`].
    pub carers: usize,
    /// Number of evening carers besides them, on the tea-and-tuck-in run
    /// ([`params::EVENING_SHIFT`]) that covers the bed calls.
    pub evening_carers: usize,
    /// The random seed.
    pub seed: u64,
    /// The Monday the week starts on.
    pub week_start: NaiveDate,
    /// An OpenStreetMap extract for travel on real roads, as the problem file will name it
    /// (relative to the problem file); `None`: the default distance model.
    pub road_network: Option<String>,
}

impl GenerateOptions {
    /// Options with the profile's default area (or `canterbury`) and the default week.
    pub fn new(profile: &str, clients: usize, carers: usize, seed: u64) -> GenerateOptions {
        GenerateOptions {
            profile: profile.to_string(),
            area: default_area(profile).unwrap_or("canterbury").to_string(),
            clients,
            carers,
            evening_carers: 0,
            seed,
            week_start: default_week_start(),
            road_network: None,
        }
    }
}

/// Why a problem could not be generated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GenerateError {
    /// The profile is not a built-in one.
    #[error("unknown profile `{0}`: expected one of kent, milton-keynes, hammersmith-fulham, bexley, custom")]
    UnknownProfile(String),
    /// The week does not start on a Monday.
    #[error("the week must start on a Monday; {0} is a {1}")]
    NotMonday(NaiveDate, String),
    /// There must be at least one client and one carer.
    #[error("{0}")]
    Size(String),
    /// The postcode table could not be read or is empty.
    #[error("postcodes: {0}")]
    Postcodes(String),
}

/// Seed offsets of the separate random streams.
const CARER_STREAM: u64 = 0x0C4E_5000;
const CLIENT_STREAM: u64 = 0x0C11_E470;

/// FNV-1a, a fixed string hash (std's hasher may change between Rust versions).
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// Generate a week for `options` at the postcodes of `table`.
pub fn generate(options: &GenerateOptions, table: &PostcodeTable) -> Result<Problem, GenerateError> {
    use chrono::Datelike;
    let profile = ContractProfile::built_in(&options.profile)
        .ok_or_else(|| GenerateError::UnknownProfile(options.profile.clone()))?;
    let week = Week::starting(options.week_start)
        .ok_or_else(|| GenerateError::NotMonday(options.week_start, format!("{:?}", options.week_start.weekday())))?;
    if options.clients == 0 || options.carers == 0 {
        return Err(GenerateError::Size("there must be at least one client and one carer".into()));
    }
    if table.rows.is_empty() {
        return Err(GenerateError::Postcodes("the table is empty".into()));
    }
    let style = params::AreaStyle::of(&options.area);
    // The streams depend on the area and profile too, so two areas with one seed differ.
    let salt = fnv1a(&format!("{}/{}", options.profile, options.area));
    let mut carer_rng = Rng::seeded(options.seed ^ CARER_STREAM ^ salt);
    let mut client_rng = Rng::seeded(options.seed ^ CLIENT_STREAM ^ salt.rotate_left(17));
    let carers = carers::draft(
        options.carers,
        options.evening_carers,
        table,
        &style,
        &week,
        profile.out_of_hours_opt_in,
        &mut carer_rng,
    );
    let (clients, visits) = clients::draft(options.clients, table, &profile, &style, &carers, &week, &mut client_rng);
    Ok(Problem {
        format_version: FORMAT_VERSION.to_string(),
        name: format!("{} week, seed {}", options.area, options.seed),
        week_start: options.week_start,
        skills: params::SKILLS
            .iter()
            .map(|(id, description, _)| Skill { id: id.to_string(), description: description.to_string() })
            .collect(),
        profiles: Default::default(),
        travel: match &options.road_network {
            Some(file) => TravelConfig::RoadNetwork {
                road_network: file.clone(),
                access_min: Default::default(),
                snap_limit_m: None,
            },
            None => Default::default(),
        },
        working_time: Default::default(),
        objective: Default::default(),
        clients,
        carers: carers.into_iter().map(|d| d.carer).collect(),
        visits,
    })
}

/// A dataset shipped in `datasets/`, with the options that made it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shipped {
    /// The folder under `datasets/` holding `problem.json`.
    pub dir: &'static str,
    /// The profile.
    pub profile: &'static str,
    /// The area (and its postcode file under `datasets/postcodes/`).
    pub area: &'static str,
    /// Clients.
    pub clients: usize,
    /// Day carers.
    pub carers: usize,
    /// Evening carers.
    pub evening_carers: usize,
    /// Seed.
    pub seed: u64,
    /// The OpenStreetMap extract beside `problem.json`, for travel on real roads.
    pub road_network: Option<&'static str>,
}

/// The shipped datasets. `datasets/README.md` gives the same commands, and a test regenerates
/// each one and compares it with the shipped file.
pub const SHIPPED: [Shipped; 7] = [
    Shipped {
        dir: "demo",
        profile: "kent",
        area: "canterbury",
        clients: 30,
        carers: 12,
        evening_carers: 6,
        seed: 1,
        road_network: None,
    },
    Shipped {
        dir: "kent-canterbury",
        profile: "kent",
        area: "canterbury",
        clients: 350,
        carers: 95,
        evening_carers: 50,
        seed: 1,
        road_network: None,
    },
    Shipped {
        dir: "milton-keynes",
        profile: "milton-keynes",
        area: "milton-keynes",
        clients: 100,
        carers: 30,
        evening_carers: 14,
        seed: 1,
        road_network: None,
    },
    Shipped {
        dir: "hammersmith-fulham",
        profile: "hammersmith-fulham",
        area: "hammersmith-fulham",
        clients: 100,
        carers: 30,
        evening_carers: 18,
        seed: 1,
        road_network: None,
    },
    Shipped {
        dir: "bexley",
        profile: "bexley",
        area: "bexley",
        clients: 100,
        carers: 30,
        evening_carers: 32,
        seed: 1,
        road_network: None,
    },
    // Over-demand on purpose, for capacity demonstrations: the Kent week with half the evening
    // carers the capacity rule asks for (datasets/README.md).
    Shipped {
        dir: "kent-over-demand",
        profile: "kent",
        area: "canterbury",
        clients: 350,
        carers: 95,
        evening_carers: 25,
        seed: 1,
        road_network: None,
    },
    Shipped {
        dir: "isle-of-wight",
        profile: "custom",
        area: "isle-of-wight",
        clients: 200,
        carers: 60,
        evening_carers: 32,
        seed: 2,
        road_network: Some("isle-of-wight-2020-04-22.osm.pbf"),
    },
];

impl Shipped {
    /// The generator options.
    pub fn options(&self) -> GenerateOptions {
        GenerateOptions {
            profile: self.profile.to_string(),
            area: self.area.to_string(),
            clients: self.clients,
            carers: self.carers,
            evening_carers: self.evening_carers,
            seed: self.seed,
            week_start: default_week_start(),
            road_network: self.road_network.map(str::to_string),
        }
    }

    /// The command line that makes it, run from the repository root.
    pub fn command(&self) -> String {
        let roads = self.road_network.map(|f| format!(" --road-network {f}")).unwrap_or_default();
        let evening = match self.evening_carers {
            0 => String::new(),
            m => format!(" --evening-carers {m}"),
        };
        format!(
            "rota generate --profile {} --area {} --clients {} --carers {}{evening} --seed {}{roads} -o \
             datasets/{}/problem.json",
            self.profile, self.area, self.clients, self.carers, self.seed, self.dir
        )
    }
}
