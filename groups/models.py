"""The programme and its mentor groups (page types arrive with the groups app's pages)."""
