"""What was done, counted: ``history`` (the Actions view, an action's history, dossiers),
``coverage`` (actions x quarters, the dashboard's series), ``report.build_report`` (a progress
report draft) and ``checklist.period_end_checklist``; one set of counting rules for all."""
