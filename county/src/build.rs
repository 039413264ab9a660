//! `rota county generate`: clusters from the geodata, and one week's problem per cluster.

use crate::geodata::{Geodata, MEDWAY};
use crate::manifest::{Cluster, District, Manifest, Provider, FORMAT};
use crate::partition::{adjacency, allocate, split};
use crate::CountyError;
use geo::{unary_union, MultiPolygon};
use rayon::prelude::*;
use rota::generate::{generate, DatasetStats, GenerateOptions, PostcodeTable};
use rota::model::Problem;
use rota::rng::Rng;
use std::collections::BTreeSet;
use std::path::Path;

/// Home care clients in Kent at one time: "Home Care 4,600" (seed 001, L3327-3332; the
/// county's other services, SIS, HRS and D2A, are not home care rounds).
pub const KENT_CLIENTS: usize = 4_600;

/// Kent's clusters (lots): 19 (seed 001, Spec §6.2).
pub const KENT_CLUSTERS: usize = 19;

/// The shipped weeks' rule for day carers (`datasets/README.md`, "How many carers").
pub const MAX_MORNING_LOAD: f64 = 0.80;

/// The shipped weeks' rule for evening carers (`datasets/README.md`).
pub const MAX_EVENING_LOAD: f64 = 0.85;

/// The fewest `n` in `1..=cap` for which `ok(n)` holds, stepping one at a time from `start`
/// (down while it holds, else up until it does); `cap` if none does.
fn fewest(start: usize, cap: usize, ok: impl Fn(usize) -> Result<bool, CountyError>) -> Result<usize, CountyError> {
    let mut n = start.clamp(1, cap);
    if ok(n)? {
        while n > 1 && ok(n - 1)? {
            n -= 1;
        }
    } else {
        while n < cap && !ok(n)? {
            n += 1;
        }
    }
    Ok(n)
}

/// Clients per provider a cluster aims at; a cluster has 2 to 4 providers. Assumption (seed
/// 001 names "several providers per lot (e.g. five)" without a count per lot).
pub const CLIENTS_PER_PROVIDER: f64 = 80.0;

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct CountyOptions {
    /// The area; only `kent` ships.
    pub area: String,
    /// Clusters in all.
    pub clusters: usize,
    /// The random seed.
    pub seed: u64,
    /// Clients in the whole county.
    pub clients: usize,
    /// District codes to keep (all of Kent County Council's twelve when `None`).
    pub districts: Option<Vec<String>>,
    /// The Monday the week starts on.
    pub week_start: chrono::NaiveDate,
}

impl CountyOptions {
    /// Kent: 19 clusters, 4,600 clients, all twelve districts, the default week.
    pub fn kent(seed: u64) -> CountyOptions {
        CountyOptions {
            area: "kent".into(),
            clusters: KENT_CLUSTERS,
            seed,
            clients: KENT_CLIENTS,
            districts: None,
            week_start: rota::generate::default_week_start(),
        }
    }

    /// Whether a district is kept: one of `districts`, or any but Medway.
    pub fn keeps(&self, district: &str) -> bool {
        match &self.districts {
            Some(list) => list.iter().any(|d| d == district),
            None => district != MEDWAY,
        }
    }
}

/// A generated county.
#[derive(Clone, Debug)]
pub struct County {
    /// The manifest.
    pub manifest: Manifest,
    /// Each cluster's boundary, in manifest order.
    pub shapes: Vec<MultiPolygon<f64>>,
    /// Each cluster's week, in manifest order.
    pub problems: Vec<Problem>,
}

