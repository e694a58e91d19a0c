//! A seeded, deterministic generator of synthetic facts files (the JSON of
//! `shared/spec/facts.md`) for benchmarks.
//!
//! The same [`Params`] always give the same bytes: randomness comes from a
//! SplitMix64 stream seeded by [`Params::seed`], and no hash-map iteration
//! order, clock or environment is consulted.
//!
//! What a file holds, for `n` items, parties and shipments:
//!
//! - **Items**, in five bill-of-materials levels whose components always
//!   come from lower levels (so the graph is acyclic):
//!   raw rare-earth metals, oxides and alloys (`metal`/`oxide`/`alloy` with
//!   elements such as Dy, Tb, Sm, Nd and their `1C9xx` entries) and plain
//!   materials; magnets (`permanent-magnet` with NdFeB-Dy, NdFeB-Tb, SmCo or
//!   plain NdFeB); sub-assemblies and assemblies (`assembly`, which may also
//!   nest sub-assemblies); end products (`end-product`); and a few
//!   `technology` items. Origins mix CN and other countries; some items are
//!   `made_with` Chinese rare-earth technologies. Raw quantities are decimal
//!   strings (kilograms), and some lines carry their own `value`.
//! - **Parties** in many countries, a few of them `military-end-user`.
//! - **Ownership**: chains (A→B→C→D, 50–100% a link, the head often
//!   listed), aggregates (two listed owners of 25% each), cycles, scattered
//!   minority stakes and dated hand-overs. No party is ever owned more than
//!   100% on any day.
//! - **Listings** on `cn-control-list`, `cn-watch-list`,
//!   `cn-unreliable-entity-list`, `us-entity-list` (with a `review`
//!   attribute), `us-meu-list` and `us-sdn-list`, with dated windows.
//! - **Shipments** dated 2025-01-01 to 2026-12-31, with end uses of the
//!   bundled vocabulary and the `logic_node_nm` / `memory_layers`
//!   attributes that the chip end uses read.
//!
//! Every tag is from `shared/spec/vocabulary.md`; money and shares are
//! decimal strings. The output is compact: one record per line, about 550
//! bytes per unit of `n` (some 55 MB for `n = 100_000`).

use std::fmt::Write as _;

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 0x5EED_2025_0061;

/// The size and seed of a generated facts file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// How many items.
    pub items: usize,
    /// How many parties.
    pub parties: usize,
    /// How many shipments.
    pub shipments: usize,
    /// The seed of the random stream.
    pub seed: u64,
}

impl Params {
    /// `n` items, `n` parties and `n` shipments.
    pub fn uniform(n: usize, seed: u64) -> Params {
        Params {
            items: n,
            parties: n,
            shipments: n,
            seed,
        }
    }
}

/// Generates the facts file for `params` as JSON text.
pub fn generate(params: &Params) -> String {
    let mut g = Gen {
        rng: Rng::new(params.seed),
        out: String::with_capacity(600 * params.shipments.max(params.items).max(16)),
    };
    let parties = g.party_plan(params.parties.max(8));
    let items = g.item_plan(params.items.max(16));
    g.out.push_str("{\n\"version\": 1,\n\"currency\": \"USD\",\n");
    g.write_parties(&parties);
    let interesting = g.write_ownership_and_listings(&parties);
    g.write_items(&items);
    g.write_shipments(params.shipments, &parties, &items, &interesting);
    g.out.push_str("}\n");
    g.out
}

// ---- randomness ---------------------------------------------------------

/// SplitMix64: small, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`0` when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below((hi - lo + 1) as usize) as u64
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }

    /// Picks from `(weight, value)` pairs.
    fn weighted<T: Copy>(&mut self, xs: &[(usize, T)]) -> T {
        let total: usize = xs.iter().map(|x| x.0).sum();
        let mut r = self.below(total);
        for (w, v) in xs {
            if r < *w {
                return *v;
            }
            r -= w;
        }
        xs[xs.len() - 1].1
    }
}

// ---- formatting helpers -------------------------------------------------

