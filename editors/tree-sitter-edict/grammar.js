/**
 * @file The edict policy language, and its test files (`*.test.edict`).
 * @license Apache-2.0
 *
 * Written from the pest grammars in `grammar/edict.pest` (policies) and
 * `grammar/suite.pest` (test files); node names are the pest rule names, and
 * pest's silent rules (`_name`) are hidden here too. Like the pest grammar,
 * this one is looser than the language: outcome words, country codes,
 * element symbols and references are plain words, and the checker
 * (`edict check`, `edict lsp`) judges them.
 *
 * Differences from pest, all of them for an editor's sake:
 * - pest parses each item on its own (a file is split at item keywords in
 *   column 0); here a file is one tree, so an item may start anywhere.
 * - a policy file may lack its header (a draft being written), and inline
 *   facts in a test file (`facts { … }`) are parsed as JSON, which pest
 *   leaves to serde.
 * - pest refuses a keyword as a name (`!keyword`); here a keyword is a name
 *   wherever a keyword is not expected, and the few places where a list of
 *   names and the next clause both accept `and`, `or` or `,` are declared as
 *   conflicts that the parser resolves by reading on (GLR).
 */

/// A list of `item` joined by commas and, at the end, by `and` or `or`.
function joined(item, joiner) {
  return seq(item, repeat(seq(',', item)), optional(seq(optional(','), joiner, item)));
}