/// Build the county of `options` from `geodata` (loaded for the same districts).
pub fn build(geodata: &Geodata, options: &CountyOptions) -> Result<County, CountyError> {
    if options.area != "kent" {
        return Err(CountyError::Options(format!("unknown area `{}`: only kent ships", options.area)));
    }
    let districts = geodata.districts();
    if let Some(list) = &options.districts {
        let missing: Vec<&String> = list.iter().filter(|d| !districts.iter().any(|x| &x.0 == *d)).collect();
        if !missing.is_empty() || list.iter().any(|d| d == MEDWAY) {
            return Err(CountyError::Options(format!(
                "--districts: {missing:?} are not Kent County Council districts of the geodata (Medway {MEDWAY} is not one)"
            )));
        }
    }
    if options.clients == 0 {
        return Err(CountyError::Options("--clients must be at least 1".into()));
    }
    let msoas = &geodata.msoas;
    let weights: Vec<f64> =
        districts.iter().map(|(code, _)| msoas.iter().filter(|m| &m.district == code).map(|m| m.age65).sum()).collect();
    let per_district = allocate(&weights, options.clusters).map_err(CountyError::Options)?;
    let adjacency = adjacency(msoas);
    // (district index, MSOA indices) per cluster, in district code order.
    let mut parts: Vec<(usize, Vec<usize>)> = Vec::new();
    for (d, (code, _)) in districts.iter().enumerate() {
        let members: Vec<usize> = (0..msoas.len()).filter(|&i| &msoas[i].district == code).collect();
        for part in split(msoas, &adjacency.neighbours, &members, per_district[d]) {
            parts.push((d, part));
        }
    }
    let width = parts.len().to_string().len().max(2);
    let ids: Vec<String> = (0..parts.len()).map(|i| format!("{}-{:0width$}", options.area, i + 1)).collect();
    let of_msoa: Vec<usize> = {
        let mut v = vec![0; msoas.len()];
        for (c, (_, part)) in parts.iter().enumerate() {
            for &m in part {
                v[m] = c;
            }
        }
        v
    };
    let age65: Vec<f64> = parts.iter().map(|(_, p)| p.iter().map(|&m| msoas[m].age65).sum()).collect();
    let clients = largest_remainder(options.clients, &age65);
    let tables = postcode_tables(geodata, &of_msoa, parts.len());
    let drafts: Vec<Result<Draft, CountyError>> =
        (0..parts.len()).into_par_iter().map(|c| draft(&ids[c], clients[c], &tables[c], options)).collect();
    let mut manifest_clusters = Vec::new();
    let mut problems = Vec::new();
    for (c, draft) in drafts.into_iter().enumerate() {
        let draft = draft?;
        let (d, part) = &parts[c];
        let adjacent: BTreeSet<&String> = part
            .iter()
            .flat_map(|&m| adjacency.neighbours[m].iter().map(|&n| &ids[of_msoa[n]]))
            .filter(|id| **id != ids[c])
            .collect();
        let in_district = parts.iter().filter(|p| p.0 == *d).count();
        let rank = parts[..c].iter().filter(|p| p.0 == *d).count() + 1;
        let name = if in_district > 1 {
            format!("{} ({rank}/{in_district})", districts[*d].1)
        } else {
            districts[*d].1.clone()
        };
        let stats = &draft.stats;
        manifest_clusters.push(Cluster {
            id: ids[c].clone(),
            name,
            district: districts[*d].0.clone(),
            district_name: districts[*d].1.clone(),
            msoas: part.iter().map(|&m| msoas[m].code.clone()).collect(),
            age65: age65[c],
            residents: part.iter().map(|&m| msoas[m].residents).sum(),
            postcodes: tables[c].rows.len(),
            adjacent: adjacent.into_iter().cloned().collect(),
            clients: stats.clients,
            carers: stats.carers,
            visits: stats.visits,
            seats: stats.seats,
            contact_hours: round2(stats.contact_hours),
            available_hours: round2(stats.available_hours),
            evening_carers: draft.evening_carers,
            supply_ratio: round2(stats.supply_ratio),
            morning_load: round2(stats.morning_load),
            evening_load: round2(stats.evening_load),
            providers: draft.providers,
            problem: format!("{}/problem.json", ids[c]),
        });
        problems.push(draft.problem);
    }
    let shapes = parts.iter().map(|(_, p)| unary_union(p.iter().map(|&m| &msoas[m].shape))).collect();
    let manifest = Manifest {
        format: FORMAT.into(),
        area: options.area.clone(),
        seed: options.seed,
        week_start: options.week_start,
        clients: options.clients,
        clients_basis: "Kent County Council: about 4,600 people receive home care at any one time (seed 001, \
                        L3327-3332); shared between clusters by Census 2021 residents aged 65+"
            .into(),
        excluded: vec![format!(
            "Medway ({MEDWAY}) is a unitary authority, not one of Kent County Council's twelve districts: left out"
        )],
        carer_rule: format!(
            "the fewest day carers with morning peak load <= {MAX_MORNING_LOAD}, then the fewest evening carers \
             with evening peak load <= {MAX_EVENING_LOAD} (loads to two decimals; the shipped weeks' rule, \
             datasets/README.md)"
        ),
        districts: districts
            .iter()
            .enumerate()
            .map(|(d, (code, name))| District {
                code: code.clone(),
                name: name.clone(),
                age65: weights[d],
                clusters: parts.iter().zip(&ids).filter(|(p, _)| p.0 == d).map(|(_, id)| id.clone()).collect(),
            })
            .collect(),
        clusters: manifest_clusters,
        attribution: crate::ATTRIBUTION.iter().map(|s| s.to_string()).collect(),
    };
    Ok(County { manifest, shapes, problems })
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Share `total` in proportion to `weights` in whole numbers summing to `total`: each gets the
/// floor of its share, and the remainders go to the largest fractions (ties: the lower index).
pub fn largest_remainder(total: usize, weights: &[f64]) -> Vec<usize> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() {
        return Vec::new();
    }
    let exact: Vec<f64> = weights
        .iter()
        .map(|w| if sum > 0.0 { total as f64 * w / sum } else { total as f64 / weights.len() as f64 })
        .collect();
    let mut out: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b)));
    let short = total - out.iter().sum::<usize>();
    for &i in order.iter().take(short) {
        out[i] += 1;
    }
    out
}

