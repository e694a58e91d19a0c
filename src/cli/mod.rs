//! The command line: clap types and one file per command. All file IO,
//! printing and exit codes live here.

mod check;
mod completions;
mod diff;
mod eval;
mod explain;
mod facts;
mod fmt;
mod held;
mod io;
mod matching;
mod out;
mod progress;
mod readings;
mod render;
mod replace;
mod report;
mod serve;
mod stream;
mod test;
mod timeline;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Exit status: success, whatever the outcomes.
pub const EXIT_OK: u8 = 0;
/// Exit status: the policies or facts are invalid.
pub const EXIT_INVALID: u8 = 1;
/// Exit status: a usage error.
pub const EXIT_USAGE: u8 = 2;

/// edict — a policy language for export-control law.
#[derive(Debug, Parser)]
#[command(
    name = "edict",
    version = concat!(env!("CARGO_PKG_VERSION"), " (bundled law as of ", env!("EDICT_LAW_AS_OF"), ")"),
    about,
    long_about = None
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Colour diagnostics: `auto` (on a terminal, unless NO_COLOR is set;
    /// CLICOLOR_FORCE forces it), `always` or `never`.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// How diagnostics are written on stderr: `human` (rendered, at most 20
    /// of one code) or `json` (one object per line, every one).
    #[arg(long, global = true, value_enum, value_name = "FORMAT", default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// Print no warnings and no summary; errors and results only.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print the time each phase took on stderr (read, parse, check, load
    /// facts, evaluate, write).
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// When diagnostics are drawn in colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set; always when CLICOLOR_FORCE is.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// How diagnostics are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// Rendered for a reader, with the lines they point at.
    Human,
    /// One JSON object per diagnostic, one per line.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check policy files and report every problem.
    #[command(
        after_help = "Examples:\n  edict check                                             # the bundled policies\n  edict check --with examples/drafts/extend-70.edict      # a draft over the bundled policies\n  edict check policies/ examples/drafts/extend-70.edict   # the same, from a checkout\n\nExit status: 0 when the policies are valid, 1 when they are not, 2 on a usage error."
    )]
    Check {
        /// Policy files or folders (default: the bundled policies).
        paths: Vec<PathBuf>,
        /// A draft amendment (an ordinary policy file) layered over the policies; repeatable.
        #[arg(long = "with", value_name = "FILE")]
        with: Vec<PathBuf>,
    },
    /// Decide every shipment of a facts file under the policies.
    #[command(
        after_help = "Examples:\n  edict eval --facts examples/servo-motors/facts.json\n  edict eval policies/ --facts examples/dysprosium-trader/facts.json --as-of 2026-11-11 --format json\n  edict eval --facts - < examples/servo-motors/facts.json\n  edict eval --facts examples/erp-export/erp --lists examples/erp-export/csl.csv\n  edict eval --facts examples/servo-motors/facts.json --shipments examples/servo-motors/more-shipments.jsonl\n  edict eval --facts examples/dysprosium-trader/facts.json --reading A-CN50-NOAGG=alternative\n  edict eval --facts examples/unknown-origins/facts.json --needed\n\nExit status: 0 when evaluation succeeded (whatever the outcomes), 1 when the policies\nor facts are invalid (a diagnostic on stderr, nothing on stdout; with --shipments, the\nbatches before a bad one are already written), 2 on a usage error."
    )]
    Eval {
        /// Policy files or folders (default: the bundled policies).
        paths: Vec<PathBuf>,
        /// The facts: a facts file (JSON; `-` reads standard input) or a folder of
        /// facts tables (CSV). Repeatable: the sources are merged into one world.
        #[arg(long, value_name = "FILE", required = true)]
        facts: Vec<PathBuf>,
        /// A screening list to add listings from: the Consolidated Screening List as
        /// published (CSV or JSON); repeatable. Parties link to entries by `same_as`/`ids`.
        #[arg(long, value_name = "FILE")]
        lists: Vec<PathBuf>,
        /// Evaluate every shipment as of this date (YYYY-MM-DD) instead of its own.
        #[arg(long, value_name = "DATE", value_parser = date)]
        as_of: Option<jiff::civil::Date>,
        /// Output format (default: `text`; `jsonl` with `--shipments`).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Shipments as a stream of JSON lines (one shipment object a line; `-`
        /// reads standard input), decided a batch at a time against the facts
        /// file's parties, items, ownership and listings, after its own shipments.
        #[arg(long, value_name = "FILE")]
        shipments: Option<PathBuf>,
        /// A draft amendment (an ordinary policy file) layered over the policies; repeatable.
        #[arg(long = "with", value_name = "FILE")]
        with: Vec<PathBuf>,
        /// How many threads decide shipments (default: one per core). The
        /// output is the same whatever the number.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        threads: Option<u16>,
        /// Decide under a reading's alternative instead of the reading chosen:
        /// `TAG=alternative` (repeatable; `edict readings` lists the tags).
        #[arg(long = "reading", value_name = "TAG=alternative")]
        reading: Vec<crate::readings::Choice>,
        /// Instead of the decisions, list the unknown facts (facts version 2)
        /// that undetermined decisions depend on, those that would settle the most first.
        #[arg(long)]
        needed: bool,
    },
    /// Justify one shipment's decision step by step, for filing.
    #[command(
        after_help = "Examples:\n  edict explain --facts examples/servo-motors/facts.json --shipment S-2026-1111\n  edict explain --facts examples/servo-motors/facts.json --shipment S-2026-1111 --as-of 2026-12-01 --format markdown > S-2026-1111.md\n  edict explain --facts examples/servo-motors/facts.json --shipment S-2026-1111 --short\n  edict explain --facts examples/humanitarian/facts.json --shipment PH-2026-1111 --only applied\n\nEach condition keeps its and/or/not structure: parts lettered (a), (b), (i)… as `render`\nletters them, each ticked [x] when it holds (a `not` is ticked when what it negates does not).\nExit status: 0 on success, 1 when the policies or facts are invalid, 2 on a usage error."
    )]
    Explain {
        /// Policy files or folders (default: the bundled policies).
        paths: Vec<PathBuf>,
        /// The facts: a facts file (JSON; `-` reads standard input) or a folder of
        /// facts tables (CSV). Repeatable: the sources are merged into one world.
        #[arg(long, value_name = "FILE", required = true)]
        facts: Vec<PathBuf>,
        /// A screening list to add listings from: the Consolidated Screening List as
        /// published (CSV or JSON); repeatable. Parties link to entries by `same_as`/`ids`.
        #[arg(long, value_name = "FILE")]
        lists: Vec<PathBuf>,
        /// The shipment to explain.
        #[arg(long, value_name = "ID")]
        shipment: String,
        /// Evaluate as of this date instead of the shipment's.
        #[arg(long, value_name = "DATE", value_parser = date)]
        as_of: Option<jiff::civil::Date>,
        /// A draft amendment layered over the policies; repeatable.
        #[arg(long = "with", value_name = "FILE")]
        with: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
        format: ExplainFormat,
        /// Show only these rules: `applied`, the rules that applied.
        #[arg(long, value_enum, value_name = "RULES")]
        only: Option<ExplainOnly>,
        /// A short form for one screen: the outcome, and the findings of the
        /// policies that control the shipment with every reason (text and Markdown).
        #[arg(long)]
        short: bool,
        /// Decide under a reading's alternative instead of the reading chosen:
        /// `TAG=alternative` (repeatable; `edict readings` lists the tags).
        #[arg(long = "reading", value_name = "TAG=alternative")]
        reading: Vec<crate::readings::Choice>,
    },
    /// Show how shipments' outcomes change over time.
    #[command(
        after_help = "Examples:\n  edict timeline --facts examples/dysprosium-trader/facts.json --shipment R-2025-1015-CHAIN\n  edict timeline --facts examples/dysprosium-trader/facts.json --from 2025-01-01 --to 2027-12-31\n  edict timeline --facts examples/servo-motors/facts.json --with examples/drafts/extend-70.edict\n\nChange points are computed exactly from every date in the policies and the facts.\nExit status: 0 on success, 1 when the policies or facts are invalid, 2 on a usage error."
    )]
    Timeline {
        /// Policy files or folders (default: the bundled policies).
        paths: Vec<PathBuf>,
        /// The facts: a facts file (JSON; `-` reads standard input) or a folder of
        /// facts tables (CSV). Repeatable: the sources are merged into one world.
        #[arg(long, value_name = "FILE", required = true)]
        facts: Vec<PathBuf>,
        /// A screening list to add listings from: the Consolidated Screening List as
        /// published (CSV or JSON); repeatable. Parties link to entries by `same_as`/`ids`.
        #[arg(long, value_name = "FILE")]
        lists: Vec<PathBuf>,
        /// Only this shipment, with the reasons of each change.
        #[arg(long, value_name = "ID")]
        shipment: Option<String>,
        /// First day of the range (default: unbounded).
        #[arg(long, value_name = "DATE", value_parser = date)]
        from: Option<jiff::civil::Date>,
        /// Last day of the range (default: unbounded).
        #[arg(long, value_name = "DATE", value_parser = date)]
        to: Option<jiff::civil::Date>,
        /// A draft amendment layered over the policies; repeatable.
        #[arg(long = "with", value_name = "FILE")]
        with: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TimelineFormat::Text)]
        format: TimelineFormat,
        /// Decide under a reading's alternative instead of the reading chosen:
        /// `TAG=alternative` (repeatable; `edict readings` lists the tags).
        #[arg(long = "reading", value_name = "TAG=alternative")]
        reading: Vec<crate::readings::Choice>,
    },
    /// Show what changed between two versions of the law, and which shipments change outcome.
    #[command(
        after_help = "Examples:\n  edict diff --with examples/drafts/extend-70.edict --facts examples/servo-motors/facts.json\n  edict diff policies/ --with examples/drafts/lower-61-threshold.edict --witness\n  edict diff --with examples/drafts/add-holmium-61.edict --witness --witness-dir witnesses/\n\nOLD and NEW are two complete versions of the law (files or folders, e.g. a checkout's\npolicies/ before and after a change). With --with, the bundled policies (or OLD) are\ncompared with themselves plus the drafts.\nExit status, as diff(1): 0 when there is no semantic difference, 1 when there is,\n2 on invalid input or a usage error."
    )]
    Diff {
        /// The old policies (file or folder).
        old: Option<PathBuf>,
        /// The new policies (file or folder).
        new: Option<PathBuf>,
        /// A draft amendment layered over OLD (or the bundled policies) to make NEW; repeatable.
        #[arg(long = "with", value_name = "FILE")]
        with: Vec<PathBuf>,
        /// Also evaluate these facts (a facts file, `-` for standard input, or a folder of
        /// tables; repeatable, merged) under both and list the shipments whose outcome changes.
        #[arg(long, value_name = "FILE")]
        facts: Vec<PathBuf>,
        /// A screening list to add listings from: the Consolidated Screening List as
        /// published (CSV or JSON); repeatable. Parties link to entries by `same_as`/`ids`.
        #[arg(long, value_name = "FILE")]
        lists: Vec<PathBuf>,
        /// Evaluate every shipment as of this date.
        #[arg(long, value_name = "DATE", value_parser = date)]
        as_of: Option<jiff::civil::Date>,
        /// For each changed rule, write a minimal facts file whose outcome differs.
        #[arg(long)]
        witness: bool,
        /// Where to write witnesses (default: print them).
        #[arg(long, value_name = "DIR", requires = "witness")]
        witness_dir: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Compare the policies (OLD, or the bundled ones) with themselves under a
        /// reading's alternative: `TAG=alternative` (repeatable; replaces NEW and --with).
        #[arg(long = "reading", value_name = "TAG=alternative")]
        reading: Vec<crate::readings::Choice>,
    },
    /// Render the policies in plain English for legal review.
    #[command(
        after_help = "Examples:\n  edict render > policies.md                           # the bundled policies, one Markdown text\n  edict render policies/ --format markdown -o review/  # one file per policy\n  edict render --format html -o review/                # review/index.html, one page\n  edict render --with examples/drafts/add-holmium-61.edict > with-draft.md\n\nExit status: 0 on success, 1 when the policies are invalid, 2 on a usage error."
    )]
    Render {
        /// Policy files or folders (default: the bundled policies).
        paths: Vec<PathBuf>,
        /// A draft amendment layered over the policies; repeatable.
        #[arg(long = "with", value_name = "FILE")]
        with: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = render::RenderFormat::Markdown)]
        format: render::RenderFormat,
        /// Write into this folder (created if needed) instead of stdout.
        #[arg(short = 'o', long = "out", value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Rewrite policy files in the canonical layout.
    #[command(
        after_help = "Examples:\n  edict fmt policies/\n  edict fmt --check policies/ examples/drafts/extend-70.edict\n  edict fmt --diff policies/\n\nFiles with syntax errors are reported and left alone. With --check, nothing is written:\nthe files that would change are listed on stdout; with --diff, the changes are printed\nthere as a unified diff. A symbolic link's target is formatted; devices and FIFOs are refused.\nExit status: 0 when every file is (now) formatted, 1 when a file has errors or, with\n--check or --diff, would change, 2 on a usage error."
    )]
    Fmt {
        /// Policy files or folders (searched for *.edict).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Change nothing; exit with 1 when a file is not formatted.
        #[arg(long)]
        check: bool,
        /// Change nothing; print a unified diff of what would change and
        /// exit with 1 when there is one.
        #[arg(long, conflicts_with = "check")]
        diff: bool,
    },
    /// Run the tests of *.test.edict files against the policies beside them.
    #[command(
        after_help = "Examples:\n  edict test                                   # policies/: the bundled library's own tests\n  edict test examples/policy-tests/            # a small policy and its tests\n  edict test policies/ --filter dysprosium-trader-2025\n  edict test examples/policy-tests/ --filter threshold\n  edict test examples/policy-tests/ --format junit > report.xml\n  edict test examples/policy-tests/ --coverage-min 100\n  edict test examples/policy-tests/ --coverage --format html -o coverage/   # coverage/index.html\n  edict test examples/policy-tests/ --mutants\n\nPATHS are test files or folders, searched for *.test.edict (tests) and the other *.edict\nfiles (the policies under test; the bundled library when there are none). Without PATHS,\nthe policies/ folder of the current directory. Paths inside a test file are relative to it.\nTests run in parallel; a failed expectation is one line (expected and actual outcome, the\ndeciding rules) followed by the explanation of the shipment, and the run ends with\n`N passed, N failed`. --coverage adds which provisions the tests exercise: rules seen\napplying and not, each `and` operand seen holding and failing while the others hold, each\n`or` alternative seen holding alone, each content or ownership threshold at, below and above, each date\nedge on its day before and its first day, each exception and escalation taking effect and each\n`yields to` yielding; --format html writes it as a page (the policy text with each provision\nmarked), --format markdown as a list. --mutants, when every test passes, makes small\nlegal mutations of the policies (thresholds, comparators, operands, outcomes, dates, rules,\nyields, exemptions, lists of a listing test, classes and elements of category lines) and\nlists those no test notices; a draft layered with --with, or by a test's `with`, is mutated too.\nExit status: 0 when every test passed, 1 when a test failed (or coverage is below\n--coverage-min), 2 on invalid input (a test,\nits facts or the policies) or a usage error."
    )]
    Test {
        /// Test files or folders (default: policies/).
        paths: Vec<PathBuf>,
        /// Run only the tests whose id or title contains this text (ignoring case).
        #[arg(long, value_name = "TEXT")]
        filter: Option<String>,
        /// Decide every test's shipments as of this date, unless the test says `as of`.
        #[arg(long, value_name = "DATE", value_parser = date)]
        as_of: Option<jiff::civil::Date>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TestFormat::Text)]
        format: TestFormat,
        /// Report which provisions the tests exercise: rules applied and not, `and`
        /// operands and `or` alternatives, thresholds at and around, date edges.
        #[arg(long)]
        coverage: bool,
        /// Fail (exit 1) when the coverage is below PCT percent; implies --coverage.
        #[arg(long, value_name = "PCT", value_parser = coverage_percent)]
        coverage_min: Option<rust_decimal::Decimal>,
        /// When every test passes, mutate the policies (thresholds by a basis point,
        /// comparators, operands, outcomes, dates by a day, rules removed) and list the
        /// mutants no test notices.
        #[arg(long)]
        mutants: bool,
        /// Decide under a reading's alternative instead of the reading chosen:
        /// `TAG=alternative` (repeatable; `edict readings` lists the tags).
        #[arg(long = "reading", value_name = "TAG=alternative")]
        reading: Vec<crate::readings::Choice>,
        /// With --format html or markdown: write index.html or coverage.md into
        /// this folder (created if needed) instead of stdout.
        #[arg(short = 'o', long = "out", value_name = "DIR")]
        out: Option<PathBuf>,
        /// A draft amendment layered over the policies for every test; repeatable.
        /// With --mutants, what the draft writes is mutated too.
        #[arg(long = "with", value_name = "FILE")]
        with: Vec<PathBuf>,
    },
    /// Which readings (interpretive choices) a portfolio's outcomes depend on.
    #[command(
        after_help = "Examples:\n  edict readings --facts examples/dysprosium-trader/facts.json\n  edict readings --facts examples/servo-motors/facts.json --as-of 2026-11-10 --format markdown > readings.md\n  edict readings --facts examples/servo-motors/facts.json --format json\n\nEach reading whose alternative is written as edict (`for \"…\" read \"…\"`) is evaluated: the\nshipments whose outcome changes under it, stricter or looser; then the pairs of alternatives\nwhose joint effect is not what the two do alone (pairs of which at least one changes a shipment).\nExit status: 0 on success, 1 when the policies or facts are invalid, 2 on a usage error."
    )]
    Readings {
        /// Policy files or folders (default: the bundled policies).
        paths: Vec<PathBuf>,
        /// The facts: a facts file (JSON; `-` reads standard input) or a folder of
        /// facts tables (CSV). Repeatable: the sources are merged into one world.
        #[arg(long, value_name = "FILE", required = true)]
        facts: Vec<PathBuf>,
        /// Evaluate every shipment as of this date instead of its own.
        #[arg(long, value_name = "DATE", value_parser = date)]
        as_of: Option<jiff::civil::Date>,
        /// A draft amendment layered over the policies; repeatable.
        #[arg(long = "with", value_name = "FILE")]
        with: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReadingsFormat::Text)]
        format: ReadingsFormat,
    },
    /// Serve the law over HTTP: decisions, explanations, diffs, policies (see docs/openapi.json).
    #[command(
        after_help = "Examples:\n  edict serve                                                      # the bundled law on 127.0.0.1:8080\n  edict serve policies/ --with examples/drafts/extend-70.edict --listen 127.0.0.1:9000\n  edict serve --check --max-body 8MiB --deadline 5s                # check the law and settings, then exit\n\nThen: curl --data-binary @examples/servo-motors/facts.json http://127.0.0.1:8080/v1/decisions\nThe law is reloaded on SIGHUP and when its files change (checked every --watch); a\nreload that does not check keeps the law being served (GET /health says why).\nSIGTERM or ctrl-c stops it after the requests in flight. A request larger than\n--max-body is refused (413); one not done within --deadline is answered 504 (503\nwhen it waited that long for one of the --concurrency turns); a malformed one gets\n400 with the diagnostics of --message-format json.\nExit status: 0 when stopped, 1 when the policies are invalid, 2 on a usage error\n(e.g. the address is taken)."
    )]
    Serve {
        /// Policy files or folders (default: the bundled policies).
        paths: Vec<PathBuf>,
        /// A draft amendment layered over the policies; repeatable.
        #[arg(long = "with", value_name = "FILE")]
        with: Vec<PathBuf>,
        /// The address to listen on (port 0: any free port, printed at start).
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        /// The largest request body accepted (bytes, or e.g. 512KiB, 16MiB).
        #[arg(long, value_name = "SIZE", default_value = "32MiB", value_parser = serve::size)]
        max_body: usize,
        /// How long a request may take (e.g. 30s, 500ms).
        #[arg(long, value_name = "TIME", default_value = "30s", value_parser = serve::duration)]
        deadline: std::time::Duration,
        /// How many requests are worked on at once (default: one per core); others wait their turn.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        concurrency: Option<u16>,
        /// How often the policy files are checked for changes (0: never; SIGHUP still reloads).
        #[arg(long, value_name = "TIME", default_value = "2s", value_parser = serve::duration)]
        watch: std::time::Duration,
        /// Load and check the law and the settings, say what would be served, and exit.
        #[arg(long)]
        check: bool,
    },
    /// Print a shell completion script for edict's commands and options.
    #[command(
        after_help = "Examples:\n  edict completions bash > edict.bash\n  edict completions zsh > _edict\n  edict completions fish > edict.fish\n\nInstall the script where your shell looks for completions, e.g.\n~/.local/share/bash-completion/completions/edict, a folder of $fpath for zsh's _edict,\nor ~/.config/fish/completions/edict.fish.\nExit status: 0 on success, 2 on a usage error."
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print edict's manual page (roff) on standard output.
    #[command(
        after_help = "Examples:\n  edict man > edict.1\n\nRead it with `man -l edict.1`, or install it as man1/edict.1 in a folder of manpath(1).\nExit status: 0 on success, 2 on a usage error."
    )]
    Man,
    /// Propose links between the facts' parties and list entries by name, for a person to confirm.
    #[command(
        after_help = "Examples:\n  edict match --facts examples/match/facts.json --lists examples/erp-export/csl.csv --lists examples/match/entities.ftm.json\n  edict match --facts examples/erp-export/erp --lists examples/erp-export/csl.csv --format json\n\nNames are compared after normalisation (case, punctuation, company forms such as Co., Ltd.,\nGmbH or 有限公司, transliteration) and scored 0 to 1 (lower when the countries differ).\nNothing is linked: to confirm a candidate, add the `same_as` shown to the party's attributes.\nExit status: 0 on success (with or without candidates), 1 when the facts or lists are\ninvalid, 2 on a usage error."
    )]
    Match {
        /// The facts file (JSON) or folder of facts tables (CSV) whose parties to match;
        /// repeatable (the sources are merged into one world).
        #[arg(long, value_name = "FILE", required = true)]
        facts: Vec<PathBuf>,
        /// A list file to match against: the Consolidated Screening List (CSV or JSON)
        /// or FollowTheMoney entities (JSON lines); repeatable.
        #[arg(long, value_name = "FILE", required = true)]
        lists: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = MatchFormat::Text)]
        format: MatchFormat,
    },
    /// Work with facts: convert a facts file to a folder of CSV tables and back.
    #[command(
        after_help = "Examples:\n  edict facts convert examples/servo-motors/facts.json --out servo-csv/\n  edict facts convert examples/erp-export/erp/ --out facts.json\n  edict facts convert examples/erp-export/erp/\n\nA folder of tables is written as one facts file (standard output without --out); a facts\nfile is written as the tables of a folder (--out DIR). Read back, either gives the same facts.\nSeveral inputs are merged into one world, as a repeated --facts merges them (--to chooses the form).\nExit status: 0 on success, 1 when the facts are invalid, 2 on a usage error."
    )]
    Facts {
        /// What to do.
        #[command(subcommand)]
        action: FactsAction,
    },
    /// Serve editors: a language server (LSP) over standard input and output.
    #[command(
        after_help = "Examples:\n  edict lsp < examples/lsp/session.jsonl   # replay a recorded session: hover, then exit\n\nAn editor starts `edict lsp` itself (see the README's editor set-up). It checks the\n*.edict files of the workspace together with the bundled library, as you type: the\nchecker's diagnostics and fixes, hovers in the law's words, go to definition,\nreferences, completion, outline, folding, semantic colours and formatting.\nExit status: 0 after the editor's shutdown and exit, 1 when the session breaks off."
    )]
    Lsp,
}