/// Cents as a money string: `123456` → `"1234.56"`.
fn money(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// A day counted from 2023-01-01 as `YYYY-MM-DD`.
fn day(mut days: u64) -> String {
    let mut year = 2023;
    loop {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let len = if leap { 366 } else { 365 };
        if days < len {
            let months = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
            let mut month = 1;
            for m in months {
                if days < m {
                    break;
                }
                days -= m;
                month += 1;
            }
            return format!("{year:04}-{month:02}-{:02}", days + 1);
        }
        days -= len;
        year += 1;
    }
}

/// Days from 2023-01-01 to 2024-01-01, 2025-01-01 and 2027-01-01.
const Y2024: u64 = 365;
const Y2025: u64 = 731;
const Y2027: u64 = 1461;

/// A share in basis points (1/100 of a percent) as `"25%"`, `"33.34%"` or a
/// fraction such as `"0.5"`.
fn share(bp: u64, as_fraction: bool) -> String {
    if as_fraction {
        let text = format!("{}.{:04}", bp / 10_000, bp % 10_000);
        let text = text.trim_end_matches('0').trim_end_matches('.');
        return text.to_string();
    }
    if bp % 100 == 0 {
        format!("{}%", bp / 100)
    } else {
        format!("{}.{:02}%", bp / 100, bp % 100)
    }
}

/// `["a", "b"]`.
fn string_list(xs: &[&str]) -> String {
    let quoted: Vec<String> = xs.iter().map(|x| format!("\"{x}\"")).collect();
    format!("[{}]", quoted.join(", "))
}

// ---- the plan -----------------------------------------------------------

/// Countries with weights; CN is common.
const PARTY_COUNTRIES: &[(usize, &str)] = &[
    (18, "CN"),
    (14, "US"),
    (10, "DE"),
    (9, "JP"),
    (7, "KR"),
    (6, "TW"),
    (5, "NL"),
    (4, "FR"),
    (4, "GB"),
    (4, "IN"),
    (4, "VN"),
    (3, "MY"),
    (3, "SG"),
    (3, "MX"),
    (2, "RU"),
    (2, "IL"),
    (2, "CH"),
    (2, "HK"),
    (1, "AE"),
    (1, "BR"),
];

/// The lists and how often a listing names each.
const LISTS: &[(usize, &str)] = &[
    (25, "cn-control-list"),
    (10, "cn-watch-list"),
    (5, "cn-unreliable-entity-list"),
    (35, "us-entity-list"),
    (10, "us-meu-list"),
    (15, "us-sdn-list"),
];

/// A party to write.
struct Party {
    country: &'static str,
    military: bool,
}

/// The bill-of-materials levels.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Raw,
    Magnet,
    SubAssembly,
    Assembly,
    EndProduct,
    Technology,
}

impl Level {
    fn prefix(self) -> &'static str {
        match self {
            Level::Raw => "rm",
            Level::Magnet => "mag",
            Level::SubAssembly => "sub",
            Level::Assembly => "asm",
            Level::EndProduct => "prod",
            Level::Technology => "tech",
        }
    }
}

/// A kind of raw material or magnet: description, classes, elements, unit
/// value range in cents.
struct Material {
    description: &'static str,
    classes: &'static [&'static str],
    elements: &'static [&'static str],
    cents: (u64, u64),
    /// Relative frequency.
    weight: usize,
}

