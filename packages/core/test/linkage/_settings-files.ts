/** Settings used by the accuracy tests and the docs' accuracy table. */
export const febrlSettings = {
  link_type: 'dedupe_only',
  unique_id_column: 'rec_id',
  blocking_rules: [
    ['given_name'],
    ['surname'],
    ['date_of_birth'],
    ['soc_sec_id'],
    ['postcode', 'street_number'],
  ],
  comparisons: [
    { column: 'given_name', kind: 'jaro_winkler', term_frequency: true },
    { column: 'surname', kind: 'jaro_winkler', term_frequency: true },
    { column: 'date_of_birth', kind: 'date' },
    { column: 'soc_sec_id', kind: 'id' },
    { column: 'street_number', kind: 'levenshtein', thresholds: [1] },
    { column: 'address_1', kind: 'jaro_winkler', thresholds: [0.9] },
    { column: 'suburb', kind: 'jaro_winkler', thresholds: [0.9] },
    { column: 'postcode', kind: 'levenshtein', thresholds: [1] },
    { column: 'state', kind: 'exact' },
  ],
  threshold: 0.9,
};

export const fake1000Settings = {
  link_type: 'dedupe_only',
  unique_id_column: 'unique_id',
  blocking_rules: [['first_name'], ['surname'], ['dob'], ['email'], ['city', 'first_name:prefix3']],
  comparisons: [
    { column: 'first_name', kind: 'jaro_winkler', term_frequency: true },
    { column: 'surname', kind: 'jaro_winkler', term_frequency: true },
    { column: 'dob', kind: 'date' },
    { column: 'city', kind: 'exact', term_frequency: true },
    { column: 'email', kind: 'levenshtein', thresholds: [2] },
  ],
  threshold: 0.9,
};