/// What `edict facts` does.
#[derive(Debug, Subcommand)]
pub enum FactsAction {
    /// Write a facts file as a folder of CSV tables, or a folder of tables as a facts file.
    #[command(
        after_help = "Examples:\n  edict facts convert examples/servo-motors/facts.json --out servo-csv/\n  edict facts convert examples/erp-export/erp/ --out facts.json\n  edict facts convert master.json erp/ --out world.json   # merged, as --facts merges\n\nExit status: 0 on success, 1 when the facts are invalid, 2 on a usage error."
    )]
    Convert {
        /// Facts files (JSON) or folders of facts tables (CSV); several are merged into one world,
        /// as with a repeated --facts.
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// Where to write: a folder for tables, a file for JSON (default: standard output).
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// The form to write (default: tables when every input is a facts file, JSON otherwise).
        #[arg(long, value_enum)]
        to: Option<FactsForm>,
    },
}

/// The forms of a world of facts `edict facts convert` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FactsForm {
    /// One facts file (JSON).
    Json,
    /// A folder of CSV tables.
    Csv,
}

/// Output formats of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// Indented plain text.
    Text,
    /// JSON.
    Json,
    /// A Markdown document to file.
    Markdown,
}

/// Which rules `explain --only` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainOnly {
    /// The rules that applied.
    Applied,
}