const RAW: &[Material] = &[
    Material {
        description: "Dysprosium metal, kg",
        classes: &["metal", "1C905.a"],
        elements: &["Dy"],
        cents: (30_000, 45_000),
        weight: 10,
    },
    Material {
        description: "Terbium metal, kg",
        classes: &["metal", "1C904.a"],
        elements: &["Tb"],
        cents: (90_000, 140_000),
        weight: 6,
    },
    Material {
        description: "Samarium metal, kg",
        classes: &["metal", "1C902.a"],
        elements: &["Sm"],
        cents: (2_000, 4_000),
        weight: 5,
    },
    Material {
        description: "Gadolinium metal, kg",
        classes: &["metal", "1C903.a"],
        elements: &["Gd"],
        cents: (3_000, 6_000),
        weight: 3,
    },
    Material {
        description: "Neodymium metal, kg",
        classes: &["metal"],
        elements: &["Nd"],
        cents: (6_000, 9_000),
        weight: 12,
    },
    Material {
        description: "NdPr metal, kg",
        classes: &["metal"],
        elements: &["Nd", "Pr"],
        cents: (6_000, 9_000),
        weight: 8,
    },
    Material {
        description: "Holmium metal, kg",
        classes: &["metal", "1C909.a"],
        elements: &["Ho"],
        cents: (8_000, 12_000),
        weight: 2,
    },
    Material {
        description: "Dysprosium oxide, kg",
        classes: &["oxide", "1C905.b"],
        elements: &["Dy"],
        cents: (20_000, 30_000),
        weight: 8,
    },
    Material {
        description: "Terbium oxide, kg",
        classes: &["oxide", "1C904.b"],
        elements: &["Tb"],
        cents: (70_000, 110_000),
        weight: 4,
    },
    Material {
        description: "Yttrium oxide, kg",
        classes: &["oxide", "1C908.b"],
        elements: &["Y"],
        cents: (500, 1_500),
        weight: 3,
    },
    Material {
        description: "Terfenol-D alloy (TbDyFe), kg",
        classes: &["alloy", "1C904.a", "1C905.a"],
        elements: &["Tb", "Dy", "Fe"],
        cents: (50_000, 80_000),
        weight: 3,
    },
    Material {
        description: "Dysprosium-iron alloy, kg",
        classes: &["alloy", "1C905.a"],
        elements: &["Dy", "Fe"],
        cents: (25_000, 35_000),
        weight: 6,
    },
    Material {
        description: "Samarium-cobalt alloy, kg",
        classes: &["alloy", "1C902.a"],
        elements: &["Sm", "Co"],
        cents: (4_000, 8_000),
        weight: 5,
    },
    Material {
        description: "Scandium sputtering target",
        classes: &["sputtering-target", "1C907.a"],
        elements: &["Sc"],
        cents: (150_000, 400_000),
        weight: 1,
    },
    Material {
        description: "Ferroboron, kg",
        classes: &["alloy"],
        elements: &["Fe", "B"],
        cents: (200, 500),
        weight: 8,
    },
    Material {
        description: "Cobalt metal, kg",
        classes: &["metal"],
        elements: &["Co"],
        cents: (2_500, 4_000),
        weight: 4,
    },
    Material {
        description: "Electrical steel, kg",
        classes: &["metal"],
        elements: &["Fe", "Si"],
        cents: (100, 300),
        weight: 10,
    },
    Material {
        description: "Copper wire, kg",
        classes: &["metal"],
        elements: &["Cu"],
        cents: (800, 1_200),
        weight: 10,
    },
];

const MAGNETS: &[Material] = &[
    Material {
        description: "NdFeB magnet with Dy",
        classes: &["permanent-magnet", "1C905.a"],
        elements: &["Nd", "Fe", "B", "Dy"],
        cents: (0, 0),
        weight: 10,
    },
    Material {
        description: "NdFeB magnet with Tb",
        classes: &["permanent-magnet", "1C904.a"],
        elements: &["Nd", "Fe", "B", "Tb"],
        cents: (0, 0),
        weight: 5,
    },
    Material {
        description: "SmCo magnet",
        classes: &["permanent-magnet", "1C902.a"],
        elements: &["Sm", "Co"],
        cents: (0, 0),
        weight: 4,
    },
    Material {
        description: "NdFeB magnet",
        classes: &["permanent-magnet"],
        elements: &["Nd", "Fe", "B"],
        cents: (0, 0),
        weight: 8,
    },
];

const SUB_NAMES: &[&str] = &[
    "Rotor",
    "Stator",
    "Sensor module",
    "Actuator",
    "Voice-coil unit",
    "Magnetic coupling",
    "Encoder",
];
const ASM_NAMES: &[&str] = &[
    "Servo motor",
    "Traction motor",
    "Drive unit",
    "Pump",
    "Gimbal",
    "Wind-turbine generator segment",
    "Hard-disk head stack",
];
const PRODUCT_NAMES: &[&str] = &[
    "Industrial robot",
    "Electric vehicle",
    "Drone",
    "MRI scanner",
    "Wind turbine",
    "Headphones",
    "Missile seeker",
    "Lithography stage",
];

/// One line of a bill of materials.
struct Line {
    item: usize,
    /// A whole number, or a decimal string such as `"0.125"` (kilograms).
    quantity: Quantity,
    value: Option<u64>,
}

enum Quantity {
    Whole(u64),
    /// Thousandths.
    Milli(u64),
}

/// An item to write.
struct Item {
    id: String,
    description: String,
    origin: &'static str,
    cents: u64,
    classes: &'static [&'static str],
    elements: &'static [&'static str],
    made_with: Vec<(&'static str, &'static str)>,
    components: Vec<Line>,
}

