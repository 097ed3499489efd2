"""Champion invitation campaigns: import a practice list, preview, send exactly once, report."""
