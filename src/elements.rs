//! Chemical elements by symbol.
//!
//! Items list the elements they contain by symbol (`"Dy"`, `"Tb"`); this
//! module knows the 118 elements of the periodic table.

/// The lower-case English name of the element with this symbol
/// (`"Dy"` gives `"dysprosium"`). Symbols are case-sensitive.
///
/// ```
/// assert_eq!(edict::elements::element_name("Dy"), Some("dysprosium"));
/// assert_eq!(edict::elements::element_name("DY"), None);
/// ```
pub fn element_name(symbol: &str) -> Option<&'static str> {
    let n = usize::from(atomic_number(symbol)?);
    ELEMENTS.get(n - 1).map(|(_, name)| *name)
}

/// The symbol and lower-case name of the element with atomic number `n`
/// (1 to 118), for listing every element (an editor's completion).
pub fn by_number(n: u8) -> Option<(&'static str, &'static str)> {
    ELEMENTS.get(usize::from(n).checked_sub(1)?).copied()
}

/// The slot of a symbol in [`BY_SYMBOL`]: a capital letter and an optional
/// small letter.
const fn slot(symbol: &[u8]) -> Option<usize> {
    match *symbol {
        [a @ b'A'..=b'Z'] => Some((a - b'A') as usize * 27),
        [a @ b'A'..=b'Z', b @ b'a'..=b'z'] => Some((a - b'A') as usize * 27 + (b - b'a') as usize + 1),
        _ => None,
    }
}

/// For each possible symbol slot, the element's position in [`ELEMENTS`]
/// plus one, or 0.
const BY_SYMBOL: [u8; 26 * 27] = by_symbol();

const fn by_symbol() -> [u8; 26 * 27] {
    let mut table = [0u8; 26 * 27];
    let mut i = 0;
    while i < ELEMENTS.len() {
        if let Some(slot) = slot(ELEMENTS[i].0.as_bytes()) {
            table[slot] = (i + 1) as u8;
        }
        i += 1;
    }
    table
}

/// The atomic number of the element with this symbol (`"Dy"` gives 66).
pub fn atomic_number(symbol: &str) -> Option<u8> {
    BY_SYMBOL.get(slot(symbol.as_bytes())?).copied().filter(|&n| n != 0)
}

/// A set of chemical elements: what an item contains. One bit per element,
/// so a set costs no allocation and a membership test is one lookup.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ElementSet(u128);

impl ElementSet {
    /// The empty set.
    pub const EMPTY: ElementSet = ElementSet(0);

    /// Adds the element with this symbol; returns `false` if `symbol` names
    /// no element (and then the set is unchanged).
    pub fn insert(&mut self, symbol: &str) -> bool {
        match atomic_number(symbol) {
            Some(n) => {
                self.0 |= 1u128 << (n - 1);
                true
            }
            None => false,
        }
    }

    /// The elements in either set.
    #[must_use]
    pub fn union(self, other: ElementSet) -> ElementSet {
        ElementSet(self.0 | other.0)
    }

    /// Whether the set holds the element with this symbol.
    pub fn contains(&self, symbol: &str) -> bool {
        atomic_number(symbol).is_some_and(|n| self.0 & (1u128 << (n - 1)) != 0)
    }

    /// The symbols in the set, by atomic number.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        ELEMENTS
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & (1u128 << i) != 0)
            .map(|(_, (symbol, _))| *symbol)
    }

    /// How many elements the set holds.
    pub fn len(&self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }
}

impl std::fmt::Debug for ElementSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<'s> FromIterator<&'s str> for ElementSet {
    /// The set of the symbols that name elements (others are left out).
    fn from_iter<I: IntoIterator<Item = &'s str>>(symbols: I) -> Self {
        let mut set = ElementSet::EMPTY;
        for s in symbols {
            set.insert(s);
        }
        set
    }
}

/// Whether `symbol` is the symbol of a chemical element (case-sensitive).
pub fn is_element(symbol: &str) -> bool {
    element_name(symbol).is_some()
}

/// Every element symbol, by atomic number.
pub fn all_symbols() -> impl Iterator<Item = &'static str> {
    ELEMENTS.iter().map(|(symbol, _)| *symbol)
}

/// The element a mistaken symbol most likely means: the same letters with
/// the right case (`"DY"` or `"dy"` gives `"Dy"`), or the symbol of an
/// element named in full (`"dysprosium"` gives `"Dy"`).
pub fn suggest_symbol(text: &str) -> Option<&'static str> {
    let text = text.trim();
    ELEMENTS
        .iter()
        .find(|(s, name)| s.eq_ignore_ascii_case(text) || name.eq_ignore_ascii_case(text))
        .map(|(symbol, _)| *symbol)
}

