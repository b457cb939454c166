"""Writes of the portal, one module per subject: complaints (R-71), evaluations (R-65),
commitments and public settings (R-72, R-73), legal aid referrals (R-73)."""
