"""Report figures: one definition of each, read by pages, the portal, PDF and Excel."""
