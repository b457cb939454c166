"""Pages of the officers app (split by subject: staff, records, agency)."""