/// Indices of the items of each level.
struct Items {
    all: Vec<Item>,
    by_level: [Vec<usize>; 6],
}

impl Items {
    fn level(&self, level: Level) -> &[usize] {
        &self.by_level[level as usize]
    }
}

const TECHNOLOGIES: &[&str] = &[
    "rare-earth-mining",
    "rare-earth-smelting-separation",
    "rare-earth-metal-smelting",
    "magnet-manufacturing",
    "rare-earth-recycling",
];

struct Gen {
    rng: Rng,
    out: String,
}

impl Gen {
    fn party_plan(&mut self, n: usize) -> Vec<Party> {
        (0..n)
            .map(|_| Party {
                country: self.rng.weighted(PARTY_COUNTRIES),
                military: self.rng.chance(2),
            })
            .collect()
    }

    fn origin(&mut self, table: &[(usize, &'static str)]) -> &'static str {
        self.rng.weighted(table)
    }

    fn material<'m>(&mut self, table: &'m [Material]) -> &'m Material {
        let total: usize = table.iter().map(|m| m.weight).sum();
        let mut r = self.rng.below(total);
        for m in table {
            if r < m.weight {
                return m;
            }
            r -= m.weight;
        }
        &table[0]
    }

    /// `count` distinct picks from `pool` (fewer when the pool is small).
    fn lines(
        &mut self,
        items: &[Item],
        pool: &[usize],
        count: usize,
        whole: (u64, u64),
        line_values: bool,
    ) -> Vec<Line> {
        let mut lines: Vec<Line> = Vec::with_capacity(count);
        for _ in 0..count {
            if pool.is_empty() {
                break;
            }
            let item = self.rng.pick(pool);
            if lines.iter().any(|l| l.item == item) {
                continue;
            }
            let q = self.rng.range(whole.0, whole.1);
            let value =
                (line_values && self.rng.chance(15)).then(|| items[item].cents * q * self.rng.range(90, 110) / 100);
            lines.push(Line {
                item,
                quantity: Quantity::Whole(q),
                value: value.map(|v| v.max(1)),
            });
        }
        lines
    }

    fn item_plan(&mut self, n: usize) -> Items {
        // Shares of the levels, in per mille.
        let raw = n * 160 / 1000;
        let magnets = n * 140 / 1000;
        let subs = n * 250 / 1000;
        let asms = n * 200 / 1000;
        let techs = (n * 20 / 1000).max(1);
        let products = n - raw - magnets - subs - asms - techs;
        let mut items = Items {
            all: Vec::with_capacity(n),
            by_level: Default::default(),
        };
        let plan = [
            (Level::Raw, raw),
            (Level::Magnet, magnets),
            (Level::SubAssembly, subs),
            (Level::Assembly, asms),
            (Level::EndProduct, products),
            (Level::Technology, techs),
        ];
        for (level, count) in plan {
            for _ in 0..count {
                let index = items.all.len();
                let item = self.item(level, index, &items);
                items.all.push(item);
                items.by_level[level as usize].push(index);
            }
        }
        items
    }

    fn item(&mut self, level: Level, index: usize, items: &Items) -> Item {
        let id = format!("{}-{index:06}", level.prefix());
        match level {
            Level::Raw => self.raw_item(id),
            Level::Magnet => self.magnet(id, items),
            Level::SubAssembly | Level::Assembly | Level::EndProduct => self.assembly(level, id, index, items),
            Level::Technology => {
                let origin = self.origin(&[(6, "CN"), (2, "JP"), (1, "US"), (1, "DE")]);
                let tech = self.rng.pick(TECHNOLOGIES);
                Item {
                    description: format!("Process specification for {tech}"),
                    id,
                    origin,
                    cents: self.rng.range(1_000_000, 50_000_000),
                    classes: &["technology", "1E902.a"],
                    elements: &[],
                    made_with: vec![],
                    components: vec![],
                }
            }
        }
    }

    fn raw_item(&mut self, id: String) -> Item {
        let m = self.material(RAW);
        let origin = self.origin(&[
            (55, "CN"),
            (8, "AU"),
            (6, "US"),
            (8, "MY"),
            (5, "VN"),
            (5, "MM"),
            (4, "JP"),
            (3, "EE"),
            (3, "FR"),
            (3, "BR"),
        ]);
        let mut made_with = Vec::new();
        if m.elements
            .iter()
            .any(|e| matches!(*e, "Dy" | "Tb" | "Sm" | "Gd" | "Nd" | "Ho" | "Y" | "Sc"))
        {
            if origin == "CN" || self.rng.chance(20) {
                made_with.push(("rare-earth-smelting-separation", "CN"));
            }
            if self.rng.chance(10) {
                made_with.push((
                    "rare-earth-metal-smelting",
                    if self.rng.chance(50) { "CN" } else { origin },
                ));
            }
        }
        Item {
            description: m.description.to_string(),
            id,
            origin,
            cents: self.rng.range(m.cents.0, m.cents.1),
            classes: m.classes,
            elements: m.elements,
            made_with,
            components: vec![],
        }
    }

    fn magnet(&mut self, id: String, items: &Items) -> Item {
        let m = self.material(MAGNETS);
        let origin = self.origin(&[
            (40, "CN"),
            (20, "JP"),
            (10, "DE"),
            (10, "VN"),
            (8, "US"),
            (6, "KR"),
            (6, "EE"),
        ]);
        let raw = items.level(Level::Raw);
        let count = self.rng.range(2, 4) as usize;
        let mut components: Vec<Line> = Vec::with_capacity(count);
        let mut sum = 0;
        for _ in 0..count {
            let item = self.rng.pick(raw);
            if components.iter().any(|l| l.item == item) {
                continue;
            }
            // 0.001 to 0.400 kg; a few tiny lines put content shares near 0.1%.
            let milli = if self.rng.chance(10) { 1 } else { self.rng.range(5, 400) };
            let value = items.all[item].cents * milli / 1000;
            let explicit = self.rng.chance(20);
            sum += value;
            components.push(Line {
                item,
                quantity: Quantity::Milli(milli),
                value: explicit.then_some(value.max(1)),
            });
        }
        let mut made_with = Vec::new();
        if origin == "CN" || self.rng.chance(30) {
            made_with.push(("magnet-manufacturing", "CN"));
        }
        Item {
            description: format!("{}, grade N{}", m.description, self.rng.range(35, 55)),
            id,
            origin,
            cents: sum * self.rng.range(130, 300) / 100 + self.rng.range(50, 2_000),
            classes: m.classes,
            elements: m.elements,
            made_with,
            components,
        }
    }

    fn assembly(&mut self, level: Level, id: String, index: usize, items: &Items) -> Item {
        let magnets = items.level(Level::Magnet);
        let raw = items.level(Level::Raw);
        let subs = items.level(Level::SubAssembly);
        let asms = items.level(Level::Assembly);
        let mut components = Vec::new();
        let (name, classes) = match level {
            Level::SubAssembly => {
                let n = self.rng.range(1, 3) as usize;
                components.extend(self.lines(&items.all, magnets, n, (1, 16), true));
                let n = self.rng.range(0, 2) as usize;
                components.extend(self.lines(&items.all, raw, n, (1, 3), true));
                // Some sub-assemblies nest an earlier one (deeper trees).
                if self.rng.chance(25) {
                    components.extend(self.lines(&items.all, subs, 1, (1, 2), true));
                }
                (self.rng.pick(SUB_NAMES), &["assembly"][..])
            }
            Level::Assembly => {
                let n = self.rng.range(1, 3) as usize;
                components.extend(self.lines(&items.all, subs, n, (1, 4), true));
                let n = self.rng.range(0, 2) as usize;
                components.extend(self.lines(&items.all, magnets, n, (1, 24), true));
                (self.rng.pick(ASM_NAMES), &["assembly"][..])
            }
            _ => {
                let n = self.rng.range(1, 4) as usize;
                components.extend(self.lines(&items.all, asms, n, (1, 3), true));
                let n = self.rng.range(0, 2) as usize;
                components.extend(self.lines(&items.all, subs, n, (1, 4), true));
                (self.rng.pick(PRODUCT_NAMES), &["end-product"][..])
            }
        };
        let sum: u64 = components
            .iter()
            .map(|l| match (l.value, &l.quantity) {
                (Some(v), _) => v,
                (None, Quantity::Whole(q)) => items.all[l.item].cents * q,
                (None, Quantity::Milli(m)) => items.all[l.item].cents * m / 1000,
            })
            .sum();
        let origin = self.origin(&[
            (20, "CN"),
            (15, "DE"),
            (14, "JP"),
            (12, "US"),
            (8, "KR"),
            (8, "MX"),
            (7, "VN"),
            (6, "TW"),
            (5, "CZ"),
            (5, "TH"),
        ]);
        let mut made_with = Vec::new();
        if self.rng.chance(8) {
            made_with.push(("magnet-manufacturing", if self.rng.chance(70) { "CN" } else { origin }));
        }
        if self.rng.chance(3) {
            made_with.push(("rare-earth-recycling", "CN"));
        }
        Item {
            description: format!("{name} {index}"),
            id,
            origin,
            cents: sum * self.rng.range(110, 250) / 100 + self.rng.range(100, 50_000),
            classes,
            elements: &[],
            made_with,
            components,
        }
    }

    // ---- writing --------------------------------------------------------

    fn write_parties(&mut self, parties: &[Party]) {
        self.out.push_str("\"parties\": {\n");
        for (i, p) in parties.iter().enumerate() {
            let sep = if i + 1 < parties.len() { "," } else { "" };
            let kinds = if p.military { "[\"military-end-user\"]" } else { "[]" };
            let _ = writeln!(
                self.out,
                "\"p-{i:06}\": {{\"name\": \"Party {i} ({})\", \"country\": \"{}\", \"kinds\": {kinds}}}{sep}",
                p.country, p.country
            );
        }
        self.out.push_str("},\n");
    }

    /// Writes `ownership` and `listings`; returns the parties worth
    /// shipping to (listed, or owned by a structure with a listed party).
    fn write_ownership_and_listings(&mut self, parties: &[Party]) -> Vec<usize> {
        let n = parties.len();
        let mut budget = vec![10_000u64; n];
        let mut holdings: Vec<String> = Vec::new();
        let mut listed: Vec<(usize, &'static str)> = Vec::new();
        let mut interesting: Vec<usize> = Vec::new();

        // Chains A → B → C → D (→ E), 50–100% a link; the head is often listed.
        for _ in 0..n / 25 {
            let len = self.rng.range(3, 5) as usize;
            let chain: Vec<usize> = (0..len).map(|_| self.rng.below(n)).collect();
            if self.rng.chance(60) {
                listed.push((chain[0], self.rng.weighted(LISTS)));
            }
            for w in chain.windows(2) {
                let bp = self.rng.pick(&[5_000, 5_000, 5_100, 6_000, 7_500, 10_000]);
                self.hold(&mut holdings, &mut budget, w[0], w[1], bp);
            }
            interesting.extend(&chain[1..]);
        }
        // Aggregates: two listed owners of 25% each.
        for _ in 0..n / 100 {
            let (a, b, t) = (self.rng.below(n), self.rng.below(n), self.rng.below(n));
            listed.push((a, self.rng.weighted(LISTS)));
            listed.push((b, self.rng.weighted(LISTS)));
            self.hold(&mut holdings, &mut budget, a, t, 2_500);
            self.hold(&mut holdings, &mut budget, b, t, 2_500);
            interesting.push(t);
        }
        // Cycles of two or three parties, one of them sometimes listed.
        for _ in 0..n / 200 {
            let len = self.rng.range(2, 3) as usize;
            let ring: Vec<usize> = (0..len).map(|_| self.rng.below(n)).collect();
            for (k, &owner) in ring.iter().enumerate() {
                let owned = ring[(k + 1) % len];
                let bp = self.rng.range(20, 60) * 100;
                self.hold(&mut holdings, &mut budget, owner, owned, bp);
            }
            if self.rng.chance(50) {
                listed.push((ring[0], self.rng.weighted(LISTS)));
            }
            interesting.extend(&ring);
        }
        // Hand-overs: 60% held by one owner until a day, by another from it.
        for _ in 0..n / 200 {
            let (a, b, t) = (self.rng.below(n), self.rng.below(n), self.rng.below(n));
            if a == t || b == t || budget[t] < 6_000 {
                continue;
            }
            budget[t] -= 6_000;
            let switch = day(self.rng.range(Y2025, Y2027 - 1));
            holdings.push(format!(
                "{{\"owner\": \"p-{a:06}\", \"owned\": \"p-{t:06}\", \"share\": \"60%\", \"until\": \"{switch}\"}}"
            ));
            holdings.push(format!(
                "{{\"owner\": \"p-{b:06}\", \"owned\": \"p-{t:06}\", \"share\": \"0.6\", \"from\": \"{switch}\"}}"
            ));
            listed.push((b, self.rng.weighted(LISTS)));
            interesting.push(t);
        }
        // Scattered minority stakes.
        for _ in 0..n / 5 {
            let (a, t) = (self.rng.below(n), self.rng.below(n));
            let bp = self.rng.range(1, 4_900);
            self.hold(&mut holdings, &mut budget, a, t, bp);
        }
        // Parties listed on their own.
        for _ in 0..n / 50 {
            let p = self.rng.below(n);
            listed.push((p, self.rng.weighted(LISTS)));
        }

        self.out.push_str("\"ownership\": [\n");
        let count = holdings.len();
        for (i, h) in holdings.iter().enumerate() {
            self.out.push_str(h);
            self.out.push_str(if i + 1 < count { ",\n" } else { "\n" });
        }
        self.out.push_str("],\n\"listings\": [\n");
        let count = listed.len();
        for (i, &(p, list)) in listed.iter().enumerate() {
            let _ = write!(self.out, "{{\"party\": \"p-{p:06}\", \"list\": \"{list}\"");
            if self.rng.chance(85) {
                let from = self.rng.range(Y2024, Y2027 - 180);
                let _ = write!(self.out, ", \"from\": \"{}\"", day(from));
                if self.rng.chance(20) {
                    let until = from + self.rng.range(30, 400);
                    let _ = write!(self.out, ", \"until\": \"{}\"", day(until));
                }
            }
            if list == "us-entity-list" {
                let review = if self.rng.chance(70) {
                    "presumption-of-denial"
                } else {
                    "case-by-case"
                };
                let _ = write!(self.out, ", \"attributes\": {{\"review\": \"{review}\"}}");
            }
            self.out.push_str(if i + 1 < count { "},\n" } else { "}\n" });
            interesting.push(p);
        }
        self.out.push_str("],\n");
        interesting.sort_unstable();
        interesting.dedup();
        interesting
    }

    /// Records `owner` holding `bp` of `owned`, if the owned party has that
    /// much equity left; some holdings are dated.
    fn hold(&mut self, holdings: &mut Vec<String>, budget: &mut [u64], owner: usize, owned: usize, bp: u64) {
        if owner == owned || budget[owned] < bp {
            return;
        }
        budget[owned] -= bp;
        let mut text = format!(
            "{{\"owner\": \"p-{owner:06}\", \"owned\": \"p-{owned:06}\", \"share\": \"{}\"",
            share(bp, self.rng.chance(30))
        );
        if self.rng.chance(15) {
            let from = self.rng.range(Y2024, Y2027 - 60);
            let _ = write!(text, ", \"from\": \"{}\"", day(from));
            if self.rng.chance(40) {
                let _ = write!(text, ", \"until\": \"{}\"", day(from + self.rng.range(30, 600)));
            }
        } else if self.rng.chance(5) {
            let _ = write!(text, ", \"until\": \"{}\"", day(self.rng.range(Y2025, Y2027)));
        }
        text.push('}');
        holdings.push(text);
    }

    fn write_items(&mut self, items: &Items) {
        self.out.push_str("\"items\": {\n");
        let count = items.all.len();
        for (i, it) in items.all.iter().enumerate() {
            let _ = write!(
                self.out,
                "\"{}\": {{\"description\": \"{}\", \"origin\": \"{}\", \"value\": \"{}\", \"classes\": {}",
                it.id,
                it.description,
                it.origin,
                money(it.cents.max(1)),
                string_list(it.classes)
            );
            if !it.elements.is_empty() {
                let _ = write!(self.out, ", \"elements\": {}", string_list(it.elements));
            }
            if !it.made_with.is_empty() {
                let made: Vec<String> = it
                    .made_with
                    .iter()
                    .map(|(t, o)| format!("{{\"technology\": \"{t}\", \"origin\": \"{o}\"}}"))
                    .collect();
                let _ = write!(self.out, ", \"made_with\": [{}]", made.join(", "));
            }
            if !it.components.is_empty() {
                let lines: Vec<String> = it
                    .components
                    .iter()
                    .map(|l| {
                        let id = &items.all[l.item].id;
                        let q = match l.quantity {
                            Quantity::Whole(q) => q.to_string(),
                            Quantity::Milli(m) => format!("\"{}.{:03}\"", m / 1000, m % 1000),
                        };
                        match l.value {
                            Some(v) => {
                                format!("{{\"item\": \"{id}\", \"quantity\": {q}, \"value\": \"{}\"}}", money(v))
                            }
                            None => format!("{{\"item\": \"{id}\", \"quantity\": {q}}}"),
                        }
                    })
                    .collect();
                let _ = write!(self.out, ", \"components\": [{}]", lines.join(", "));
            }
            self.out.push_str(if i + 1 < count { "},\n" } else { "}\n" });
        }
        self.out.push_str("},\n");
    }

    fn write_shipments(&mut self, n: usize, parties: &[Party], items: &Items, interesting: &[usize]) {
        // Which level a shipment ships, by weight.
        const WHAT: &[(usize, Level)] = &[
            (30, Level::EndProduct),
            (20, Level::Assembly),
            (20, Level::SubAssembly),
            (15, Level::Magnet),
            (12, Level::Raw),
            (3, Level::Technology),
        ];
        self.out.push_str("\"shipments\": [\n");
        for i in 0..n {
            let level = self.rng.weighted(WHAT);
            let pool = items.level(level);
            let item = &items.all[self.rng.pick(pool)];
            let exporter = self.rng.below(parties.len());
            let end_user = if !interesting.is_empty() && self.rng.chance(30) {
                self.rng.pick(interesting)
            } else {
                self.rng.below(parties.len())
            };
            // Mostly shipped from the exporter's country; sometimes re-exported from elsewhere.
            let from = if self.rng.chance(85) {
                parties[exporter].country
            } else {
                self.rng.weighted(PARTY_COUNTRIES)
            };
            let to = parties[end_user].country;
            let date = day(self.rng.range(Y2025, Y2027 - 1));
            let quantity = self.rng.pick(&[1, 1, 2, 5, 10, 20, 50, 100, 250, 1000]);
            let (uses, attributes) = self.end_uses();
            let sep = if i + 1 < n { "," } else { "" };
            let _ = writeln!(
                self.out,
                "{{\"id\": \"S-{i:07}\", \"date\": \"{date}\", \"item\": \"{}\", \"quantity\": {quantity}, \"exporter\": \"p-{exporter:06}\", \"from\": \"{from}\", \"to\": \"{to}\", \"end_user\": \"p-{end_user:06}\", \"end_uses\": {uses}{attributes}}}{sep}",
                item.id
            );
        }
        self.out.push_str("]\n");
    }

    /// End uses and the attributes they read, as JSON fragments.
    fn end_uses(&mut self) -> (String, String) {
        const USES: &[(usize, &str)] = &[
            (50, ""),
            (8, "logic-chip-production"),
            (6, "memory-chip-production"),
            (5, "advanced-chip-equipment"),
            (3, "military-ai-research"),
            (4, "military"),
            (1, "wmd"),
            (1, "terrorism"),
            (3, "emergency-medical"),
            (2, "public-health-emergency"),
            (2, "disaster-relief"),
        ];
        let first = self.rng.weighted(USES);
        if first.is_empty() {
            // Sometimes a node size is stated without a chip end use.
            let attributes = if self.rng.chance(5) {
                format!(", \"attributes\": {{\"logic_node_nm\": {}}}", self.node())
            } else {
                String::new()
            };
            return ("[]".to_string(), attributes);
        }
        let mut uses = vec![first];
        if self.rng.chance(10) {
            let second = self.rng.weighted(USES);
            if !second.is_empty() && second != first {
                uses.push(second);
            }
        }
        let mut attrs: Vec<String> = Vec::new();
        let logic = uses.contains(&"logic-chip-production")
            || (uses.contains(&"advanced-chip-equipment") && self.rng.chance(60));
        let memory = uses.contains(&"memory-chip-production") || (uses.contains(&"advanced-chip-equipment") && !logic);
        if logic {
            attrs.push(format!("\"logic_node_nm\": {}", self.node()));
        }
        if memory {
            let layers = self.rng.pick(&[64, 128, 176, 232, 256, 300, 321]);
            attrs.push(format!("\"memory_layers\": {layers}"));
        }
        let attributes = if attrs.is_empty() {
            String::new()
        } else {
            format!(", \"attributes\": {{{}}}", attrs.join(", "))
        };
        (string_list(&uses), attributes)
    }

    fn node(&mut self) -> &'static str {
        self.rng
            .pick(&["3", "5", "7", "10", "14", "16", "22", "28", "40", "65", "7.5"])
    }
}