/// Output formats of `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable table.
    Text,
    /// The decision JSON of the facts contract.
    Json,
    /// One decision a line, each the JSON object of a decision of the contract.
    Jsonl,
}

/// Output formats of `test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    /// One line per failed expectation with the explanation, then `N passed, N failed`.
    Text,
    /// Every test with its status and failures.
    Json,
    /// JUnit XML, for CI systems.
    Junit,
    /// The coverage as one HTML page: the policy text with each provision marked
    /// (implies --coverage; the run's text goes to stderr).
    Html,
    /// The coverage as Markdown: the scores and each provision not covered
    /// (implies --coverage; the run's text goes to stderr).
    Markdown,
}

/// Output formats of `match`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatchFormat {
    /// Each party with candidates, each candidate with its score and the `same_as` that confirms it.
    Text,
    /// The same as one JSON object.
    Json,
}

/// Output formats of `timeline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineFormat {
    /// Each interval from its first to its last day, with the reasons of each change.
    Text,
    /// One object per shipment: its intervals (`from`, `through` inclusive, `until`
    /// exclusive), the overall and per-policy outcomes and the reasons.
    Json,
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// One line per changed policy, rule or category, with details, then the impact.
    Text,
    /// One object: `diff` (the changes), `impact` with --facts, `witnesses` with --witness.
    Json,
}