module.exports = grammar({
  name: 'edict',

  extras: $ => [/\s/, $.comment],

  word: $ => $.identifier,

  conflicts: $ => [
    // `of Sm and Co, of Tb …`: a comma continues the names or the composition.
    [$.name_list],
    [$.code_list],
    // `… is on a or b`: `or` joins names or conditions.
    [$.place_list],
    // `directly or indirectly`, `individually or in aggregate` against `or <condition>`.
    [$.ownership_reach, $.indirectly],
    [$.ownership_aggregation, $.in_aggregate],
    [$.ownership_owners],
  ],

  rules: {
    source_file: $ => optional(choice($._policy_file, $._test_file)),

    _policy_file: $ => choice(seq($.header, repeat($._item)), repeat1($._item)),

    // ───────────────────────── tokens ─────────────────────────

    /// `# a comment`
    comment: _ => token(seq('#', /.*/)),

    /// A name: a policy, rule, category, list or tag id.
    identifier: _ => /[A-Za-z][A-Za-z0-9_-]*/,

    /// A reference, optionally qualified by a policy id (`cn-mofcom-2025-61.part-1`).
    reference: $ => seq(
      optional(seq(field('policy', $.identifier), token.immediate('.'))),
      field('name', $.identifier),
    ),

    /// A classification code (`1C902.a`, `permanent-magnet`): a plain name,
    /// or a word with dots or a leading digit.
    code: $ => choice($.identifier, $._code_word),
    _code_word: _ => /[A-Za-z0-9]([A-Za-z0-9_-]|\.[A-Za-z0-9])*/,

    /// `2025-12-01`
    date: _ => /\d{4}-\d{2}-\d{2}/,
    /// `0.1%`
    percent: _ => /-?\d+(\.\d+)?%/,
    /// `14`, `0.05`
    number: _ => /-?\d+(\.\d+)?/,
    /// A quoted text; `\"` and `\\` are escapes, and it may span lines.
    string: _ => token(seq('"', repeat(choice(/[^"\\]/, /\\(.|\n)/)), '"')),
    boolean: _ => choice('true', 'false'),

    article: _ => choice('a', 'an'),
    name_list: $ => joined($.reference, $.list_joiner),
    list_joiner: _ => choice('and', 'or'),
    code_list: $ => joined($.code, $.list_joiner),

    // ───────────────────────── header ─────────────────────────

    /// `policy <id>` and its properties.
    header: $ => seq('policy', field('name', $.identifier), repeat($._header_property)),
    _header_property: $ => choice(
      $.title, $.authority, $.jurisdiction, $.issued, $.source, $.citation,
      $.window, $.quote, $.note, $.reading,
    ),
    title: $ => seq('title', $.string),
    authority: $ => seq('authority', $.string),
    jurisdiction: $ => seq('jurisdiction', $.identifier),
    issued: $ => seq('issued', $.date),
    source: $ => seq('source', $.string),
    citation: $ => seq('cite', 'as', $.string),
    /// `in force from 2025-12-01 until 2026-01-01`
    // Greedy, as pest is: `new window in force from …` takes the `from`.
    window: $ => prec.right(seq('in', 'force', optional(seq('from', $.date)), optional($.window_end))),
    window_end: $ => choice($.until_end, $.through_end),
    until_end: $ => seq('until', $.date),
    through_end: $ => seq('through', $.date),
    quote: $ => seq('quote', $.string),
    note: $ => seq('note', $.string),
    /// `reading A-ROLLUP "…" alternative "…" for "…" read "…"`
    reading: $ => seq(
      'reading', field('tag', $.code), $.string,
      optional(seq('alternative', $.string, repeat($.substitution))),
    ),
    substitution: $ => seq('for', $.string, 'read', $.string),

    _item: $ => choice($.category, $.tag_decl, $.country_group, $.rule_decl, $.amendment),

    // ───────────────────────── declarations ─────────────────────────

    category: $ => seq(
      'category', field('name', $.identifier), optional($.string),
      repeat(choice($.quote, $.note, $.reading)),
      repeat1($.member),
    ),
    member: $ => seq('any', choice($.member_in, $.member_classed, $.member_form)),
    member_in: $ => seq('item', 'in', $.reference),
    member_classed: $ => seq('item', 'classed', $.code_list),
    // `item` is a form too (`any item containing Sm`), as in pest.
    member_form: $ => seq(
      choice($.code, alias('item', $.code)), optional($.composition), optional($.with_component),
    ),
    composition: $ => joined($.composition_part, $.or_word),
    or_word: _ => 'or',
    composition_part: $ => seq(choice('of', 'containing'), $.name_list),
    with_component: $ => seq('with', $.article, 'component', 'in', $.reference),

    tag_decl: $ => seq($.tag_kind, field('name', $.code), optional($.string)),
    tag_kind: _ => choice('list', seq('end', 'use'), 'kind', 'class', 'technology'),
    country_group: $ => seq(
      'country', 'group', field('name', $.identifier), optional($.string), 'of', $.name_list,
    ),

    // ───────────────────────── rules ─────────────────────────

    rule_decl: $ => seq(
      'rule', field('name', $.identifier), optional($.string), repeat($._rule_clause),
    ),
    _rule_clause: $ => choice(
      $.window, $.quote, $.note, $.reading, $.effect, $.yields, $.replaces, $.when,
    ),
    effect: $ => choice($.outcome_effect, $.raises_effect, $.exempts_effect),
    outcome_effect: $ => seq('outcome', field('outcome', $.identifier), optional($.listing_attribute)),
    listing_attribute: $ => seq(
      'or', 'the', "listing's", field('attribute', $.identifier), ',', 'whichever', 'is', 'stricter',
    ),
    raises_effect: $ => seq(
      'raises', $.article,
      choice(seq('required', 'licence'), seq('licence', 'required', 'by', $.name_list)),
      'to', field('outcome', $.identifier),
    ),
    exempts_effect: $ => seq('exempts', $.name_list),
    yields: $ => seq('yields', 'to', $.name_list),
    replaces: $ => seq('replaces', $.reference, optional(seq('from', $.date))),
    when: $ => seq('when', $.condition),

    // ───────────────────────── conditions ─────────────────────────

    condition: $ => seq($.term, repeat(seq($.connective, $.term))),
    connective: _ => choice('and', 'or'),
    term: $ => seq(optional($.negation), choice($.group, $._atom)),
    negation: _ => 'not',
    group: $ => seq('(', $.condition, ')'),

    _atom: $ => choice(
      $.content_share,
      $.item_made_with, $.item_origin, $.item_in, $.item_contains, $.item_classed,
      $.item_component, $.item_attribute,
      $.destination, $.country_of_export, $.end_use, $.shipment_attribute, $.evaluation_date,
      $.party_attribute, $.party_owned, $.party_on, $.party_kind, $.party_country,
    ),

    content_share: $ => seq(
      'the', 'value', 'of', 'components', 'in', $.reference, optional($.origin_filter),
      choice('is', 'are'), $.share_comparator, $.percent, 'of', 'the', "item's", 'value',
    ),
    origin_filter: $ => seq('originating', $.place_relation, $.place_list),
    share_comparator: $ => choice($.at_least, $.more_than, $.at_most, $.below),
    at_least: _ => seq('at', 'least'),
    more_than: _ => seq('more', 'than'),
    at_most: _ => seq('at', 'most'),
    below: _ => choice('below', seq('less', 'than')),

    // pest: subject_item ~ (item_made_with | …); here the subject is part
    // of each atom, so that every atom is one node.
    item_origin: $ => seq(
      'the', 'item', choice(seq('is', 'made'), 'originates'), $.place_relation, $.place_list,
    ),
    place_relation: _ => choice('in', 'outside'),
    place_list: $ => joined($.reference, $.or_word),
    item_in: $ => seq('the', 'item', 'is', 'in', $.reference),
    item_contains: $ => seq('the', 'item', 'contains', $.name_list),
    item_classed: $ => seq('the', 'item', 'is', 'classed', $.code_list),
    item_made_with: $ => seq(
      'the', 'item', 'is', 'made', 'with', optional($.name_list), 'technology', 'from', $.place_list,
    ),
    item_component: $ => seq(
      'the', 'item', 'has', $.article, 'component', 'in', $.reference, optional($.origin_filter),
    ),
    item_attribute: $ => seq('the', "item's", $.attribute_test),

    destination: $ => seq(
      'the', 'destination', 'is', $.place_relation, choice($.export_country, $.place_list),
    ),
    export_country: _ => seq('the', 'country', 'of', 'export'),
    country_of_export: $ => seq(
      'the', 'country', 'of', 'export', 'is', $.place_relation, $.place_list,
    ),
    end_use: $ => seq('the', 'end', 'use', choice('is', 'includes'), $.name_list),
    shipment_attribute: $ => seq('the', "shipment's", $.attribute_test),
    evaluation_date: $ => seq('the', 'date', 'is', $.date_comparator, $.date),
    date_comparator: $ => choice($.on_or_before, $.on_or_after, $.before, $.after),
    on_or_before: _ => seq('on', 'or', 'before'),
    on_or_after: _ => seq('on', 'or', 'after'),
    before: _ => 'before',
    after: _ => 'after',

    // pest: party ~ (party_owned | …); here the party is part of each atom.
    party: _ => seq('the', choice(seq('end', 'user'), 'exporter')),
    party_country: $ => seq($.party, 'is', $.place_relation, $.place_list),
    party_kind: $ => seq($.party, 'is', $.article, $.name_list),
    party_on: $ => seq($.party, 'is', 'on', $.name_list),
    party_owned: $ => seq(
      $.party, 'is', 'owned', $.share_comparator, $.percent, 'by', $.ownership_owners,
      optional(seq(',', $.ownership_reach)), optional(seq(',', $.ownership_aggregation)),
    ),
    ownership_owners: $ => choice(
      seq($.kind_owners, optional(seq($.or_word, $.listed_owners))), $.listed_owners,
    ),
    kind_owners: $ => seq($.name_list, 'parties'),
    listed_owners: $ => seq('parties', 'on', $.name_list),
    // pest's `directly` and `individually` are the bare words here. A name
    // list would take them as names (`parties on a, directly`), which pest
    // refuses (they are keywords): the reading as a reach or an
    // aggregation wins.
    ownership_reach: $ => prec.dynamic(1, choice($.indirectly, 'directly')),
    indirectly: _ => seq('directly', 'or', 'indirectly'),
    ownership_aggregation: $ => prec.dynamic(1, choice($.in_aggregate, 'individually')),
    in_aggregate: _ => seq('individually', 'or', 'in', 'aggregate'),
    party_attribute: $ => seq($.party_possessive, $.attribute_test),
    party_possessive: _ => seq('the', choice(seq('end', "user's"), "exporter's")),

    /// `node_nm is at most 14`, `civilian is true`
    attribute_test: $ => seq(
      field('attribute', $.identifier), 'is', choice($.number_test, $.date_test, $.value_equals),
    ),
    number_test: $ => seq($.share_comparator, $.number),
    date_test: $ => seq($.date_comparator, $.date),
    value_equals: $ => choice($.date, $.number, $.string, $.boolean),

    // ───────────────────────── amendments ─────────────────────────

    amendment: $ => seq(
      'amendment', field('name', $.identifier), optional($.string), repeat($._amendment_clause),
    ),
    _amendment_clause: $ => choice(
      $.quote, $.note, $.reading, $.suspends, $.changes, $.extends,
      $.amendment_window, $.set_threshold, $.set_ownership_threshold, $.set_window,
    ),
    suspends: $ => seq('suspends', $.name_list),
    changes: $ => seq('changes', $.reference),
    extends: $ => seq('extends', $.reference, 'with', repeat1($.member)),
    amendment_window: $ => prec.right(seq('from', $.date, optional($.window_end))),
    set_threshold: $ => seq('threshold', $.percent),
    set_ownership_threshold: $ => seq('ownership', 'threshold', $.percent),
    set_window: $ => seq('new', 'window', $.window),

    // ───────────────────────── test files ─────────────────────────

    _test_file: $ => choice(seq($.suite_header, repeat($.test)), repeat1($.test)),
    /// `tests "Title"`
    suite_header: $ => seq('tests', $.string),
    /// `test <id> "<title>"` and its clauses, in any order.
    test: $ => seq('test', field('name', $.identifier), $.string, repeat($._test_clause)),
    _test_clause: $ => choice(
      $.because, $.facts_file, $.facts_inline, $.as_of, $.with_draft, $.under_reading, $.expect,
    ),
    because: $ => seq('because', $.string),
    facts_file: $ => seq('facts', $.string),
    facts_inline: $ => seq('facts', $.json_object),
    as_of: $ => seq('as', 'of', $.date),
    with_draft: $ => seq('with', $.string),
    /// `under reading A-ROLLUP alternative`: the test decides under the reading's alternative.
    /// `under reading` is one token: after an `expect`, a lone `under` opens its policy.
    under_reading: $ => seq(
      alias(token(prec(1, /under[ \t]+reading/)), 'under reading'), field('tag', $.code), 'alternative',
    ),
    /// `expect S-1 licence-required under <policy> by <rule> finding "text"`
    expect: $ => seq(
      'expect', field('shipment', choice($.shipment, $.string)), field('outcome', $.identifier),
      optional($.expect_under), optional($.expect_by), optional($.expect_finding),
    ),
    shipment: _ => /[A-Za-z0-9_.\/:-]+/,
    expect_under: $ => seq('under', field('policy', $.identifier)),
    expect_by: $ => seq('by', $.reference),
    expect_finding: $ => seq('finding', $.string),

    // Inline facts: JSON (the facts format of docs/facts.md).
    json_object: $ => seq('{', optional(seq($.json_pair, repeat(seq(',', $.json_pair)))), '}'),
    json_pair: $ => seq(field('key', alias($.string, $.json_key)), ':', $._json_value),
    json_array: $ => seq('[', optional(seq($._json_value, repeat(seq(',', $._json_value)))), ']'),
    _json_value: $ => choice(
      $.json_object, $.json_array, $.string, $.json_number, $.boolean, $.json_null,
    ),
    json_number: _ => /-?\d+(\.\d+)?([eE][+-]?\d+)?/,
    json_null: _ => 'null',
  },
});
