"""The action catalogue: ``actions`` (lists, vocabulary, importing an official list as CSV),
``edit`` (renumber, merge, split, retire), ``lineage`` (which action a number means now),
``seed`` (the default catalogue, loaded once) and ``official_load`` (load the official 2016
and 2017 texts: preview, apply, undo; read by ``official_text`` and its helpers)."""
