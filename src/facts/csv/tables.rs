//! The tables of a facts folder: which CSV files there are, and their
//! columns, named as the facts contract names the keys (`docs/facts.md`).

/// How a cell is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cell {
    /// A string as written (an id, a date, a country, an amount).
    Text,
    /// Tags separated by `;` (`military;dual-use`), each trimmed.
    Tags,
    /// A whole number written as it is (`version`).
    Number,
    /// A string, or in version 2 a range written `AT_LEAST..AT_MOST`
    /// (`40%..60%`, `400.00..450.00`): a share or an amount.
    Ranged,
}

/// A column of a table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Column {
    /// The header, as the contract names the key.
    pub name: &'static str,
    /// How its cells are read.
    pub cell: Cell,
    /// Whether a table without this column cannot be read at all.
    pub required: bool,
}

const fn col(name: &'static str, cell: Cell, required: bool) -> Column {
    Column { name, cell, required }
}

/// What a table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Section {
    /// `facts.csv`: `version`, `currency`.
    Header,
    /// `parties.csv`.
    Parties,
    /// `ownership.csv`: the holdings.
    Ownership,
    /// `listings.csv`.
    Listings,
    /// `items.csv`.
    Items,
    /// `components.csv`: bill-of-materials lines, by `assembly`.
    Components,
    /// `made_with.csv`: technologies used to make an item.
    MadeWith,
    /// `shipments.csv`.
    Shipments,
}

/// A table of a facts folder.
#[derive(Debug)]
pub(crate) struct Table {
    /// The file name in the folder.
    pub file: &'static str,
    /// What it holds.
    pub section: Section,
    /// Its columns, in the order they are written.
    pub columns: &'static [Column],
    /// Whether it may have `attributes.NAME` columns.
    pub attributes: bool,
}

/// The prefix of an attribute column: `attributes.node_nm`.
pub(crate) const ATTRIBUTE: &str = "attributes.";

/// Every table, in the order its section is written into the facts.
pub(crate) const TABLES: &[Table] = &[
    Table {
        file: "facts.csv",
        section: Section::Header,
        columns: &[col("version", Cell::Number, false), col("currency", Cell::Text, false)],
        attributes: false,
    },
    Table {
        file: "parties.csv",
        section: Section::Parties,
        columns: &[
            col("id", Cell::Text, true),
            col("name", Cell::Text, false),
            col("country", Cell::Text, true),
            col("kinds", Cell::Tags, false),
        ],
        attributes: true,
    },
    Table {
        file: "ownership.csv",
        section: Section::Ownership,
        columns: &[
            col("owner", Cell::Text, true),
            col("owned", Cell::Text, true),
            col("share", Cell::Ranged, true),
            col("from", Cell::Text, false),
            col("until", Cell::Text, false),
        ],
        attributes: false,
    },
    Table {
        file: "listings.csv",
        section: Section::Listings,
        columns: &[
            col("party", Cell::Text, true),
            col("list", Cell::Text, true),
            col("from", Cell::Text, false),
            col("until", Cell::Text, false),
        ],
        attributes: true,
    },
    Table {
        file: "items.csv",
        section: Section::Items,
        columns: &[
            col("id", Cell::Text, true),
            col("description", Cell::Text, false),
            col("origin", Cell::Text, true),
            col("value", Cell::Ranged, false),
            col("classes", Cell::Tags, false),
            col("elements", Cell::Tags, false),
        ],
        attributes: true,
    },
    Table {
        file: "components.csv",
        section: Section::Components,
        columns: &[
            col("assembly", Cell::Text, true),
            col("item", Cell::Text, true),
            col("quantity", Cell::Text, false),
            col("value", Cell::Ranged, false),
        ],
        attributes: false,
    },
    Table {
        file: "made_with.csv",
        section: Section::MadeWith,
        columns: &[
            col("item", Cell::Text, true),
            col("technology", Cell::Text, true),
            col("origin", Cell::Text, true),
        ],
        attributes: false,
    },
    Table {
        file: "shipments.csv",
        section: Section::Shipments,
        columns: &[
            col("id", Cell::Text, true),
            col("date", Cell::Text, true),
            col("item", Cell::Text, true),
            col("quantity", Cell::Text, false),
            col("exporter", Cell::Text, true),
            col("from", Cell::Text, true),
            col("to", Cell::Text, true),
            col("end_user", Cell::Text, true),
            col("end_uses", Cell::Tags, false),
        ],
        attributes: true,
    },
];

/// The table a file of this name (`parties.csv`) is, if any.
pub(crate) fn table(file: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.file == file)
}

/// The table of `section`.
pub(crate) fn of(section: Section) -> &'static Table {
    TABLES.iter().find(|t| t.section == section).unwrap_or(&TABLES[0])
}
