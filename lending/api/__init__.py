"""The JSON API (/api/v1) and the personal access tokens it takes."""
