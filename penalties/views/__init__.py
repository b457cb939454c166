"""Pages of the penalties app, split by subject (benchmarks, spreadsheets, first-offence
list, catalogue). Every lookup goes through the permission-filtered selectors: another
agency's objects, and pages a role may not use, are 404."""