/// Output formats of `readings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReadingsFormat {
    /// The headline, then each reading that matters with its shipments.
    Text,
    /// Every reading with its impact, and the interactions.
    Json,
    /// A memo: the headline, a table of readings, each reading's shipments.
    Markdown,
}

/// Reads `--coverage-min`: a percentage from 0 to 100, `%` optional.
fn coverage_percent(text: &str) -> Result<rust_decimal::Decimal, String> {
    let number = text.trim().trim_end_matches('%');
    match number.parse::<rust_decimal::Decimal>() {
        Ok(p) if p >= rust_decimal::Decimal::ZERO && p <= rust_decimal::Decimal::ONE_HUNDRED => Ok(p),
        _ => Err(format!("`{text}` is not a percentage from 0 to 100")),
    }
}

/// Reads a `--as-of`, `--from` or `--to` date as the facts file's dates are
/// read, so that a mistake gets the same words ("February 2025 has 28 days").
fn date(text: &str) -> Result<jiff::civil::Date, String> {
    crate::facts::read_date(text)
}

/// Runs a parsed command line; returns the exit status.
pub fn run(cli: Cli) -> u8 {
    report::configure(cli.color, cli.message_format, cli.quiet, cli.verbose);
    let status = run_command(cli);
    report::finish();
    status
}