/// Each cluster's postcodes, in file order.
fn postcode_tables(geodata: &Geodata, of_msoa: &[usize], clusters: usize) -> Vec<PostcodeTable> {
    let mut tables = vec![PostcodeTable::default(); clusters];
    for (p, m) in geodata.postcodes.iter().zip(geodata.postcode_msoas()) {
        if let Some(m) = m {
            tables[of_msoa[m]].rows.push(p.postcode.clone());
        }
    }
    tables
}

/// A cluster's week before it joins the manifest.
struct Draft {
    evening_carers: usize,
    problem: Problem,
    stats: DatasetStats,
    providers: Vec<Provider>,
}

/// FNV-1a, a fixed string hash.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// Generate a cluster's week with the fewest day and evening carers meeting the shipped weeks'
/// sizing rule.
fn draft(id: &str, clients: usize, table: &PostcodeTable, options: &CountyOptions) -> Result<Draft, CountyError> {
    let error = |e: rota::generate::GenerateError| CountyError::Options(format!("cluster {id}: {e}"));
    if clients == 0 {
        return Err(CountyError::Options(format!("cluster {id} gets no clients: raise --clients or lower --clusters")));
    }
    let make = |carers: usize, evening: usize| -> Result<(Problem, DatasetStats), CountyError> {
        let mut o = GenerateOptions::new("kent", clients, carers, options.seed);
        o.evening_carers = evening;
        o.area = id.to_string();
        o.week_start = options.week_start;
        let p = generate(&o, table).map_err(error)?;
        let s = DatasetStats::of(&p);
        Ok((p, s))
    };
    // The loads as `rota generate` prints them (two decimals), as the shipped weeks' rule.
    let two = |x: f64| (x * 100.0).round() / 100.0;
    // 1. Day carers: the fewest with morning peak load <= 0.80, starting near the shipped Kent
    //    week's 95 for 350 clients.
    let day = fewest((clients * 95).div_ceil(350), 4 * clients + 4, |n| {
        Ok(two(make(n, 0)?.1.morning_load) <= MAX_MORNING_LOAD)
    })?;
    // 2. Evening carers: then the fewest with evening peak load <= 0.85 (Kent week: 50 for 350).
    let evening = fewest((clients * 50).div_ceil(350), 4 * clients + 4, |n| {
        Ok(two(make(day, n)?.1.evening_load) <= MAX_EVENING_LOAD)
    })?;
    let best = make(day, evening)?;
    let (mut problem, stats) = best;
    problem.name = format!("{} cluster {id}, seed {}", options.area, options.seed);
    let providers = assign_providers(&mut problem, id, options.seed);
    prefix_ids(&mut problem, &format!("{id}-"));
    for c in &mut problem.clients {
        c.cluster = Some(id.to_string());
    }
    for c in &mut problem.carers {
        c.cluster = Some(id.to_string());
    }
    Ok(Draft { evening_carers: evening, problem, stats, providers })
}

