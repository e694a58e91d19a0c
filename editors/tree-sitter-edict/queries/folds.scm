; Folds: the header, each item, each test, a condition, inline facts.
[
  (header)
  (category)
  (country_group)
  (rule_decl)
  (amendment)
  (when)
  (test)
  (json_object)
] @fold
