"""Opening another database from the window, team servers, and what a read-only login sees."""