/// (symbol, name), by atomic number.
const ELEMENTS: [(&str, &str); 118] = [
    ("H", "hydrogen"),
    ("He", "helium"),
    ("Li", "lithium"),
    ("Be", "beryllium"),
    ("B", "boron"),
    ("C", "carbon"),
    ("N", "nitrogen"),
    ("O", "oxygen"),
    ("F", "fluorine"),
    ("Ne", "neon"),
    ("Na", "sodium"),
    ("Mg", "magnesium"),
    ("Al", "aluminium"),
    ("Si", "silicon"),
    ("P", "phosphorus"),
    ("S", "sulfur"),
    ("Cl", "chlorine"),
    ("Ar", "argon"),
    ("K", "potassium"),
    ("Ca", "calcium"),
    ("Sc", "scandium"),
    ("Ti", "titanium"),
    ("V", "vanadium"),
    ("Cr", "chromium"),
    ("Mn", "manganese"),
    ("Fe", "iron"),
    ("Co", "cobalt"),
    ("Ni", "nickel"),
    ("Cu", "copper"),
    ("Zn", "zinc"),
    ("Ga", "gallium"),
    ("Ge", "germanium"),
    ("As", "arsenic"),
    ("Se", "selenium"),
    ("Br", "bromine"),
    ("Kr", "krypton"),
    ("Rb", "rubidium"),
    ("Sr", "strontium"),
    ("Y", "yttrium"),
    ("Zr", "zirconium"),
    ("Nb", "niobium"),
    ("Mo", "molybdenum"),
    ("Tc", "technetium"),
    ("Ru", "ruthenium"),
    ("Rh", "rhodium"),
    ("Pd", "palladium"),
    ("Ag", "silver"),
    ("Cd", "cadmium"),
    ("In", "indium"),
    ("Sn", "tin"),
    ("Sb", "antimony"),
    ("Te", "tellurium"),
    ("I", "iodine"),
    ("Xe", "xenon"),
    ("Cs", "caesium"),
    ("Ba", "barium"),
    ("La", "lanthanum"),
    ("Ce", "cerium"),
    ("Pr", "praseodymium"),
    ("Nd", "neodymium"),
    ("Pm", "promethium"),
    ("Sm", "samarium"),
    ("Eu", "europium"),
    ("Gd", "gadolinium"),
    ("Tb", "terbium"),
    ("Dy", "dysprosium"),
    ("Ho", "holmium"),
    ("Er", "erbium"),
    ("Tm", "thulium"),
    ("Yb", "ytterbium"),
    ("Lu", "lutetium"),
    ("Hf", "hafnium"),
    ("Ta", "tantalum"),
    ("W", "tungsten"),
    ("Re", "rhenium"),
    ("Os", "osmium"),
    ("Ir", "iridium"),
    ("Pt", "platinum"),
    ("Au", "gold"),
    ("Hg", "mercury"),
    ("Tl", "thallium"),
    ("Pb", "lead"),
    ("Bi", "bismuth"),
    ("Po", "polonium"),
    ("At", "astatine"),
    ("Rn", "radon"),
    ("Fr", "francium"),
    ("Ra", "radium"),
    ("Ac", "actinium"),
    ("Th", "thorium"),
    ("Pa", "protactinium"),
    ("U", "uranium"),
    ("Np", "neptunium"),
    ("Pu", "plutonium"),
    ("Am", "americium"),
    ("Cm", "curium"),
    ("Bk", "berkelium"),
    ("Cf", "californium"),
    ("Es", "einsteinium"),
    ("Fm", "fermium"),
    ("Md", "mendelevium"),
    ("No", "nobelium"),
    ("Lr", "lawrencium"),
    ("Rf", "rutherfordium"),
    ("Db", "dubnium"),
    ("Sg", "seaborgium"),
    ("Bh", "bohrium"),
    ("Hs", "hassium"),
    ("Mt", "meitnerium"),
    ("Ds", "darmstadtium"),
    ("Rg", "roentgenium"),
    ("Cn", "copernicium"),
    ("Nh", "nihonium"),
    ("Fl", "flerovium"),
    ("Mc", "moscovium"),
    ("Lv", "livermorium"),
    ("Ts", "tennessine"),
    ("Og", "oganesson"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_sets_hold_elements_by_symbol() {
        let mut set = ElementSet::EMPTY;
        assert!(set.is_empty());
        assert!(set.insert("Dy"));
        assert!(set.insert("H"));
        assert!(set.insert("Og"));
        assert!(set.insert("Dy"));
        assert!(!set.insert("DY"));
        assert!(!set.insert(""));
        assert_eq!(set.len(), 3);
        assert!(set.contains("Dy") && set.contains("H") && set.contains("Og"));
        assert!(!set.contains("Tb") && !set.contains("dy"));
        assert_eq!(set.iter().collect::<Vec<_>>(), ["H", "Dy", "Og"]);
        assert_eq!(atomic_number("Dy"), Some(66));
        assert_eq!(atomic_number("Xx"), None);
        assert_eq!(["Nd", "Xx", "Fe"].into_iter().collect::<ElementSet>().len(), 2);
    }

    #[test]
    fn symbols_are_unique_and_well_formed() {
        let mut symbols: Vec<&str> = all_symbols().collect();
        assert_eq!(symbols.len(), 118);
        assert!(symbols.iter().all(|s| {
            let mut chars = s.chars();
            chars.next().is_some_and(|c| c.is_ascii_uppercase())
                && chars.all(|c| c.is_ascii_lowercase())
                && s.len() <= 2
        }));
        symbols.sort_unstable();
        symbols.dedup();
        assert_eq!(symbols.len(), 118);
    }

    #[test]
    fn rare_earths() {
        assert_eq!(element_name("Dy"), Some("dysprosium"));
        assert_eq!(element_name("Tb"), Some("terbium"));
        assert_eq!(element_name("Sm"), Some("samarium"));
        assert_eq!(element_name("Lu"), Some("lutetium"));
        assert_eq!(element_name("Og"), Some("oganesson"));
        assert!(is_element("Y"));
        assert!(!is_element("DY"));
        assert!(!is_element(""));
        assert_eq!(suggest_symbol("DY"), Some("Dy"));
        assert_eq!(suggest_symbol("dy"), Some("Dy"));
        assert_eq!(suggest_symbol("Terbium"), Some("Tb"));
        assert_eq!(suggest_symbol("Qq"), None);
    }
}
