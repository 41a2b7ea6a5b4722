"""Reference data and the action catalogue: ``actions`` (lists, vocabulary, importing an
official list), ``edit`` (renumber, merge, split, retire), ``lineage`` (which action a number
means now) and ``seed`` (the default catalogue, loaded once)."""
