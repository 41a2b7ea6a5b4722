"""The reference lists the officer controls: organisations, countries, participants,
interaction types and handling markings.

- ``kinds``: the five lists as one table (model, alias table, what links to an entry, words);
- ``matching``: finding an entry from what was typed (case and accents folded; names,
  acronyms, ISO codes and aliases; exact before partial; retired entries left out of new
  input) — the one home of that rule, for the save path, the CSV import, the list filters,
  the GUI pickers and the command line;
- ``load``: the lists as frozen records (what ``Vocabulary`` carries);
- ``edit``: add, rename, aliases, edit, retire, rank (markings);
- ``merge``: merge one entry into another, moving every link;
- ``history``: the lists with their counts of use, and their history (``reference_change``).
"""
