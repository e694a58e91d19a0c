; Highlighting for edict policy files and test files.
;
; Every token gets exactly one capture (tests/tree_sitter.rs checks it on
; every file the pest grammar accepts), so no two patterns compete and the
; order of the patterns does not matter: Helix lets the first match win,
; Neovim the last. Capture names are Helix's scopes; Neovim falls back
; along the dots (`@constant.numeric` → `@constant`).

(comment) @comment

; ── texts, numbers, dates ──

(string) @string
(json_key) @variable.other.member
(date) @constant.numeric
(number) @constant.numeric
(percent) @constant.numeric
(json_number) @constant.numeric
(boolean) @constant.builtin.boolean
(json_null) @constant.builtin

; ── names where they are declared ──

(header name: (identifier) @namespace)
(category name: (identifier) @type)
(country_group name: (identifier) @type)
(tag_decl name: (code) @type)
(rule_decl name: (identifier) @function)
(amendment name: (identifier) @function)
(test name: (identifier) @function)

; ── names where they are used ──

(reference policy: (identifier) @namespace)
(reference name: (identifier) @variable)
(expect_under policy: (identifier) @namespace)
(jurisdiction (identifier) @constant)
(reading tag: (code) @label)
(under_reading tag: (code) @label)
(member_form (code) @type)
(code_list (code) @constant)
(outcome_effect outcome: (identifier) @constant.builtin)
(raises_effect outcome: (identifier) @constant.builtin)
(expect outcome: (identifier) @constant.builtin)
(expect shipment: (shipment) @constant)
(listing_attribute attribute: (identifier) @variable.other.member)
(attribute_test attribute: (identifier) @variable.other.member)

; ── words ──

[
  "and"
  "or"
  (negation)
] @keyword.operator

[
  "policy" "category" "list" "kind" "class" "technology" "country" "group"
  "rule" "amendment" "tests" "test"
] @keyword.storage.type

[
  "title" "authority" "jurisdiction" "issued" "source" "cite" "quote" "note"
  "reading" "alternative" "for" "read" "outcome" "raises" "exempts" "yields"
  "replaces" "when" "suspends" "changes" "extends" "threshold" "ownership"
  "new" "window" "because" "facts" "expect" "under" "under reading" "finding" "force" "from"
  "until" "through" "as"
] @keyword

[
  "any" "item" "classed" "of" "containing" "component" "end" "use" "the"
  "listing's" "whichever" "is" "stricter" "required" "licence" "by" "to"
  "value" "components" "are" "originating" "at" "least" "more" "than" "most"
  "below" "less" "made" "originates" "has" "item's" "destination" "export"
  "includes" "shipment's" "date" "on" "user" "exporter" "owned" "parties"
  "indirectly" "aggregate" "user's" "exporter's" "outside" "contains" "in"
  "with" "directly" "individually"
  "before" "after"
  (article)
] @keyword.other

; ── punctuation ──

["," ":"] @punctuation.delimiter
"." @punctuation.delimiter
["(" ")" "{" "}" "[" "]"] @punctuation.bracket
