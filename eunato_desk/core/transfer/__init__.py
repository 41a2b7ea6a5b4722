"""CSV in and out: ``export.export_csv`` writes interactions (three layouts, two flavors, a
comma, semicolon or tab between the fields), and ``importer.preview_import`` /
``apply_import`` / ``undo_import`` read them back, all or nothing; ``format`` is the file
format both sides share."""