/// Share the cluster's clients and carers between its providers: 2 to 4 (one per
/// [`CLIENTS_PER_PROVIDER`] clients), each with a weight drawn between 1 and 2; each client
/// goes to a provider drawn by weight, and the carers are shared in proportion to the clients
/// (largest remainder), interleaved in id order so that each gets its share of day and evening
/// carers.
fn assign_providers(problem: &mut Problem, id: &str, seed: u64) -> Vec<Provider> {
    let n = ((problem.clients.len() as f64 / CLIENTS_PER_PROVIDER).round() as usize)
        .clamp(2, 4)
        .min(problem.clients.len())
        .min(problem.carers.len())
        .max(1);
    let mut rng = Rng::seeded(seed ^ fnv1a(id) ^ 0x5052_4F56);
    let weights: Vec<f64> = (0..n).map(|_| 1.0 + rng.unit()).collect();
    let names: Vec<String> = (1..=n).map(|p| format!("{id}-p{p}")).collect();
    let mut clients = vec![0usize; n];
    for c in &mut problem.clients {
        let p = rng.weighted(&weights);
        clients[p] += 1;
        c.provider = Some(names[p].clone());
    }
    let mut carers =
        largest_remainder(problem.carers.len() - n, &clients.iter().map(|&c| c as f64).collect::<Vec<_>>());
    carers.iter_mut().for_each(|c| *c += 1);
    // Interleaved in id order, so each provider gets its share of day and evening carers.
    let total = problem.carers.len() as f64;
    let mut got = vec![0usize; n];
    for (i, c) in problem.carers.iter_mut().enumerate() {
        let p = (0..n)
            .filter(|&p| got[p] < carers[p])
            .max_by(|&a, &b| {
                let ahead = |p: usize| carers[p] as f64 * (i + 1) as f64 / total - got[p] as f64;
                ahead(a).total_cmp(&ahead(b)).then(b.cmp(&a))
            })
            .expect("the quotas add up to the carers");
        got[p] += 1;
        c.provider = Some(names[p].clone());
    }
    (0..n).map(|p| Provider { id: names[p].clone(), clients: clients[p], carers: carers[p] }).collect()
}

/// Put `prefix` in front of every client, carer and visit id and every reference to one.
pub fn prefix_ids(problem: &mut Problem, prefix: &str) {
    let p = |s: &mut String| *s = format!("{prefix}{s}");
    for c in &mut problem.clients {
        p(&mut c.id);
        c.excluded_carers.iter_mut().for_each(p);
        c.preferred_carers.iter_mut().for_each(p);
        c.key_carer.iter_mut().for_each(p);
    }
    for c in &mut problem.carers {
        p(&mut c.id);
    }
    for v in &mut problem.visits {
        p(&mut v.id);
        p(&mut v.client);
        v.links.iter_mut().for_each(|l| p(&mut l.visit));
    }
}

/// Write `county.json`, `clusters.geojson` and each cluster's `problem.json` under `dir`.
pub fn write(county: &County, dir: &Path) -> Result<(), CountyError> {
    let io = |path: &Path, e: std::io::Error| CountyError::Io { path: path.to_path_buf(), message: e.to_string() };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    for (cluster, problem) in county.manifest.clusters.iter().zip(&county.problems) {
        let path = dir.join(&cluster.problem);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        rota::format::save_json(&path, problem).map_err(|e| io(&path, e))?;
    }
    let geojson = crate::map::clusters_geojson(&county.manifest, &county.shapes, &[]);
    let path = dir.join("clusters.geojson");
    std::fs::write(&path, geojson).map_err(|e| io(&path, e))?;
    let path = dir.join("county.json");
    rota::format::save_json(&path, &county.manifest).map_err(|e| io(&path, e))
}