fn run_command(cli: Cli) -> u8 {
    match cli.command {
        Command::Check { paths, with } => check::run(&paths, &with),
        Command::Eval {
            paths,
            facts,
            lists,
            as_of,
            format,
            shipments,
            with,
            threads,
            reading,
            needed,
        } => {
            io::use_lists(lists);
            eval::run(
                &paths,
                &with,
                &reading,
                (&facts, shipments.as_deref()),
                as_of,
                (format, needed),
                threads,
            )
        }
        Command::Explain {
            paths,
            facts,
            lists,
            shipment,
            as_of,
            with,
            format,
            only,
            short,
            reading,
        } => {
            io::use_lists(lists);
            explain::run(&paths, &with, &reading, &facts, &shipment, as_of, (format, only, short))
        }
        Command::Timeline {
            paths,
            facts,
            lists,
            shipment,
            from,
            to,
            with,
            format,
            reading,
        } => {
            io::use_lists(lists);
            timeline::run(&paths, &with, &reading, &facts, shipment.as_deref(), (from, to), format)
        }
        Command::Diff {
            old,
            new,
            with,
            facts,
            lists,
            as_of,
            witness,
            witness_dir,
            format,
            reading,
        } => {
            io::use_lists(lists);
            diff::run(diff::Args {
                old,
                new,
                with,
                facts,
                as_of,
                witness,
                witness_dir,
                format,
                reading,
            })
        }
        Command::Render {
            paths,
            with,
            format,
            out,
        } => render::run(&paths, &with, format, out.as_deref()),
        Command::Fmt { paths, check, diff } => fmt::run(
            &paths,
            match (check, diff) {
                (true, _) => fmt::Mode::Check,
                (_, true) => fmt::Mode::Diff,
                _ => fmt::Mode::Write,
            },
        ),
        Command::Test {
            paths,
            filter,
            as_of,
            format,
            coverage,
            coverage_min,
            mutants,
            reading,
            out,
            with,
        } => test::run_tests(
            (&paths, &with),
            filter,
            as_of,
            (format, out.as_deref()),
            (coverage || coverage_min.is_some() || matches!(format, TestFormat::Html | TestFormat::Markdown))
                .then_some(coverage_min),
            (mutants, &reading),
        ),
        Command::Serve {
            paths,
            with,
            listen,
            max_body,
            deadline,
            concurrency,
            watch,
            check,
        } => serve::run(serve::Args {
            paths,
            with,
            listen,
            max_body,
            deadline,
            concurrency,
            watch,
            check,
        }),
        Command::Readings {
            paths,
            facts,
            as_of,
            with,
            format,
        } => readings::run(&paths, &with, &facts, as_of, format),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man => completions::man(),
        Command::Facts {
            action: FactsAction::Convert { inputs, out, to },
        } => facts::convert(&inputs, out.as_deref(), to),
        Command::Match { facts, lists, format } => matching::run(&facts, &lists, format),
        Command::Lsp => match crate::lsp::run() {
            Ok(()) => EXIT_OK,
            Err(e) => {
                out::stderr_line(&format!("edict lsp: {e}"));
                EXIT_INVALID
            }
        },
    }
}
