"""Views of the portal: public pages (`public`, `evaluation`, `complaints`) and the staff
pages that handle complaints, commitments and legal aid referrals (`staff`)."""
