"""huabao surfaces."""
